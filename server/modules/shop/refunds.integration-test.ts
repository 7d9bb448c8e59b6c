import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contracts, orders, refunds, sandboxRefunds } from "../../db/schema/index.ts";
import { settleSandboxPayment } from "../../integrations/payments/sandbox/sandbox-payments.repository.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { requestRefund } from "./refunds.service.ts";
import {
  type Buyer,
  certificateOrder,
  createBuyer,
  createProgramForSale,
  getOrder,
  postOrder,
  pressSandboxButton,
  sandboxPaymentId,
} from "./shop-test-fixtures.ts";

const t = setupTestApp({ env: { PAYMENTS_SANDBOX_SBP_REFUND_SECONDS: "3600" } });

let buyer: Buyer;
let programId: string;

beforeAll(async () => {
  buyer = await createBuyer(t.app, t.database.db);
  programId = (await createProgramForSale(t.database.db)).id;
});

/** A certificate bought and paid by `method`; answers the order id and its payment's id. */
async function paidOrder(method: "bank_card" | "sbp" = "bank_card") {
  const res = await postOrder(t.app, buyer, await certificateOrder(t.app, programId, { method }));
  expect(res.statusCode, res.body).toBe(201);
  const { orderId, confirmationUrl } = res.json();
  const paymentId = sandboxPaymentId(confirmationUrl);
  await pressSandboxButton(t.app, paymentId, "pay");
  await t.app.shop.whenNotified();
  expect((await getOrder(t.app, buyer, orderId)).json().status).toBe("paid");
  return { orderId: orderId as string, paymentId };
}

async function orderRow(orderId: string) {
  const [row] = await t.database.db.select().from(orders).where(eq(orders.id, orderId));
  if (!row) throw new Error("no order");
  return row;
}

function refundByClient(orderId: string) {
  return t.app.inject({
    method: "POST",
    url: `/api/orders/${orderId}/refund`,
    cookies: { rms_session: buyer.cookie },
  });
}

describe("refunds", () => {
  it("returns a certificate bought by card before its start, in full, and annuls it", async () => {
    const { orderId } = await paidOrder();
    expect((await getOrder(t.app, buyer, orderId)).json().canRefund).toBe(true);
    const res = await refundByClient(orderId);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: "refunded",
      refundedKopecks: 290_000,
      canRefund: false,
      refunds: [{ amountKopecks: 290_000, status: "succeeded" }],
    });
    const order = await orderRow(orderId);
    const [contract] = await t.database.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, order.contractId ?? ""));
    expect(contract?.annulledAt).not.toBeNull();
    // «Мои договоры» shows it annulled; it covers nothing (the public check says not valid).
    const detail = await t.app.inject({
      method: "GET",
      url: `/api/contracts/${order.contractId}`,
      cookies: { rms_session: buyer.cookie },
    });
    expect(detail.json().status).toBe("annulled");
    const again = await refundByClient(orderId);
    expect(again.statusCode).toBe(409);
  });

  it("refuses the client's refund once the certificate has started", async () => {
    const { orderId } = await paidOrder();
    const order = await orderRow(orderId);
    await t.database.db
      .update(contracts)
      .set({ startsOn: sql`current_date - 1` })
      .where(eq(contracts.id, order.contractId ?? ""));
    expect((await getOrder(t.app, buyer, orderId)).json().canRefund).toBe(false);
    const res = await refundByClient(orderId);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/контакт-центр/);
  });

  it("keeps an SBP refund pending until the bank returns the money", async () => {
    const { orderId } = await paidOrder("sbp");
    const res = await refundByClient(orderId);
    expect(res.json()).toMatchObject({ status: "paid", refunds: [{ status: "pending" }] });
    // The bank's «next day» comes: the sandbox settles the refund and notifies the shop.
    await t.database.db.update(sandboxRefunds).set({ settlesAt: sql`now() - interval '1 second'` });
    const sandbox = t.app.shop.provider as unknown as { housekeeping(): Promise<void> };
    await sandbox.housekeeping();
    await t.app.shop.whenNotified();
    expect((await getOrder(t.app, buyer, orderId)).json()).toMatchObject({
      status: "refunded",
      refunds: [{ status: "succeeded" }],
    });
  });

  it("returns part of a payment with a receipt, and never more than is left", async () => {
    const { orderId } = await paidOrder();
    const actor = { kind: "system" as const, id: null };
    const part = await requestRefund(t.app.shop, {
      orderId,
      kind: "admin",
      amountKopecks: 90_000,
      reason: "Частичный возврат по жалобе",
      actor,
    });
    expect(part?.status).toBe("succeeded");
    const [sent] = await t.database.db
      .select()
      .from(sandboxRefunds)
      .where(eq(sandboxRefunds.idempotenceKey, part?.idempotenceKey ?? ""));
    expect(sent?.receipt).toMatchObject({ items: [{ amountKopecks: 90_000, quantity: 1 }] });
    expect(await orderRow(orderId)).toMatchObject({
      status: "partially_refunded",
      refundedKopecks: 90_000,
    });
    await expect(
      requestRefund(t.app.shop, {
        orderId,
        kind: "admin",
        amountKopecks: 200_001,
        reason: "x",
        actor,
      }),
    ).rejects.toThrow(/не больше 2\s000,00/);
    const rest = await requestRefund(t.app.shop, {
      orderId,
      kind: "admin",
      reason: "Остаток",
      actor,
    });
    expect(rest?.amountKopecks).toBe(200_000);
    expect(await orderRow(orderId)).toMatchObject({ status: "refunded", refundedKopecks: 290_000 });
  });

  it("refunds a second payment of an order already paid, without counting it", async () => {
    const res = await postOrder(t.app, buyer, await certificateOrder(t.app, programId));
    const { orderId, confirmationUrl } = res.json();
    const cardPayment = sandboxPaymentId(confirmationUrl);
    // The client switched to SBP, but had paid by card in the other tab: both go through.
    const sbp = await t.app.inject({
      method: "POST",
      url: `/api/orders/${orderId}/attempts`,
      cookies: { rms_session: buyer.cookie },
      payload: { method: "sbp" },
    });
    const sbpPayment = sandboxPaymentId(sbp.json().confirmationUrl);
    await pressSandboxButton(t.app, sbpPayment, "pay");
    // SBP's notification first: the card's payment is the second one (refunded at once).
    await t.app.shop.whenNotified();
    await settleSandboxPayment(t.database.db, cardPayment, "succeeded", null);
    const late = await t.app.inject({
      method: "POST",
      url: "/api/payments/notifications/sandbox",
      remoteAddress: "127.0.0.1",
      payload: {
        type: "notification",
        event: "payment.succeeded",
        object: { id: cardPayment, status: "succeeded" },
      },
    });
    expect(late.statusCode).toBe(200);
    await t.app.shop.whenNotified();
    const rows = await t.database.db.select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(rows).toMatchObject([
      { kind: "double_payment", amountKopecks: 290_000, status: "succeeded" },
    ]);
    expect(await orderRow(orderId)).toMatchObject({
      status: "paid",
      paidKopecks: 290_000,
      refundedKopecks: 0,
    });
  });
});
