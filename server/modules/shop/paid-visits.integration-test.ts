import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appointments, orders, refunds } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  addSlot,
  type BookingClient,
  createBookingClient,
  createClinic,
  createDoctor,
  createSpecialty,
  createVisitService,
  hoursAhead,
} from "../booking/booking-test-fixtures.ts";
import { expireUnpaidOrders } from "./order-jobs.ts";
import { currentOfferVersion, pressSandboxButton, sandboxPaymentId } from "./shop-test-fixtures.ts";

const t = setupTestApp({ env: { PAYMENTS_SANDBOX_SBP_REFUND_SECONDS: "0" } });

let me: BookingClient;
let other: BookingClient;
let doctorId: string;

beforeAll(async () => {
  const db = t.database.db;
  me = await createBookingClient(t.app, db);
  other = await createBookingClient(t.app, db);
  const specialtyId = await createSpecialty(db, "дерматолог");
  // The clinic is not in the programs' network: its times are paid, at 15 % off.
  const clinicId = await createClinic(db, "Клиника «Вне программы»", {
    companyDiscountBp: 1500,
    cancellationCutoffHours: 24,
  });
  doctorId = await createDoctor(db, clinicId, specialtyId, "Кожина");
  await createVisitService(db, clinicId, specialtyId, 300_000);
});

async function visitOrder(client: BookingClient, slotId: string, method: "bank_card" | "sbp") {
  return t.app.inject({
    method: "POST",
    url: "/api/orders",
    cookies: { rms_session: client.cookie },
    payload: {
      kind: "visit",
      checkoutKey: crypto.randomUUID(),
      personId: client.personId,
      slotId,
      receiptEmail: "visit@example.ru",
      acceptedDocuments: [{ slug: "offer", version: await currentOfferVersion(t.app) }],
      method,
    },
  });
}

function book(client: BookingClient, slotId: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/appointments",
    cookies: { rms_session: client.cookie },
    payload: { slotId, personId: client.personId },
  });
}

async function appointmentOf(orderId: string) {
  const res = await t.app.inject({
    method: "GET",
    url: `/api/orders/${orderId}`,
    cookies: { rms_session: me.cookie },
  });
  return res.json();
}

