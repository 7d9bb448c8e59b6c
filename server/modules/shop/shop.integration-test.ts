import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import { shiftDate, termEnd } from "../../../common/shop/certificate-terms.ts";
import {
  contractHolders,
  contracts,
  coveredPersons,
  orderEvents,
  orders,
  outboxMessages,
  paymentAttempts,
  paymentNotifications,
  sandboxPayments,
} from "../../db/schema/index.ts";
import { settleSandboxPayment } from "../../integrations/payments/sandbox/sandbox-payments.repository.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { expireUnpaidOrders, recheckQuietAttempts } from "./order-jobs.ts";
import { deleteNotificationsBefore } from "./shop.repository.ts";
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

const t = setupTestApp();

let buyer: Buyer;
let programId: string;
let twoPersonProgramId: string;

beforeAll(async () => {
  const db = t.database.db;
  buyer = await createBuyer(t.app, db);
  programId = (await createProgramForSale(db, { name: "Позвони Врачу (тест)" })).id;
  twoPersonProgramId = (
    await createProgramForSale(db, { maxPersons: 2, priceKopecks: 540_000, audience: "adult" })
  ).id;
});

/** Checks out and answers the order id and the sandbox payment id. */
async function checkout(overrides: Parameters<typeof certificateOrder>[2] = {}) {
  const res = await postOrder(t.app, buyer, await certificateOrder(t.app, programId, overrides));
  expect(res.statusCode, res.body).toBe(201);
  const { orderId, confirmationUrl } = res.json() as { orderId: string; confirmationUrl: string };
  return { orderId, paymentId: sandboxPaymentId(confirmationUrl) };
}

async function orderRow(orderId: string) {
  const [row] = await t.database.db.select().from(orders).where(eq(orders.id, orderId));
  if (!row) throw new Error("no order");
  return row;
}

async function eventKinds(orderId: string) {
  const rows = await t.database.db
    .select({ kind: orderEvents.kind })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(orderEvents.at);
  return rows.map((row) => row.kind);
}

describe("the catalogue", () => {
  it("lists the programs sold online, with price, term, audience and persons", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/shop/programs" });
    expect(res.statusCode).toBe(200);
    const { programs } = res.json() as { programs: { id: string; priceKopecks: number }[] };
    const ids = programs.map((program) => program.id);
    expect(ids).toContain(programId);
    expect(programs.find((program) => program.id === twoPersonProgramId)).toMatchObject({
      priceKopecks: 540_000,
      termMonths: 12,
      audience: "adult",
      maxPersons: 2,
    });
  });

  it("does not sell a program that is not sold online", async () => {
    const hidden = await createProgramForSale(t.database.db, {
      soldOnline: false,
      priceKopecks: null,
      termMonths: null,
    });
    const res = await t.app.inject({ method: "GET", url: `/api/shop/programs/${hidden.id}` });
    expect(res.statusCode).toBe(404);
    const order = await postOrder(t.app, buyer, await certificateOrder(t.app, hidden.id));
    expect(order.statusCode).toBe(404);
  });
});

