import { and, desc, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { shiftDate } from "../../../common/shop/certificate-terms.ts";
import { clients, contracts, paymentAttempts, staffAuditLog } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestStaff, signInStaff } from "../../test/factories.ts";
import {
  type Buyer,
  certificateOrder,
  createBuyer,
  createProgramForSale,
  postOrder,
  pressSandboxButton,
  sandboxPaymentId,
} from "./shop-test-fixtures.ts";

const t = setupTestApp();

let buyer: Buyer;
let otherBuyer: Buyer;
let programId: string;
let admin: { id: string; cookie: string };
let operator: { id: string; cookie: string };
let doctor: { id: string; cookie: string };

async function staffOf(role: "operator" | "doctor" | "admin") {
  const member = await createTestStaff(t.database.db, role);
  return { id: member.id, cookie: await signInStaff(t.app, member) };
}

beforeAll(async () => {
  const db = t.database.db;
  buyer = await createBuyer(t.app, db);
  otherBuyer = await createBuyer(t.app, db);
  // The second buyer has a surname of their own, to be found by it.
  await db
    .update(clients)
    .set({ lastName: "Заказова", firstName: "Ёлка" })
    .where(eq(clients.id, otherBuyer.id));
  programId = (await createProgramForSale(db, { name: "Вызов врача (заказы)" })).id;
  [admin, operator, doctor] = await Promise.all([
    staffOf("admin"),
    staffOf("operator"),
    staffOf("doctor"),
  ]);
});

/** A certificate bought through the real checkout and paid on the sandbox's page. */
async function paidOrder(who: Buyer = buyer) {
  const res = await postOrder(t.app, who, await certificateOrder(t.app, programId));
  expect(res.statusCode, res.body).toBe(201);
  const { orderId, confirmationUrl } = res.json() as { orderId: string; confirmationUrl: string };
  await pressSandboxButton(t.app, sandboxPaymentId(confirmationUrl), "pay");
  await t.app.shop.whenNotified();
  const [attempt] = await t.database.db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.orderId, orderId), eq(paymentAttempts.status, "succeeded")));
  if (!attempt?.providerPaymentId) throw new Error("the order was not paid");
  const card = await getCard(admin.cookie, orderId);
  return { orderId, number: card.json().number as number, paymentId: attempt.providerPaymentId };
}

function get(cookie: string, url: string) {
  return t.app.inject({ method: "GET", url, cookies: { rms_staff_session: cookie } });
}

function getCard(cookie: string, orderId: string) {
  return get(cookie, `/api/staff/orders/${orderId}`);
}

function search(cookie: string, query: Record<string, string>) {
  return get(cookie, `/api/staff/orders?${new URLSearchParams(query)}`);
}

