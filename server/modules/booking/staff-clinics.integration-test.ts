import { randomUUID } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { clinics, services, slots, staffAuditLog } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestProgram } from "../../test/contract-factories.ts";
import { createTestStaff, signInStaff, type TestStaff } from "../../test/factories.ts";
import {
  type BookingClient,
  createBookingClient,
  createSpecialty,
} from "./booking-test-fixtures.ts";
import { addCalendarDays, moscowDate } from "./moscow-time.ts";

const t = setupTestApp();

let admin: TestStaff;
let adminCookie = "";
let operatorCookie = "";
let doctorCookie = "";
let therapist = "";
let surgeon = "";

const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

function send(
  method: "GET" | "POST" | "PUT" | "DELETE",
  url: string,
  payload?: unknown,
  cookie = adminCookie,
) {
  return t.app.inject({
    method,
    url,
    cookies: asStaff(cookie),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

const clinicBody = (overrides: Record<string, unknown> = {}) => ({
  name: `Клиника «Здоровье» ${randomUUID().slice(0, 6)}`,
  address: "Москва, ул. Лесная, 5",
  metro: "Белорусская",
  district: "Тверской",
  latitude: 55.777,
  longitude: 37.582,
  phones: ["+7 (495) 123-45-67", "8 926 111 22 33"],
  openingHours: "Пн–Пт 8:00–21:00",
  bookingMode: "online",
  cancellationCutoffHours: 6,
  whatToBring: "Паспорт и полис",
  companyDiscountPercent: 10,
  active: true,
  ...overrides,
});

const doctorBody = (overrides: Record<string, unknown> = {}) => ({
  lastName: "Соколова",
  firstName: "Мария",
  patronymic: "Игоревна",
  specialtyId: therapist,
  practiceSince: 2008,
  active: true,
  ...overrides,
});

const serviceBody = (overrides: Record<string, unknown> = {}) => ({
  code: `A01.${randomUUID().slice(0, 6)}`,
  name: "Приём терапевта",
  specialtyId: therapist,
  priceKopecks: 250_050,
  companyDiscountPercent: 12.5,
  isVisit: true,
  active: true,
  ...overrides,
});

const everyDay = (
  hours: { start: string; end: string },
  breaks: { start: string; end: string }[] = [],
) => ({
  slotMinutes: 30,
  days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, hours, breaks })),
});