describe("the checkout", () => {
  it("prices the order from the catalogue and refuses a body that names an amount", async () => {
    const withAmount = {
      ...(await certificateOrder(t.app, programId)),
      amountKopecks: 100,
    };
    const refused = await postOrder(t.app, buyer, withAmount);
    expect(refused.statusCode).toBe(400);
    const { orderId } = await checkout();
    const order = await orderRow(orderId);
    expect(order.totalKopecks).toBe(290_000);
    const [payment] = await t.database.db
      .select()
      .from(sandboxPayments)
      .where(sql`${sandboxPayments.metadata}->>'orderId' = ${orderId}`);
    expect(payment?.amountKopecks).toBe(290_000);
    expect(payment?.receipt).toMatchObject({
      customer: { email: "anna@example.ru" },
      items: [{ quantity: 1, amountKopecks: 290_000, paymentSubject: "service" }],
    });
  });

  it("refuses a start date outside tomorrow … 30 days ahead, in Russian at the field", async () => {
    for (const days of [0, 31]) {
      const startsOn = formatRuDate(shiftDate(todayInMoscow(), days));
      const res = await postOrder(
        t.app,
        buyer,
        await certificateOrder(t.app, programId, { startsOn }),
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([
        {
          field: "startsOn",
          message: "Дата начала — с завтрашнего дня и не позже чем через 30 дней",
        },
      ]);
    }
  });

  it("allows Пациент 2 only where the program covers two, and adults only on an adults' program", async () => {
    const child = {
      lastName: "Петров",
      firstName: "Иван",
      patronymic: "",
      noPatronymic: true,
      birthDate: "01.01.2015",
    };
    const adult = {
      lastName: "Петрова",
      firstName: "Анна",
      patronymic: "Сергеевна",
      birthDate: "15.03.1990",
    };
    const two = await postOrder(
      t.app,
      buyer,
      await certificateOrder(t.app, programId, { persons: [adult, adult] }),
    );
    expect(two.statusCode).toBe(400);
    expect(two.json().errors[0]).toEqual({
      field: "persons",
      message: "Эта программа — для одного человека",
    });
    const kid = await postOrder(
      t.app,
      buyer,
      await certificateOrder(t.app, twoPersonProgramId, { persons: [adult, child] }),
    );
    expect(kid.statusCode).toBe(400);
    expect(kid.json().errors[0].field).toBe("persons.1.birthDate");
  });

  it("needs the offer agreement's current version", async () => {
    const none = await postOrder(
      t.app,
      buyer,
      await certificateOrder(t.app, programId, {
        acceptedDocuments: [{ slug: "terms", version: 1 }],
      }),
    );
    expect(none.statusCode).toBe(400);
    const stale = await postOrder(
      t.app,
      buyer,
      await certificateOrder(t.app, programId, {
        acceptedDocuments: [{ slug: "offer", version: 999 }],
      }),
    );
    expect(stale.statusCode).toBe(409);
  });

  it("makes one order and one payment of a double click", async () => {
    const body = await certificateOrder(t.app, programId);
    const answers = await Promise.all([
      postOrder(t.app, buyer, body),
      postOrder(t.app, buyer, body),
    ]);
    expect(answers.map((res) => res.statusCode)).toEqual([201, 201]);
    const [first, second] = answers.map((res) => res.json());
    expect(second).toEqual(first);
    const attempts = await t.database.db
      .select()
      .from(paymentAttempts)
      .where(eq(paymentAttempts.orderId, first.orderId));
    expect(attempts).toHaveLength(1);
    const payments = await t.database.db
      .select()
      .from(sandboxPayments)
      .where(sql`${sandboxPayments.metadata}->>'orderId' = ${first.orderId}`);
    expect(payments).toHaveLength(1);
  });
});

describe("paying", () => {
  it("issues the certificate once paid: in «Мои договоры» at once, in the online series", async () => {
    const { orderId, paymentId } = await checkout();
    const pressed = await pressSandboxButton(t.app, paymentId, "pay");
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toMatch(new RegExp(`/cabinet/orders/${orderId}/return$`));
    await t.app.shop.whenNotified();
    const res = await getOrder(t.app, buyer, orderId);
    const order = res.json();
    expect(order.status).toBe("paid");
    expect(order.contract.number).toMatch(/^11\/9\d{7}$/);
    const list = await t.app.inject({
      method: "GET",
      url: "/api/contracts",
      cookies: { rms_session: buyer.cookie },
    });
    expect(list.json().contracts.map((c: { number: string }) => c.number)).toContain(
      order.contract.number,
    );
    const [holder] = await t.database.db
      .select()
      .from(contractHolders)
      .where(
        and(
          eq(contractHolders.contractId, order.contract.id),
          eq(contractHolders.clientId, buyer.id),
        ),
      );
    expect(holder?.source).toBe("purchase");
    const persons = await t.database.db
      .select()
      .from(coveredPersons)
      .where(eq(coveredPersons.contractId, order.contract.id));
    expect(persons).toMatchObject([
      { slot: 1, lastName: "Петрова", birthDate: "1990-03-15", phone: buyer.phone },
    ]);
    const [contract] = await t.database.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, order.contract.id));
    const startsOn = shiftDate(todayInMoscow(), 3);
    expect(contract).toMatchObject({
      kind: "certificate",
      startsOn,
      endsOn: termEnd(startsOn, 12),
    });
    expect(await eventKinds(orderId)).toEqual(["created", "attempt_created", "paid", "fulfilled"]);
    // The certificate's PDF goes to the receipt's address.
    await t.app.email.whenSettled();
    const letters = await t.database.db
      .select()
      .from(outboxMessages)
      .where(
        and(eq(outboxMessages.channel, "email"), eq(outboxMessages.recipient, "anna@example.ru")),
      );
    const letter = letters.find(
      (row) => row.subject === `Ваш сертификат № ${order.contract.number}`,
    );
    expect(letter?.body).toMatch(/Вложения: certificate-11-9\d{7}\.pdf \(\d+ КБ\)/);
  });

  it("fulfils once under 100 copies of the notification at once", async () => {
    const { orderId, paymentId } = await checkout();
    // The payment succeeds at the sandbox without telling the shop; then 100 copies arrive.
    await settleSandboxPayment(t.database.db, paymentId, "succeeded", null);
    const body = {
      type: "notification",
      event: "payment.succeeded",
      object: { id: paymentId, status: "succeeded" },
    };
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        t.app.inject({
          method: "POST",
          url: "/api/payments/notifications/sandbox",
          remoteAddress: "127.0.0.1",
          payload: body,
        }),
      ),
    );
    expect(new Set(answers.map((res) => res.statusCode))).toEqual(new Set([200]));
    const outcomes = answers.map((res) => res.json().outcome);
    expect(outcomes.filter((outcome) => outcome === "applied")).toHaveLength(1);
    const order = await orderRow(orderId);
    expect(order.status).toBe("paid");
    const issued = await t.database.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, order.contractId ?? randomUUID()));
    expect(issued).toHaveLength(1);
    expect((await eventKinds(orderId)).filter((kind) => kind === "fulfilled")).toHaveLength(1);
    const [counted] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(paymentNotifications)
      .where(eq(paymentNotifications.providerObjectId, paymentId));
    expect(counted?.n).toBe(100);
  });

  it("changes nothing for a forged notification or one from a foreign address", async () => {
    const { orderId, paymentId } = await checkout();
    const claim = {
      type: "notification",
      event: "payment.succeeded",
      object: { id: paymentId, status: "succeeded" },
    };
    // Allowed address, but the sandbox says the payment is still pending.
    const forged = await t.app.inject({
      method: "POST",
      url: "/api/payments/notifications/sandbox",
      remoteAddress: "127.0.0.1",
      payload: claim,
    });
    expect(forged.json()).toEqual({ outcome: "no_change" });
    const foreign = await t.app.inject({
      method: "POST",
      url: "/api/payments/notifications/sandbox",
      remoteAddress: "203.0.113.7",
      payload: claim,
    });
    expect(foreign.statusCode).toBe(403);
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/payments/notifications/sandbox",
      remoteAddress: "127.0.0.1",
      payload: { ...claim, object: { id: randomUUID(), status: "succeeded" } },
    });
    expect(unknown.json()).toEqual({ outcome: "unknown_object" });
    const garbage = await t.app.inject({
      method: "POST",
      url: "/api/payments/notifications/sandbox",
      remoteAddress: "127.0.0.1",
      payload: { hello: "world" },
    });
    expect(garbage.statusCode).toBe(400);
    expect((await orderRow(orderId)).status).toBe("awaiting_payment");
    const wrongProvider = await t.app.inject({
      method: "POST",
      url: "/api/payments/notifications/yookassa",
      remoteAddress: "185.71.76.5",
      payload: claim,
    });
    expect(wrongProvider.statusCode).toBe(404);
  });

  it("pays an order whose notification was lost, by the re-check", async () => {
    const { orderId, paymentId } = await checkout();
    await settleSandboxPayment(t.database.db, paymentId, "succeeded", null);
    await t.database.db
      .update(paymentAttempts)
      .set({ updatedAt: sql`now() - interval '11 minutes'`, lastCheckedAt: null })
      .where(eq(paymentAttempts.orderId, orderId));
    await recheckQuietAttempts(t.app.shop);
    const order = await orderRow(orderId);
    expect(order.status).toBe("paid");
    expect(order.contractId).not.toBeNull();
  });

  it("shows «Оплачено» on the return page before a late notification", async () => {
    const { orderId, paymentId } = await checkout();
    await settleSandboxPayment(t.database.db, paymentId, "succeeded", null);
    await t.database.db
      .update(paymentAttempts)
      .set({ lastCheckedAt: sql`now() - interval '1 minute'` })
      .where(eq(paymentAttempts.orderId, orderId));
    expect((await getOrder(t.app, buyer, orderId)).json().status).toBe("paid");
  });

  it("lets a declined payment be tried again, and a new method supersede the open one", async () => {
    const { orderId, paymentId } = await checkout();
    await pressSandboxButton(t.app, paymentId, "decline");
    await t.app.shop.whenNotified();
    const declined = (await getOrder(t.app, buyer, orderId)).json();
    expect(declined).toMatchObject({ status: "awaiting_payment", canPay: true });
    expect(declined.attempts.map((a: { status: string }) => a.status)).toEqual(["canceled"]);
    const again = await t.app.inject({
      method: "POST",
      url: `/api/orders/${orderId}/attempts`,
      cookies: { rms_session: buyer.cookie },
      payload: { method: "bank_card" },
    });
    expect(again.statusCode).toBe(201);
    const sbp = await t.app.inject({
      method: "POST",
      url: `/api/orders/${orderId}/attempts`,
      cookies: { rms_session: buyer.cookie },
      payload: { method: "sbp" },
    });
    expect(sbp.statusCode).toBe(201);
    expect(sbp.json().confirmationUrl).not.toBe(again.json().confirmationUrl);
    const statuses = (await getOrder(t.app, buyer, orderId))
      .json()
      .attempts.map((a: { status: string }) => a.status);
    expect(statuses).toEqual(["canceled", "superseded", "pending"]);
    const page = await t.app.inject({
      method: "GET",
      url: new URL(sbp.json().confirmationUrl).pathname,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Я оплатил в приложении банка");
    expect(page.body).toContain('src="data:image/png;base64,');
  });

  it("expires an unpaid order after its hour, and honours a payment that comes later", async () => {
    const { orderId, paymentId } = await checkout();
    await t.database.db
      .update(orders)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(orders.id, orderId));
    expect(await expireUnpaidOrders(t.app.shop)).toBeGreaterThanOrEqual(1);
    expect((await orderRow(orderId)).status).toBe("cancelled");
    const retry = await t.app.inject({
      method: "POST",
      url: `/api/orders/${orderId}/attempts`,
      cookies: { rms_session: buyer.cookie },
      payload: { method: "bank_card" },
    });
    expect(retry.statusCode).toBe(409);
    // The payer had the page open and paid after all: the certificate is still issued.
    await settleSandboxPayment(t.database.db, paymentId, "succeeded", null);
    const late = await t.app.inject({
      method: "POST",
      url: "/api/payments/notifications/sandbox",
      remoteAddress: "127.0.0.1",
      payload: {
        type: "notification",
        event: "payment.succeeded",
        object: { id: paymentId, status: "succeeded" },
      },
    });
    expect(late.json()).toEqual({ outcome: "applied" });
    const order = await orderRow(orderId);
    expect(order.status).toBe("paid");
    expect(order.contractId).not.toBeNull();
    expect(await eventKinds(orderId)).toEqual([
      "created",
      "attempt_created",
      "expired",
      "late_payment",
      "fulfilled",
    ]);
  });

  it("keeps the providers' notifications for 180 days", async () => {
    const { paymentId } = await checkout();
    await t.app.inject({
      method: "POST",
      url: "/api/payments/notifications/sandbox",
      remoteAddress: "127.0.0.1",
      payload: {
        type: "notification",
        event: "payment.succeeded",
        object: { id: paymentId, status: "pending" },
      },
    });
    await t.database.db
      .update(paymentNotifications)
      .set({ receivedAt: sql`now() - interval '181 days'` })
      .where(eq(paymentNotifications.providerObjectId, paymentId));
    expect(await deleteNotificationsBefore(t.database.db, 180)).toBeGreaterThanOrEqual(1);
    const left = await t.database.db
      .select()
      .from(paymentNotifications)
      .where(eq(paymentNotifications.providerObjectId, paymentId));
    expect(left).toEqual([]);
  });

  it("shows another account's order to no one", async () => {
    const { orderId } = await checkout();
    const stranger = await createBuyer(t.app, t.database.db);
    expect((await getOrder(t.app, stranger, orderId)).statusCode).toBe(404);
    const list = await t.app.inject({
      method: "GET",
      url: "/api/orders",
      cookies: { rms_session: stranger.cookie },
    });
    expect(list.json().orders).toEqual([]);
  });
});