function refund(cookie: string, orderId: string, payload: object) {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/orders/${orderId}/refund`,
    cookies: { rms_staff_session: cookie },
    payload,
  });
}

async function lastAudit(staffId: string) {
  const [row] = await t.database.db
    .select()
    .from(staffAuditLog)
    .where(eq(staffAuditLog.staffId, staffId))
    .orderBy(desc(staffAuditLog.createdAt))
    .limit(1);
  return row;
}

describe("«Заказы и платежи»", () => {
  it("finds an order by its number, the buyer's phone in any format, a surname and the payment id", async () => {
    const mine = await paidOrder();
    const theirs = await paidOrder(otherBuyer);
    const numbersFound = async (q: string) => {
      const res = await search(operator.cookie, { q });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().orders as { number: number }[]).map((row) => row.number);
    };
    expect(await numbersFound(String(mine.number))).toEqual([mine.number]);
    expect(await numbersFound(`№ ${theirs.number}`)).toEqual([theirs.number]);
    expect(await numbersFound(mine.paymentId)).toEqual([mine.number]);
    const local = buyer.phone.replace(/^\+7/, "8");
    expect(await numbersFound(local)).toContain(mine.number);
    expect(await numbersFound(formatPhone(buyer.phone))).not.toContain(theirs.number);
    expect(await numbersFound("заказова")).toEqual([theirs.number]);
    expect(await numbersFound("Заказова елка")).toEqual([theirs.number]);
    expect(await numbersFound("Нетакихнет")).toEqual([]);

    const audited = await lastAudit(operator.id);
    expect(audited).toMatchObject({ action: "order.search" });
    expect(audited?.details).toMatchObject({ query: "Нетакихнет", found: [] });
  });

  it("lists orders newest first, filtered by status and Moscow dates, and refuses a bad filter in Russian", async () => {
    const older = await paidOrder();
    const newer = await paidOrder();
    const today = todayInMoscow();
    const res = await search(operator.cookie, { status: "paid", from: today, to: today });
    const numbers = (res.json().orders as { number: number }[]).map((row) => row.number);
    expect(numbers.indexOf(newer.number)).toBeLessThan(numbers.indexOf(older.number));
    const tomorrow = await search(operator.cookie, { from: shiftDate(today, 1) });
    expect(tomorrow.json().orders).toEqual([]);
    const empty = await search(operator.cookie, { q: "", status: "", from: "", to: "", page: "1" });
    expect(empty.statusCode).toBe(200);

    const badStatus = await search(operator.cookie, { status: "lost" });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().detail).toMatch(/статус/);
    const badDate = await search(operator.cookie, { from: "31.12.2026" });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().detail).toMatch(/ГГГГ-ММ-ДД/);
    const reversed = await search(operator.cookie, { from: today, to: shiftDate(today, -1) });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().detail).toMatch(/раньше/);
  });

  it("shows the order's card with client, items, certificate, history and notifications, audited", async () => {
    const { orderId, number, paymentId } = await paidOrder();
    const res = await getCard(operator.cookie, orderId);
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card).toMatchObject({
      number,
      status: "paid",
      kind: "certificate",
      client: { id: buyer.id, fullName: "Петрова Анна Сергеевна", phone: buyer.phone },
      items: [{ kind: "certificate", quantity: 1, amountKopecks: 290_000 }],
      paidKopecks: 290_000,
      refundableKopecks: 290_000,
      contract: { annulled: false },
      refunds: [],
    });
    expect(card.contract.number).toMatch(/^11\/9\d{7}$/);
    expect(card.events.map((event: { kind: string }) => event.kind)).toEqual(
      expect.arrayContaining(["created", "attempt_created", "paid", "fulfilled"]),
    );
    const [attempt] = card.attempts;
    expect(attempt).toMatchObject({ providerPaymentId: paymentId, status: "succeeded" });
    // The sandbox sends each notification twice: both kept, as they came.
    expect(attempt.notifications.length).toBeGreaterThanOrEqual(1);
    expect(attempt.notifications[0]).toMatchObject({
      sourceIp: "127.0.0.1",
      sourceAllowed: true,
      event: "payment.succeeded",
    });
    expect(attempt.notifications[0].body).toContain(paymentId);
    expect(await lastAudit(operator.id)).toMatchObject({
      action: "order.view",
      subjectType: "order",
      subjectId: orderId,
    });

    const missing = await getCard(operator.cookie, "6f1c1d6e-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
    const badId = await getCard(operator.cookie, "100123");
    expect(badId.statusCode).toBe(400);
  });

  it("keeps doctors out, and lets only admins refund and export", async () => {
    const { orderId } = await paidOrder();
    const doctorRead = await search(doctor.cookie, {});
    expect(doctorRead.statusCode).toBe(403);
    const operatorRefund = await refund(operator.cookie, orderId, {
      amountKopecks: 10_000,
      reason: "Просьба клиента",
    });
    expect(operatorRefund.statusCode).toBe(403);
    expect(operatorRefund.json().detail).toMatch(/администратор/);
    const today = todayInMoscow();
    const operatorExport = await get(
      operator.cookie,
      `/api/staff/orders/export.xlsx?from=${today}&to=${today}`,
    );
    expect(operatorExport.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: "GET", url: "/api/staff/orders" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("refunds part of an order by an admin with a reason, audited, and refuses more than is left in Russian", async () => {
    const { orderId, number } = await paidOrder();
    const res = await refund(admin.cookie, orderId, {
      amountKopecks: 90_000,
      reason: "Жалоба на качество обслуживания",
      annulCertificate: false,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: "partially_refunded",
      refundedKopecks: 90_000,
      refundableKopecks: 200_000,
      refunds: [
        {
          amountKopecks: 90_000,
          status: "succeeded",
          kind: "admin",
          reason: "Жалоба на качество обслуживания",
        },
      ],
    });
    const requested = res
      .json()
      .events.find((event: { kind: string }) => event.kind === "refund_requested");
    expect(requested).toMatchObject({
      actorKind: "staff",
      reason: "Жалоба на качество обслуживания",
    });
    expect(requested.actorName).toMatch(/Сотрудникова/);
    expect(await lastAudit(admin.id)).toMatchObject({
      action: "order.refund",
      subjectType: "order",
      subjectId: orderId,
      details: { number, amountKopecks: 90_000, reason: "Жалоба на качество обслуживания" },
    });

    const over = await refund(admin.cookie, orderId, { amountKopecks: 200_001, reason: "Ещё" });
    expect(over.statusCode).toBe(409);
    expect(over.json().detail).toMatch(/Вернуть можно не больше 2\s000,00/);

    const noReason = await refund(admin.cookie, orderId, { amountKopecks: 100, reason: " " });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().detail).toBe("Укажите причину возврата");
    const negative = await refund(admin.cookie, orderId, { amountKopecks: -5, reason: "Ошибка" });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().detail).toMatch(/больше нуля/);
  });

  it("annuls the certificate when the admin asks, with the refund of the rest", async () => {
    const { orderId } = await paidOrder();
    const res = await refund(admin.cookie, orderId, {
      amountKopecks: 290_000,
      reason: "Клиент отказался до начала",
      annulCertificate: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "refunded", contract: { annulled: true } });
    const [contract] = await t.database.db
      .select({ annulledAt: contracts.annulledAt })
      .from(contracts)
      .where(eq(contracts.id, res.json().contract.id));
    expect(contract?.annulledAt).not.toBeNull();
  });

  it("counts the day's money in Moscow time: paid, refunded and net", async () => {
    const today = todayInMoscow();
    const before = (await get(operator.cookie, `/api/staff/orders/totals?date=${today}`)).json();
    const { orderId } = await paidOrder();
    await refund(admin.cookie, orderId, { amountKopecks: 50_050, reason: "Частичный возврат" });
    const res = await get(operator.cookie, `/api/staff/orders/totals?date=${today}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      date: today,
      paidKopecks: before.paidKopecks + 290_000,
      paidCount: before.paidCount + 1,
      refundedKopecks: before.refundedKopecks + 50_050,
      refundedCount: before.refundedCount + 1,
      netKopecks: before.netKopecks + 290_000 - 50_050,
    });
    const yesterday = await get(
      operator.cookie,
      `/api/staff/orders/totals?date=${shiftDate(today, -1)}`,
    );
    expect(yesterday.json()).toMatchObject({ paidKopecks: 0, refundedKopecks: 0, netKopecks: 0 });
    const bad = await get(operator.cookie, "/api/staff/orders/totals?date=вчера");
    expect(bad.statusCode).toBe(400);
  });

  it("exports the day's payments and refunds to XLSX for accounting, audited", async () => {
    const { number, paymentId, orderId } = await paidOrder();
    await refund(admin.cookie, orderId, { amountKopecks: 10_000, reason: "Для выгрузки" });
    const today = todayInMoscow();
    const res = await get(admin.cookie, `/api/staff/orders/export.xlsx?from=${today}&to=${today}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(res.headers["content-disposition"]).toContain(`rms-payments-${today}-${today}.xlsx`);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error("no sheet");
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      "Дата и время (МСК)",
      "Заказ №",
      "Клиент",
      "Что",
      "Операция",
      "Способ оплаты",
      "ID платежа",
      "Сумма, ₽",
      "Статус заказа",
    ]);
    const rows: unknown[][] = [];
    sheet.eachRow((row, index) => {
      if (index > 1) rows.push((row.values as unknown[]).slice(1));
    });
    const ofOrder = rows.filter((row) => row[1] === number);
    expect(ofOrder).toEqual([
      [
        expect.any(Date),
        number,
        "Петрова Анна Сергеевна",
        expect.stringContaining("Вызов врача (заказы)"),
        "Оплата",
        "Банковская карта",
        paymentId,
        2900,
        "Возвращён частично",
      ],
      [
        expect.any(Date),
        number,
        "Петрова Анна Сергеевна",
        expect.stringContaining("Вызов врача (заказы)"),
        "Возврат администратором",
        "Банковская карта",
        paymentId,
        -100,
        "Возвращён частично",
      ],
    ]);
    // The time is Moscow's wall clock: the cell's date is today's Moscow date.
    const at = ofOrder[0]?.[0] as Date;
    expect(at.toISOString().slice(0, 10)).toBe(today);
    // Every payment of the file so far is there, one row each.
    const payments = rows.filter((row) => row[4] === "Оплата");
    const totals = (await get(admin.cookie, `/api/staff/orders/totals?date=${today}`)).json();
    expect(payments.length).toBe(totals.paidCount);
    expect(await lastAudit(admin.id)).toMatchObject({
      action: "order.export",
      details: { from: today, to: today },
    });
  });

  it("refuses an export longer than 366 days or without dates, in Russian", async () => {
    const tooLong = await get(
      admin.cookie,
      "/api/staff/orders/export.xlsx?from=2025-01-01&to=2026-01-02",
    );
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().detail).toMatch(/не больше чем за 366 дней/);
    const year = await get(
      admin.cookie,
      "/api/staff/orders/export.xlsx?from=2025-01-01&to=2026-01-01",
    );
    expect(year.statusCode).toBe(200);
    const missing = await get(admin.cookie, "/api/staff/orders/export.xlsx");
    expect(missing.statusCode).toBe(400);
    expect(missing.json().detail).toMatch(/ГГГГ-ММ-ДД/);
  });
});
