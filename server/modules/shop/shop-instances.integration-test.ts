import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contracts, orders } from "../../db/schema/index.ts";
import { settleSandboxPayment } from "../../integrations/payments/sandbox/sandbox-payments.repository.ts";
import { createTestClient, signInClient } from "../../test/factories.ts";
import { setupInstances } from "../../test/two-instances.ts";
import { certificateOrder, createProgramForSale, sandboxPaymentId } from "./shop-test-fixtures.ts";

const ORDERS = 30;

// Two instances on one PostgreSQL database, as behind a load balancer: every paid order is
// fulfilled once, whichever instance its notifications reach, and the online series hands out
// each certificate number once.
describe.skipIf(!process.env.TEST_DATABASE_URL)("the shop on two instances", () => {
  const instances = setupInstances({ count: 2 });

  it(`issues ${ORDERS} certificates with ${ORDERS} distinct numbers when every notification reaches both`, async () => {
    const [first, second] = instances.list;
    if (!first || !second) throw new Error("two instances expected");
    const db = first.database.db;
    const client = await createTestClient(db);
    const cookie = await signInClient(first.app, client);
    const programId = (await createProgramForSale(db)).id;
    const paid: { orderId: string; paymentId: string }[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const app = i % 2 === 0 ? first.app : second.app;
      const res = await app.inject({
        method: "POST",
        url: "/api/orders",
        cookies: { rms_session: cookie },
        payload: await certificateOrder(app, programId),
      });
      expect(res.statusCode, res.body).toBe(201);
      const { orderId, confirmationUrl } = res.json();
      const paymentId = sandboxPaymentId(confirmationUrl);
      await settleSandboxPayment(db, paymentId, "succeeded", null);
      paid.push({ orderId, paymentId });
    }
    // Every payment's notification at once, each to both instances.
    const answers = await Promise.all(
      paid.flatMap(({ paymentId }) =>
        [first.app, second.app].map((app) =>
          app.inject({
            method: "POST",
            url: "/api/payments/notifications/sandbox",
            remoteAddress: "127.0.0.1",
            payload: {
              type: "notification",
              event: "payment.succeeded",
              object: { id: paymentId, status: "succeeded" },
            },
          }),
        ),
      ),
    );
    expect(new Set(answers.map((res) => res.statusCode))).toEqual(new Set([200]));
    expect(answers.filter((res) => res.json().outcome === "applied")).toHaveLength(ORDERS);
    const rows = await db
      .select({ status: orders.status, contractId: orders.contractId })
      .from(orders)
      .where(
        inArray(
          orders.id,
          paid.map((order) => order.orderId),
        ),
      );
    expect(rows.every((row) => row.status === "paid" && row.contractId !== null)).toBe(true);
    const issued = await db
      .select({ number: contracts.number })
      .from(contracts)
      .where(
        inArray(
          contracts.id,
          rows.map((row) => row.contractId ?? ""),
        ),
      );
    const numbers = issued.map((row) => row.number);
    expect(new Set(numbers).size).toBe(ORDERS);
    expect(numbers.every((number) => /^11\/9\d{7}$/.test(number))).toBe(true);
  });
});