async function newClinic(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await send("POST", "/api/staff/clinics", clinicBody(overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().clinic.id;
}

async function newDoctor(clinicId: string): Promise<string> {
  const res = await send("POST", `/api/staff/clinics/${clinicId}/doctors`, doctorBody());
  expect(res.statusCode, res.body).toBe(201);
  return res.json().doctor.id;
}

async function futureSlots(doctorId: string) {
  return t.database.db
    .select({ id: slots.id, startsAt: slots.startsAt })
    .from(slots)
    .where(and(eq(slots.doctorId, doctorId), gt(slots.startsAt, new Date())))
    .orderBy(slots.startsAt);
}

beforeAll(async () => {
  const db = t.database.db;
  admin = await createTestStaff(db, "admin");
  adminCookie = await signInStaff(t.app, admin);
  operatorCookie = await signInStaff(t.app, await createTestStaff(db, "operator"));
  doctorCookie = await signInStaff(t.app, await createTestStaff(db, "doctor"));
  therapist = await createSpecialty(db, "терапевт");
  surgeon = await createSpecialty(db, "хирург");
});

describe("clinics in the staff console", () => {
  it("lets an admin create a clinic with its phones in E.164 and find it by metro", async () => {
    const body = clinicBody({ metro: "Таганская" });
    const created = await send("POST", "/api/staff/clinics", body);
    expect(created.statusCode, created.body).toBe(201);
    const clinic = created.json().clinic;
    expect(clinic).toMatchObject({
      name: body.name,
      phones: ["+74951234567", "+79261112233"],
      bookingMode: "online",
      cancellationCutoffHours: 6,
      companyDiscountPercent: 10,
      doctorCount: 0,
    });
    const [stored] = await t.database.db
      .select({ bp: clinics.companyDiscountBp })
      .from(clinics)
      .where(eq(clinics.id, clinic.id));
    expect(stored?.bp).toBe(1000);
    const byMetro = await send("GET", "/api/staff/clinics?q=таганск", undefined, operatorCookie);
    expect(byMetro.statusCode).toBe(200);
    expect(byMetro.json().clinics.map((c: { id: string }) => c.id)).toEqual([clinic.id]);
    const requestsOnly = await send("GET", "/api/staff/clinics?bookingMode=requests_only");
    expect(requestsOnly.json().clinics.map((c: { id: string }) => c.id)).not.toContain(clinic.id);
  });

  it("edits a clinic and refuses a second clinic with the same name and address with a Russian 409", async () => {
    const id = await newClinic({ name: "Клиника на Лесной" });
    const edited = await send(
      "PUT",
      `/api/staff/clinics/${id}`,
      clinicBody({ name: "Клиника на Лесной", bookingMode: "requests_only", active: false }),
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().clinic).toMatchObject({ bookingMode: "requests_only", active: false });
    const inactive = await send("GET", "/api/staff/clinics?active=false");
    expect(inactive.json().clinics.map((c: { id: string }) => c.id)).toContain(id);
    const twin = await send(
      "POST",
      "/api/staff/clinics",
      clinicBody({ name: "Клиника на Лесной" }),
    );
    expect(twin.statusCode).toBe(409);
    expect(twin.json().detail).toBe("Клиника с таким названием и адресом уже есть.");
  });

  it("refuses a bad phone, a lone latitude and a NUL in the name with Russian 400s", async () => {
    const phone = await send("POST", "/api/staff/clinics", clinicBody({ phones: ["12345"] }));
    expect(phone.statusCode).toBe(400);
    expect(phone.json().detail).toMatch(/Неверный номер телефона/);
    const latitude = await send("POST", "/api/staff/clinics", clinicBody({ longitude: null }));
    expect(latitude.statusCode).toBe(400);
    expect(latitude.json().errors[0].field).toBe("longitude");
    const nul = await send("POST", "/api/staff/clinics", clinicBody({ name: "Клиника\u0000" }));
    expect(nul.statusCode).toBe(400);
    expect(nul.json().detail).toMatch(/служебные символы/);
  });

  it("creates, edits and deactivates a doctor, and lists them on the clinic's card", async () => {
    const clinicId = await newClinic();
    const doctorId = await newDoctor(clinicId);
    const edited = await send(
      "PUT",
      `/api/staff/doctors/${doctorId}`,
      doctorBody({ specialtyId: surgeon, practiceSince: 2001, active: false }),
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().doctor).toMatchObject({
      specialty: { id: surgeon, name: "хирург" },
      practiceSince: 2001,
      active: false,
    });
    const card = await send("GET", `/api/staff/clinics/${clinicId}`, undefined, operatorCookie);
    expect(card.statusCode).toBe(200);
    expect(card.json().clinic.doctorCount).toBe(1);
    expect(card.json().doctors).toHaveLength(1);
    const unknown = await send(
      "POST",
      `/api/staff/clinics/${clinicId}/doctors`,
      doctorBody({ specialtyId: randomUUID() }),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toEqual({
      field: "specialtyId",
      message: "Выберите специальность из списка",
    });
  });

  it("stores a service's price in kopecks and its discount in basis points, with Russian 409s for a taken code or a second visit", async () => {
    const clinicId = await newClinic();
    const body = serviceBody();
    const created = await send("POST", `/api/staff/clinics/${clinicId}/services`, body);
    expect(created.statusCode, created.body).toBe(201);
    const service = created.json().service;
    expect(service).toMatchObject({
      priceKopecks: 250_050,
      companyDiscountPercent: 12.5,
      isVisit: true,
    });
    const [stored] = await t.database.db
      .select({ price: services.priceKopecks, bp: services.companyDiscountBp })
      .from(services)
      .where(eq(services.id, service.id));
    expect(stored).toEqual({ price: 250_050, bp: 1250 });
    const sameCode = await send(
      "POST",
      `/api/staff/clinics/${clinicId}/services`,
      serviceBody({ code: body.code, isVisit: false }),
    );
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json().errors[0].field).toBe("code");
    const secondVisit = await send(
      "POST",
      `/api/staff/clinics/${clinicId}/services`,
      serviceBody(),
    );
    expect(secondVisit.statusCode).toBe(409);
    expect(secondVisit.json().detail).toMatch(/уже есть услуга «визит»/);
    const edited = await send(
      "PUT",
      `/api/staff/services/${service.id}`,
      serviceBody({ code: body.code, priceKopecks: 300_000, companyDiscountPercent: null }),
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().service).toMatchObject({
      priceKopecks: 300_000,
      companyDiscountPercent: null,
    });
  });
});

describe("a doctor's schedule", () => {
  let clinicId = "";
  let doctorId = "";
  let client: BookingClient;

  beforeAll(async () => {
    const db = t.database.db;
    clinicId = await newClinic();
    doctorId = await newDoctor(clinicId);
    const visit = await send("POST", `/api/staff/clinics/${clinicId}/services`, serviceBody());
    expect(visit.statusCode, visit.body).toBe(201);
    const program = await createTestProgram(db);
    const entry = await send("POST", `/api/staff/programs/${program.id}/network`, {
      clinicId,
      specialtyId: null,
      serviceId: null,
      guaranteeLetterRequired: false,
      limitVisits: null,
      limitPeriod: "year",
    });
    expect(entry.statusCode, entry.body).toBe(201);
    client = await createBookingClient(t.app, db, { programId: program.id });
  });

  it("makes the doctor's slots for 30 days when the template is saved", async () => {
    const saved = await send(
      "PUT",
      `/api/staff/doctors/${doctorId}/template`,
      everyDay({ start: "10:00", end: "12:00" }),
    );
    expect(saved.statusCode, saved.body).toBe(200);
    const { reconciliation, schedule } = saved.json();
    const stored = await futureSlots(doctorId);
    // Four a day for 30 days, less today's that have begun.
    expect(stored.length).toBeGreaterThanOrEqual(29 * 4);
    expect(stored.length).toBeLessThanOrEqual(30 * 4);
    expect(reconciliation).toMatchObject({
      added: stored.length,
      removed: 0,
      kept: 0,
      upcomingSlots: stored.length,
    });
    expect(schedule.template.slotMinutes).toBe(30);
    expect(schedule.doctor.hasTemplate).toBe(true);
  });

  it("keeps a booked slot the new template no longer makes, removes the rest, and says how many it kept", async () => {
    const before = await futureSlots(doctorId);
    const tomorrow = Date.now() + 24 * 3_600_000;
    const target = before.find((slot) => slot.startsAt.getTime() > tomorrow);
    if (!target) throw new Error("no slot after tomorrow");
    const booked = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      payload: { slotId: target.id, personId: client.personId },
      cookies: { rms_session: client.cookie },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const saved = await send(
      "PUT",
      `/api/staff/doctors/${doctorId}/template`,
      everyDay({ start: "14:00", end: "15:00" }),
    );
    expect(saved.statusCode, saved.body).toBe(200);
    const { reconciliation } = saved.json();
    expect(reconciliation.kept).toBe(1);
    expect(reconciliation.removed).toBe(before.length - 1);
    const after = await futureSlots(doctorId);
    expect(after.map((slot) => slot.id)).toContain(target.id);
    expect(after).toHaveLength(reconciliation.upcomingSlots);
    const schedule = await send(
      "GET",
      `/api/staff/doctors/${doctorId}/schedule`,
      undefined,
      operatorCookie,
    );
    expect(schedule.json()).toMatchObject({ bookedSlots: 1, upcomingSlots: after.length });
  });

  it("refuses a break outside the hours and overlapping shifts with Russian 400s", async () => {
    const outside = await send(
      "PUT",
      `/api/staff/doctors/${doctorId}/template`,
      everyDay({ start: "10:00", end: "12:00" }, [{ start: "12:30", end: "13:00" }]),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().detail).toBe("Перерыв должен быть внутри часов приёма");
    const overlapping = await send("PUT", `/api/staff/doctors/${doctorId}/template`, {
      slotMinutes: 30,
      days: [
        { weekday: 1, hours: { start: "09:00", end: "13:00" }, breaks: [] },
        { weekday: 1, hours: { start: "12:00", end: "15:00" }, breaks: [] },
      ],
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().detail).toBe("Смены одного дня не должны пересекаться");
  });

  it("removes a day's slots with a whole-day exception and brings them back when it is removed", async () => {
    const date = addCalendarDays(moscowDate(new Date()), 5);
    const onDate = async () =>
      (await futureSlots(doctorId)).filter((slot) => moscowDate(slot.startsAt) === date);
    expect(await onDate()).toHaveLength(2);
    const added = await send("POST", `/api/staff/doctors/${doctorId}/exceptions`, {
      date,
      startsAt: null,
      endsAt: null,
      kind: "leave",
      note: "Отпуск",
    });
    expect(added.statusCode, added.body).toBe(201);
    // The booked time of the test before is still outside the template, so still kept.
    expect(added.json().reconciliation).toMatchObject({ removed: 2, kept: 1 });
    expect(await onDate()).toHaveLength(0);
    const exception = added
      .json()
      .schedule.exceptions.find((e: { date: string }) => e.date === date);
    expect(exception).toMatchObject({ kind: "leave", startsAt: null, note: "Отпуск" });
    const removed = await send("DELETE", `/api/staff/schedule-exceptions/${exception.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().reconciliation.added).toBe(2);
    expect(await onDate()).toHaveLength(2);
  });

  it("removes only the hours of a part-day exception and refuses one in the past", async () => {
    const date = addCalendarDays(moscowDate(new Date()), 6);
    const added = await send("POST", `/api/staff/doctors/${doctorId}/exceptions`, {
      date,
      startsAt: "14:00",
      endsAt: "14:30",
      kind: "other",
      note: null,
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().reconciliation.removed).toBe(1);
    const past = await send("POST", `/api/staff/doctors/${doctorId}/exceptions`, {
      date: addCalendarDays(moscowDate(new Date()), -1),
      startsAt: null,
      endsAt: null,
      kind: "sick",
      note: null,
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe("date");
  });
});

describe("a clinic's booking mode and a doctor's state", () => {
  it("takes the free times out when the clinic takes requests only or the doctor is off, and brings them back", async () => {
    const body = clinicBody();
    const clinicId = await newClinic(body);
    const doctorId = await newDoctor(clinicId);
    // Counted from tomorrow, so a time that begins while the test runs does not change the count.
    const tomorrow = Date.now() + 24 * 3_600_000;
    const fromTomorrow = async () =>
      (await futureSlots(doctorId)).filter((slot) => slot.startsAt.getTime() > tomorrow).length;
    await send(
      "PUT",
      `/api/staff/doctors/${doctorId}/template`,
      everyDay({ start: "11:00", end: "12:00" }),
    );
    const made = await fromTomorrow();
    expect(made).toBeGreaterThanOrEqual(28 * 2);
    const requests = await send("PUT", `/api/staff/clinics/${clinicId}`, {
      ...body,
      bookingMode: "requests_only",
    });
    expect(requests.statusCode, requests.body).toBe(200);
    expect(await fromTomorrow()).toBe(0);
    await send("PUT", `/api/staff/clinics/${clinicId}`, body);
    expect(await fromTomorrow()).toBe(made);
    const off = await send("PUT", `/api/staff/doctors/${doctorId}`, doctorBody({ active: false }));
    expect(off.statusCode, off.body).toBe(200);
    expect(await fromTomorrow()).toBe(0);
    await send("PUT", `/api/staff/doctors/${doctorId}`, doctorBody());
    expect(await fromTomorrow()).toBe(made);
  });
});

describe("a program's network", () => {
  it("adds, edits and removes entries, and answers a Russian 409 for a second entry with the same clinic, specialty and service", async () => {
    const program = await createTestProgram(t.database.db);
    const clinicId = await newClinic();
    const url = `/api/staff/programs/${program.id}/network`;
    const entry = {
      clinicId,
      specialtyId: therapist,
      serviceId: null,
      guaranteeLetterRequired: true,
      limitVisits: 5,
      limitPeriod: "quarter",
    };
    const created = await send("POST", url, entry);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().entry).toMatchObject({
      specialty: { id: therapist, name: "терапевт" },
      service: null,
      limitVisits: 5,
      limitPeriod: "quarter",
    });
    const twin = await send("POST", url, { ...entry, limitVisits: null });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().title).toBe("Действие невозможно");
    expect(twin.json().detail).toMatch(/уже есть запись сети/);
    const wholeClinic = await send("POST", url, { ...entry, specialtyId: null });
    expect(wholeClinic.statusCode).toBe(201);
    const id = created.json().entry.id;
    const edited = await send("PUT", `/api/staff/network-entries/${id}`, {
      ...entry,
      limitPeriod: "contract",
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().entry.limitPeriod).toBe("contract");
    const onto = await send("PUT", `/api/staff/network-entries/${id}`, {
      ...entry,
      specialtyId: null,
    });
    expect(onto.statusCode).toBe(409);
    const list = await send("GET", url, undefined, operatorCookie);
    expect(list.json().entries).toHaveLength(2);
    expect((await send("DELETE", `/api/staff/network-entries/${id}`)).statusCode).toBe(204);
    expect((await send("GET", url)).json().entries).toHaveLength(1);
    expect((await send("DELETE", `/api/staff/network-entries/${id}`)).statusCode).toBe(404);
  });

  it("refuses a service of another clinic", async () => {
    const program = await createTestProgram(t.database.db);
    const clinicId = await newClinic();
    const otherClinic = await newClinic();
    const service = await send("POST", `/api/staff/clinics/${otherClinic}/services`, serviceBody());
    const res = await send("POST", `/api/staff/programs/${program.id}/network`, {
      clinicId,
      specialtyId: null,
      serviceId: service.json().service.id,
      guaranteeLetterRequired: false,
      limitVisits: null,
      limitPeriod: "year",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({
      field: "serviceId",
      message: "Выберите услугу этой клиники",
    });
  });
});

describe("who may use «Клиники»", () => {
  it("lets an operator read but not change, and keeps a doctor out, with Russian 403s", async () => {
    const clinicId = await newClinic();
    expect(
      (await send("GET", `/api/staff/clinics/${clinicId}`, undefined, operatorCookie)).statusCode,
    ).toBe(200);
    const create = await send("POST", "/api/staff/clinics", clinicBody(), operatorCookie);
    expect(create.statusCode).toBe(403);
    expect(create.json().detail).toMatch(/только администратор/);
    const edit = await send("PUT", `/api/staff/clinics/${clinicId}`, clinicBody(), operatorCookie);
    expect(edit.statusCode).toBe(403);
    const read = await send("GET", "/api/staff/clinics", undefined, doctorCookie);
    expect(read.statusCode).toBe(403);
    expect(read.json().detail).toMatch(/операторам и администраторам/);
    expect((await t.app.inject({ method: "GET", url: "/api/staff/clinics" })).statusCode).toBe(401);
  });

  it("writes every change to the audit log", async () => {
    const clinicId = await newClinic();
    const doctorId = await newDoctor(clinicId);
    await send(
      "PUT",
      `/api/staff/doctors/${doctorId}/template`,
      everyDay({ start: "09:00", end: "10:00" }),
    );
    const rows = await t.database.db
      .select({ action: staffAuditLog.action, subjectId: staffAuditLog.subjectId })
      .from(staffAuditLog)
      .where(eq(staffAuditLog.staffId, admin.id));
    expect(rows).toEqual(
      expect.arrayContaining([
        { action: "clinic.create", subjectId: clinicId },
        { action: "doctor.create", subjectId: doctorId },
        { action: "doctor.template.save", subjectId: doctorId },
        expect.objectContaining({ action: "service.create" }),
        expect.objectContaining({ action: "network.create" }),
        expect.objectContaining({ action: "network.delete" }),
        expect.objectContaining({ action: "doctor.exception.add" }),
        expect.objectContaining({ action: "doctor.exception.remove" }),
      ]),
    );
  });
});

describe("a schedule that opens earlier times", () => {
  it("offers the first of them to a client waiting for an earlier time with that doctor", async () => {
    const db = t.database.db;
    const clinicId = await newClinic();
    const doctorId = await newDoctor(clinicId);
    const visit = await send("POST", `/api/staff/clinics/${clinicId}/services`, serviceBody());
    expect(visit.statusCode, visit.body).toBe(201);
    const program = await createTestProgram(db);
    await send("POST", `/api/staff/programs/${program.id}/network`, {
      clinicId,
      specialtyId: null,
      serviceId: null,
      guaranteeLetterRequired: false,
      limitVisits: null,
      limitPeriod: "year",
    });
    const waiting = await createBookingClient(t.app, db, { programId: program.id });
    const cookies = { rms_session: waiting.cookie };
    await send(
      "PUT",
      `/api/staff/doctors/${doctorId}/template`,
      everyDay({ start: "16:00", end: "17:00" }),
    );
    const late = (await futureSlots(doctorId)).at(-1);
    if (!late) throw new Error("the template made no slots");
    const booked = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      payload: { slotId: late.id, personId: waiting.personId },
      cookies,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const id = booked.json().id;
    const joined = await t.app.inject({
      method: "POST",
      url: `/api/appointments/${id}/waitlist`,
      cookies,
    });
    expect(joined.statusCode, joined.body).toBe(200);

    const saved = await send(
      "PUT",
      `/api/staff/doctors/${doctorId}/template`,
      everyDay({ start: "08:00", end: "17:00" }),
    );
    expect(saved.statusCode, saved.body).toBe(200);
    const view = (
      await t.app.inject({ method: "GET", url: `/api/appointments/${id}`, cookies })
    ).json();
    expect(view.waitlist.offer).not.toBeNull();
    expect(Date.parse(view.waitlist.offer.startsAt)).toBeLessThan(late.startsAt.getTime());
  });
});