describe("a paid visit («Оплатить и записаться»)", () => {
  it("is refused by the plain booking, which points to paying for it", async () => {
    const slotId = await addSlot(t.database.db, doctorId, hoursAhead(50));
    const res = await book(me, slotId);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/«Оплатить и записаться»/);
  });

  it("holds the time at the company's price, books it when paid, and refunds it on cancelling", async () => {
    const slotId = await addSlot(t.database.db, doctorId, hoursAhead(72));
    const res = await visitOrder(me, slotId, "sbp");
    expect(res.statusCode, res.body).toBe(201);
    const { orderId, confirmationUrl } = res.json();
    const held = await appointmentOf(orderId);
    expect(held).toMatchObject({
      kind: "visit",
      totalKopecks: 255_000,
      appointment: { status: "awaiting_payment" },
    });
    // Held: nobody else can book the time meanwhile, on any path.
    expect((await book(other, slotId)).statusCode).toBe(409);
    const page = await t.app.inject({ method: "GET", url: new URL(confirmationUrl).pathname });
    expect(page.body).toContain("Я оплатил в приложении банка");
    await pressSandboxButton(t.app, sandboxPaymentId(confirmationUrl), "pay");
    await t.app.shop.whenNotified();
    const paid = await appointmentOf(orderId);
    expect(paid).toMatchObject({
      status: "paid",
      appointment: { status: "confirmed" },
      canRefund: true,
    });
    // The visit is in «Мои записи», paid in the app: it is cancelled, not moved.
    const visit = await t.app.inject({
      method: "GET",
      url: `/api/appointments/${paid.appointment.id}`,
      cookies: { rms_session: me.cookie },
    });
    expect(visit.json()).toMatchObject({
      status: "confirmed",
      paidOrderId: orderId,
      canMove: false,
    });
    // The «Направление» and the «Квитанция»; the clinic checks the referral by number and birth date.
    const referral = await t.app.inject({
      method: "GET",
      url: `/api/orders/${orderId}/referral`,
      cookies: { rms_session: me.cookie },
    });
    expect(referral.statusCode).toBe(200);
    expect(referral.headers["content-type"]).toBe("application/pdf");
    expect(referral.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const receipt = await t.app.inject({
      method: "GET",
      url: `/api/orders/${orderId}/receipt`,
      cookies: { rms_session: me.cookie },
    });
    expect(receipt.statusCode).toBe(200);
    const check = (birthDate: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/verification/referral",
        payload: { number: String(paid.number), birthDate },
      });
    expect((await check("15.03.1990")).json()).toMatchObject({
      valid: true,
      serviceName: "Приём врача",
    });
    expect((await check("16.03.1990")).json()).toEqual({ valid: false });
    // «Отменить» before the cut-off: the money comes back in full, once.
    const cancelled = await t.app.inject({
      method: "POST",
      url: `/api/appointments/${paid.appointment.id}/cancel`,
      cookies: { rms_session: me.cookie },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await t.app.events.whenSettled();
    await t.app.shop.whenNotified();
    const refunded = await appointmentOf(orderId);
    expect(refunded).toMatchObject({
      status: "refunded",
      refundedKopecks: 255_000,
      refunds: [{ amountKopecks: 255_000, status: "succeeded" }],
      appointment: { status: "cancelled" },
    });
    const rows = await t.database.db.select().from(refunds).where(eq(refunds.orderId, orderId));
    expect(rows).toHaveLength(1);
    // A cancelled visit's referral is no longer valid.
    expect((await check("15.03.1990")).json()).toEqual({ valid: false });
  });

  it("frees the held time when the order expires unpaid", async () => {
    const slotId = await addSlot(t.database.db, doctorId, hoursAhead(80));
    const { orderId } = (await visitOrder(me, slotId, "bank_card")).json();
    await t.database.db
      .update(orders)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(orders.id, orderId));
    await expireUnpaidOrders(t.app.shop);
    const order = await appointmentOf(orderId);
    expect(order).toMatchObject({ status: "cancelled", appointment: { status: "cancelled" } });
    const [held] = await t.database.db
      .select({ holdExpiresAt: appointments.holdExpiresAt })
      .from(appointments)
      .where(eq(appointments.id, order.appointment.id));
    expect(held?.holdExpiresAt).toBeNull();
    // The time is bookable again: here by another client paying for it.
    expect((await visitOrder(other, slotId, "bank_card")).statusCode).toBe(201);
  });

  it("refunds a payment that comes after its time was released", async () => {
    const slotId = await addSlot(t.database.db, doctorId, hoursAhead(90));
    const { orderId, confirmationUrl } = (await visitOrder(me, slotId, "bank_card")).json();
    await t.database.db
      .update(orders)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(orders.id, orderId));
    await expireUnpaidOrders(t.app.shop);
    // The payer still had the page open, and paid.
    await pressSandboxButton(t.app, sandboxPaymentId(confirmationUrl), "pay");
    await t.app.shop.whenNotified();
    expect(await appointmentOf(orderId)).toMatchObject({
      status: "refunded",
      appointment: { status: "cancelled" },
      refunds: [{ status: "succeeded" }],
    });
  });

  it("refuses to sell a time the program covers", async () => {
    const coveredClinic = await createClinic(t.database.db, "Клиника в программе");
    const specialtyId = await createSpecialty(t.database.db, "терапевт");
    const doctor = await createDoctor(t.database.db, coveredClinic, specialtyId, "Терапевтова");
    await createVisitService(t.database.db, coveredClinic, specialtyId, 200_000);
    const { addToNetwork } = await import("../booking/booking-test-fixtures.ts");
    await addToNetwork(t.database.db, me.programId, coveredClinic);
    const slotId = await addSlot(t.database.db, doctor, hoursAhead(60));
    const res = await visitOrder(me, slotId, "bank_card");
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/входит в вашу программу/);
  });
});
