import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contracts, orders, paymentAttempts } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { startFakeYookassa } from "../../test/fake-yookassa.ts";
import { recheckQuietAttempts } from "./order-jobs.ts";
import {
  type Buyer,
  certificateOrder,
  createBuyer,
  createProgramForSale,
  getOrder,
  postOrder,
} from "./shop-test-fixtures.ts";

// The shop against ЮKassa's API as the local fake plays it: the same routes and services as with
// the sandbox, with notifications from ЮKassa's addresses (and from others).
const account = { shopId: "123456", secretKey: "test_secret" };
const fake = await startFakeYookassa(account);
const t = setupTestApp({
  env: {
    PAYMENTS_PROVIDER: "yookassa",
    YOOKASSA_SHOP_ID: account.shopId,
    YOOKASSA_SECRET_KEY: account.secretKey,
    YOOKASSA_BASE_URL: fake.baseUrl,
  },
});
afterAll(() => fake.close());

const YOOKASSA_IP = "185.71.76.5";
let buyer: Buyer;
let programId: string;

beforeAll(async () => {
  buyer = await createBuyer(t.app, t.database.db);
  programId = (await createProgramForSale(t.database.db)).id;
});

async function checkout() {
  const res = await postOrder(t.app, buyer, await certificateOrder(t.app, programId));
  expect(res.statusCode, res.body).toBe(201);
  const { orderId, confirmationUrl } = res.json() as { orderId: string; confirmationUrl: string };
  const [attempt] = await t.database.db
    .select()
    .from(paymentAttempts)
    .where(eq(paymentAttempts.orderId, orderId));
  if (!attempt?.providerPaymentId) throw new Error("no ЮKassa payment id stored");
  return {
    orderId,
    confirmationUrl,
    paymentId: attempt.providerPaymentId,
    key: attempt.idempotenceKey,
  };
}

function notify(paymentId: string, event: string, from = YOOKASSA_IP) {
  return t.app.inject({
    method: "POST",
    url: "/api/payments/notifications/yookassa",
    remoteAddress: from,
    payload: fake.notificationBody(paymentId, event),
  });
}

async function orderRow(orderId: string) {
  const [row] = await t.database.db.select().from(orders).where(eq(orders.id, orderId));
  if (!row) throw new Error("no order");
  return row;
}

describe("the shop with ЮKassa", () => {
  it("creates the payment with the attempt's key, the amount and the receipt", async () => {
    const { paymentId, confirmationUrl, key } = await checkout();
    expect(confirmationUrl).toBe(`${fake.baseUrl}pay/${paymentId}`);
    const sent = fake.requests.filter((request) => request.path === "payments");
    expect(sent.at(-1)).toMatchObject({
      idempotenceKey: key,
      body: {
        amount: { value: "2900.00", currency: "RUB" },
        capture: true,
        receipt: { customer: { email: "anna@example.ru" } },
      },
    });
  });

  it("pays once under duplicated notifications from ЮKassa's addresses", async () => {
    const { orderId, paymentId } = await checkout();
    fake.succeed(paymentId);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => notify(paymentId, "payment.succeeded")),
    );
    expect(answers.filter((res) => res.json().outcome === "applied")).toHaveLength(1);
    const order = await orderRow(orderId);
    expect(order.status).toBe("paid");
    const issued = await t.database.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, order.contractId ?? ""));
    expect(issued).toHaveLength(1);
  });

  it("decides by the re-fetched payment, whatever order the notifications come in", async () => {
    const { orderId, paymentId } = await checkout();
    fake.succeed(paymentId);
    // A «canceled» claim first: ЮKassa says succeeded, and that is what counts.
    expect((await notify(paymentId, "payment.canceled")).json()).toEqual({ outcome: "applied" });
    expect((await orderRow(orderId)).status).toBe("paid");
    expect((await notify(paymentId, "payment.succeeded")).json()).toEqual({ outcome: "no_change" });
  });

  it("changes nothing for a notification from a foreign address or about a pending payment", async () => {
    const { orderId, paymentId } = await checkout();
    expect((await notify(paymentId, "payment.succeeded", "203.0.113.9")).statusCode).toBe(403);
    expect((await notify(paymentId, "payment.succeeded")).json()).toEqual({ outcome: "no_change" });
    expect((await orderRow(orderId)).status).toBe("awaiting_payment");
  });

  it("pays an order whose notification was lost, by the re-check", async () => {
    const { orderId, paymentId } = await checkout();
    fake.succeed(paymentId);
    await t.database.db
      .update(paymentAttempts)
      .set({ updatedAt: sql`now() - interval '11 minutes'`, lastCheckedAt: null })
      .where(eq(paymentAttempts.orderId, orderId));
    await recheckQuietAttempts(t.app.shop);
    expect((await orderRow(orderId)).status).toBe("paid");
  });

  it("makes one payment when ЮKassa answers 5xx twice, retrying with the same key", async () => {
    const before = fake.payments.size;
    fake.failNext(2, 500);
    const { key } = await checkout();
    expect(fake.payments.size).toBe(before + 1);
    const tries = fake.requests.filter((r) => r.path === "payments" && r.idempotenceKey === key);
    expect(tries).toHaveLength(3);
  });

  it("answers a Russian 503 and keeps the order when ЮKassa is down, then pays it later", async () => {
    fake.failNext(4, 503);
    const body = await certificateOrder(t.app, programId);
    const down = await postOrder(t.app, buyer, body);
    expect(down.statusCode).toBe(503);
    expect(down.json().detail).toMatch(/Платёжная система сейчас не отвечает/);
    // The same form again, ЮKassa back: the same order, the same attempt and key.
    const again = await postOrder(t.app, buyer, body);
    expect(again.statusCode).toBe(201);
    const attempts = await t.database.db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.orderId, again.json().orderId));
    expect(attempts).toHaveLength(1);
  });

  it("returns the money through ЮKassa with a receipt", async () => {
    const { orderId, paymentId } = await checkout();
    fake.succeed(paymentId);
    await notify(paymentId, "payment.succeeded");
    const res = await t.app.inject({
      method: "POST",
      url: `/api/orders/${orderId}/refund`,
      cookies: { rms_session: buyer.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "refunded", refunds: [{ status: "succeeded" }] });
    const refund = fake.requests.filter((r) => r.path === "refunds").at(-1);
    expect(refund?.body).toMatchObject({
      payment_id: paymentId,
      amount: { value: "2900.00" },
      receipt: { items: [{ amount: { value: "2900.00" } }] },
    });
    expect((await getOrder(t.app, buyer, orderId)).json().canRefund).toBe(false);
  });
});
