import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  clinics,
  doctors,
  doctorWeekTemplates,
  events,
  programNetworkEntries,
  services,
  slots,
  specialties,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import { createTestClient, signInClient } from "../../test/factories.ts";
import { TIME_HOLDING_STATUSES } from "./appointment-status.ts";
import { addCalendarDays, moscowDate } from "./moscow-time.ts";
import { materialiseSlots } from "./slot-materialisation.ts";

const t = setupTestApp();

const HOUR = 3_600_000;
const MINUTE = 60_000;

type Key =
  | "crowdCookie"
  | "therapy"
  | "cardio"
  | "clinicA"
  | "clinicB"
  | "clinicC"
  | "clinicD"
  | "docA"
  | "docA2"
  | "docB"
  | "docC"
  | "docD";
const ids = {} as Record<Key, string>;
let cookie = "";
let otherCookie = "";
let personId = "";
let crowd: string[] = [];

/** A time on the hour `hours` from now, so slots never collide between tests. */
function at(hours: number): Date {
  return new Date(Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR);
}

async function insertOne<T extends { id: string }>(promise: Promise<T[]>): Promise<string> {
  const [row] = await promise;
  if (!row) throw new Error("a fixture row was not stored");
  return row.id;
}

async function addSlot(doctor: string, startsAt: Date, minutes = 30): Promise<string> {
  const [row] = await t.database.db
    .select({ clinicId: doctors.clinicId, specialtyId: doctors.specialtyId })
    .from(doctors)
    .where(eq(doctors.id, doctor));
  if (!row) throw new Error("no such doctor");
  return insertOne(
    t.database.db
      .insert(slots)
      .values({
        doctorId: doctor,
        ...row,
        startsAt,
        endsAt: new Date(startsAt.getTime() + minutes * MINUTE),
      })
      .returning({ id: slots.id }),
  );
}

beforeAll(async () => {
  const db = t.database.db;
  const today = moscowDate(new Date());
  const program = await createTestProgram(db);
  const client = await createTestClient(db);
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: addCalendarDays(today, -30),
    endsOn: addCalendarDays(today, 300),
    persons: [
      {
        slot: 1,
        lastName: "Петрова",
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1990-03-15",
        phone: client.phone,
      },
    ],
  });
  personId = contract.personIds[0] ?? "";
  cookie = await signInClient(t.app, client);
  const other = await createTestClient(db);
  otherCookie = await signInClient(t.app, other);
  // 50 children of one more account, each on a contract of its own, for the concurrency test
  // (an account books for itself and its children under 15).
  const crowdClient = await createTestClient(db);
  crowd = [];
  for (let index = 0; index < 50; index += 1) {
    const c = await createTestContract(db, {
      programId: program.id,
      startsOn: addCalendarDays(today, -1),
      endsOn: addCalendarDays(today, 100),
      persons: [
        {
          slot: 1,
          lastName: "Сидоров",
          firstName: `Пётр${index}`,
          birthDate: addCalendarDays(today, -8 * 365),
          phone: crowdClient.phone,
        },
      ],
    });
    crowd.push(c.personIds[0] ?? "");
  }
  ids.crowdCookie = await signInClient(t.app, crowdClient);

  ids.therapy = await insertOne(
    db
      .insert(specialties)
      .values({ code: `t-${randomUUID()}`, name: "терапевт" })
      .returning(),
  );
  ids.cardio = await insertOne(
    db
      .insert(specialties)
      .values({ code: `c-${randomUUID()}`, name: "кардиолог" })
      .returning(),
  );
  const clinic = (name: string, extra: Partial<typeof clinics.$inferInsert> = {}) =>
    insertOne(
      db
        .insert(clinics)
        .values({
          name,
          address: "Москва, ул. Тестовая, 1",
          metro: "Тестовская",
          district: "Тестовый",
          phones: ["+74951110000"],
          openingHours: "Пн–Пт 8:00–21:00",
          ...extra,
        })
        .returning(),
    );
  ids.clinicA = await clinic("Клиника А", { companyDiscountBp: 1500 });
  ids.clinicB = await clinic("Клиника Б", { phones: ["+74952220000"] });
  ids.clinicC = await clinic("Клиника В", { companyDiscountBp: 1500 });
  ids.clinicD = await clinic("Клиника Г", { bookingMode: "requests_only" });
  const doctor = (clinicId: string, specialtyId: string, lastName: string) =>
    insertOne(
      db
        .insert(doctors)
        .values({
          clinicId,
          specialtyId,
          lastName,
          firstName: "Иван",
          patronymic: "Иванович",
          practiceSince: 2010,
        })
        .returning(),
    );
  ids.docA = await doctor(ids.clinicA, ids.therapy, "Алексеев");
  ids.docA2 = await doctor(ids.clinicA, ids.cardio, "Борисов");
  ids.docB = await doctor(ids.clinicB, ids.therapy, "Васильев");
  ids.docC = await doctor(ids.clinicC, ids.therapy, "Григорьев");
  ids.docD = await doctor(ids.clinicD, ids.therapy, "Дмитриев");
  const visit = (clinicId: string, specialtyId: string, priceKopecks: number) =>
    insertOne(
      db
        .insert(services)
        .values({
          clinicId,
          specialtyId,
          code: randomUUID(),
          name: "Приём врача",
          priceKopecks,
          isVisit: true,
        })
        .returning(),
    );
  await visit(ids.clinicA, ids.therapy, 250_000);
  await visit(ids.clinicA, ids.cardio, 300_000);
  await visit(ids.clinicB, ids.therapy, 200_000);
  await visit(ids.clinicC, ids.therapy, 200_100);
  await visit(ids.clinicD, ids.therapy, 200_000);
  await db.insert(programNetworkEntries).values([
    { programId: program.id, clinicId: ids.clinicA, limitVisits: null },
    // Cardiology at A: one visit over the contract's term.
    {
      programId: program.id,
      clinicId: ids.clinicA,
      specialtyId: ids.cardio,
      limitVisits: 1,
      limitPeriod: "contract",
    },
    { programId: program.id, clinicId: ids.clinicB, guaranteeLetterRequired: true },
    { programId: program.id, clinicId: ids.clinicD },
  ]);
});

function get(url: string, session = cookie) {
  return t.app.inject({ method: "GET", url, cookies: { rms_session: session } });
}
function book(slotId: string, person = personId, session = cookie) {
  return t.app.inject({
    method: "POST",
    url: "/api/appointments",
    payload: { slotId, personId: person },
    cookies: { rms_session: session },
  });
}
function cancel(id: string, session = cookie) {
  return t.app.inject({
    method: "POST",
    url: `/api/appointments/${id}/cancel`,
    cookies: { rms_session: session },
  });
}
const slotsUrl = (query: Record<string, string>) =>
  `/api/booking/slots?${new URLSearchParams({ personId, ...query })}`;

describe("booking a time", () => {
  it("gives exactly one of 50 concurrent attempts on one time, and 49 a Russian 409", async () => {
    const slotId = await addSlot(ids.docA, at(30));
    const answers = await Promise.all(crowd.map((person) => book(slotId, person, ids.crowdCookie)));
    const codes = answers.map((answer) => answer.statusCode);
    expect(codes.filter((code) => code === 201)).toHaveLength(1);
    expect(codes.filter((code) => code === 409)).toHaveLength(49);
    // Taken, or (on PostgreSQL, while the winner's transaction still holds the time) being booked.
    for (const answer of answers.filter((a) => a.statusCode === 409)) {
      expect([
        "Это время уже занято: выберите другое.",
        "Это время сейчас бронирует другой клиент: выберите другое или попробуйте через минуту.",
      ]).toContain(answer.json().detail);
    }
  });

  it("books a covered time, shows it in «Мои записи» and writes appointment.booked with the ids only", async () => {
    const slotId = await addSlot(ids.docA, at(50));
    const booked = await book(slotId);
    expect(booked.statusCode).toBe(201);
    const appointment = booked.json();
    expect(appointment).toMatchObject({
      status: "confirmed",
      personId,
      personName: "Петрова Анна Сергеевна",
      coverage: { kind: "covered" },
      clinic: { name: "Клиника А", phone: "+74951110000" },
      doctor: { name: "Алексеев Иван Иванович", specialty: { name: "терапевт" } },
      canCancel: true,
      history: [expect.objectContaining({ status: "confirmed" })],
    });
    const [event] = await t.database.db
      .select()
      .from(events)
      .where(
        sql`${events.type} = 'appointment.booked' and ${events.payload}->>'appointmentId' = ${appointment.id}`,
      );
    expect(event?.payload).toEqual({ appointmentId: appointment.id, slotId });
    const mine = await get("/api/appointments");
    expect(mine.statusCode).toBe(200);
    expect(mine.json().upcoming.map((a: { id: string }) => a.id)).toContain(appointment.id);
  });

  it("does not let one person hold two overlapping appointments at different doctors", async () => {
    const first = await addSlot(ids.docA, at(70));
    const overlapping = await addSlot(ids.docB, new Date(at(70).getTime() + 15 * MINUTE));
    expect((await book(first)).statusCode).toBe(201);
    const second = await book(overlapping);
    expect(second.statusCode).toBe(409);
    expect(second.json().detail).toMatch(/^У этого человека уже есть запись на это время/);
  });

  it("keeps the database's constraints over exactly the live statuses", async () => {
    const result = await t.database.db.execute(
      sql`select conname, pg_get_constraintdef(oid) as def from pg_constraint where conname like 'appointments_%' and contype = 'x' order by conname`,
    );
    const rows = (result as unknown as { rows: { conname: string; def: string }[] }).rows;
    expect(rows.map((row) => row.conname)).toEqual([
      "appointments_doctor_time_once",
      "appointments_person_one_place",
    ]);
    for (const row of rows) {
      const listed = [...row.def.matchAll(/'(\w+)'/g)].map((match) => match[1]);
      expect(listed.sort()).toEqual([...TIME_HOLDING_STATUSES].sort());
    }
  });
});

describe("free times and their coverage", () => {
  it("lists free times by specialty and clinic with «По программе», «гарантийное письмо» and «Платно» with both prices", async () => {
    const covered = await addSlot(ids.docA, at(90));
    const letter = await addSlot(ids.docB, at(90));
    const paid = await addSlot(ids.docC, at(90));
    await addSlot(ids.docD, at(90));
    const res = await get(
      slotsUrl({ specialtyId: ids.therapy, from: at(89).toISOString(), to: at(92).toISOString() }),
    );
    expect(res.statusCode).toBe(200);
    const list = res.json().slots as { id: string; coverage: unknown; clinic: { name: string } }[];
    // The request-only clinic's times are not offered online.
    expect(list.map((slot) => slot.id).sort()).toEqual([covered, letter, paid].sort());
    const coverage = Object.fromEntries(list.map((slot) => [slot.id, slot.coverage]));
    expect(coverage[covered]).toEqual({ kind: "covered" });
    expect(coverage[letter]).toEqual({ kind: "guarantee_letter" });
    expect(coverage[paid]).toEqual({
      kind: "paid",
      reason: "not_in_network",
      clinicPriceKopecks: 200_100,
      companyPriceKopecks: 170_085,
    });
    const byClinic = await get(
      slotsUrl({ clinicId: ids.clinicB, from: at(89).toISOString(), to: at(92).toISOString() }),
    );
    expect(byClinic.json().slots.map((slot: { id: string }) => slot.id)).toEqual([letter]);
    const booked = await book(letter);
    expect(booked.json()).toMatchObject({
      status: "awaiting_letter",
      coverage: { kind: "guarantee_letter" },
    });
  });

  it("turns a covered visit into a paid one once the limit is used up", async () => {
    const first = await addSlot(ids.docA2, at(110));
    const second = await addSlot(ids.docA2, at(112));
    const before = await get(
      slotsUrl({ doctorId: ids.docA2, from: at(109).toISOString(), to: at(113).toISOString() }),
    );
    expect(
      before.json().slots.map((slot: { coverage: { kind: string } }) => slot.coverage.kind),
    ).toEqual(["covered", "covered"]);
    expect((await book(first)).json().coverage).toEqual({ kind: "covered" });
    const after = await get(
      slotsUrl({ doctorId: ids.docA2, from: at(109).toISOString(), to: at(113).toISOString() }),
    );
    expect(after.json().slots).toEqual([
      expect.objectContaining({
        id: second,
        coverage: {
          kind: "paid",
          reason: "limit_used_up",
          clinicPriceKopecks: 300_000,
          companyPriceKopecks: 255_000,
        },
      }),
    ]);
    // A time the program no longer covers is paid in the app («Оплатить и записаться»).
    const paid = await book(second);
    expect(paid.statusCode).toBe(409);
    expect(paid.json().detail).toMatch(/«Оплатить и записаться»/);
  });
  it("gives the last covered visit to one of two concurrent bookings of one person, the other sent to pay", async () => {
    const person = crowd[1] ?? "";
    const first = await addSlot(ids.docA2, at(200));
    const second = await addSlot(ids.docA2, at(202));
    const answers = await Promise.all([
      book(first, person, ids.crowdCookie),
      book(second, person, ids.crowdCookie),
    ]);
    // One gets the covered visit; the other finds its time paid now, and is sent to pay for it.
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    const booked = answers.find((answer) => answer.statusCode === 201);
    expect(booked?.json().coverage.kind).toBe("covered");
    const refused = answers.find((answer) => answer.statusCode === 409);
    expect(refused?.json().detail).toMatch(/«Оплатить и записаться»/);
  });
});

describe("cancelling", () => {
  it("cancels before the cut-off, and the time is free again", async () => {
    const slotId = await addSlot(ids.docA, at(130));
    const booked = (await book(slotId)).json();
    const window = { doctorId: ids.docA, from: at(129).toISOString(), to: at(131).toISOString() };
    expect((await get(slotsUrl(window))).json().slots).toEqual([]);
    const cancelled = await cancel(booked.id);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "cancelled", canCancel: false });
    expect(cancelled.json().history.map((h: { status: string }) => h.status)).toEqual([
      "confirmed",
      "cancelled",
    ]);
    expect(
      (await get(slotsUrl(window))).json().slots.map((slot: { id: string }) => slot.id),
    ).toEqual([slotId]);
    const again = await cancel(booked.id);
    expect(again.statusCode).toBe(409);
    // Someone else may now book the freed time.
    expect((await book(slotId, crowd[0] ?? "", ids.crowdCookie)).statusCode).toBe(201);
  });

  it("refuses to cancel past the clinic's cut-off with a Russian 409 naming the clinic's phone", async () => {
    const slotId = await addSlot(ids.docB, new Date(Date.now() + 2 * HOUR));
    const booked = (await book(slotId)).json();
    expect(booked.canCancel).toBe(false);
    const refused = await cancel(booked.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(
      "Отменить запись в кабинете можно не позже чем за 4 ч до приёма. Позвоните в клинику: +7 495 222-00-00.",
    );
  });
});

describe("someone else's person and bad input", () => {
  it("answers 404 for another account's person and appointment, and changes nothing", async () => {
    const slotId = await addSlot(ids.docA, at(150));
    expect((await get(slotsUrl({}), otherCookie)).statusCode).toBe(404);
    const refused = await book(slotId, personId, otherCookie);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().detail).toMatch(/^Записаться можно за себя и за детей до 15 лет/);
    const mine = (await book(slotId)).json();
    expect((await cancel(mine.id, otherCookie)).statusCode).toBe(404);
    expect((await get("/api/appointments", otherCookie)).json()).toEqual({
      upcoming: [],
      past: [],
    });
  });

  it("answers 401 without a session", async () => {
    const res = await t.app.inject({ method: "GET", url: slotsUrl({}) });
    expect(res.statusCode).toBe(401);
  });

  it.each([
    ["a bad uuid", `/api/booking/slots?personId=not-a-uuid`],
    ["a NUL byte", `/api/booking/slots?personId=${encodeURIComponent("\u0000")}`],
    ["from after to", "FROM_AFTER_TO"],
    ["more than 14 days ahead", "TOO_FAR"],
  ])("refuses %s with a Russian 400", async (_name, url) => {
    const target =
      url === "FROM_AFTER_TO"
        ? slotsUrl({ from: at(10).toISOString(), to: at(5).toISOString() })
        : url === "TOO_FAR"
          ? slotsUrl({ to: new Date(Date.now() + 15 * 24 * HOUR).toISOString() })
          : url;
    const res = await get(target);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/[А-Яа-яЁё]/);
  });

  it("refuses a bad slot id or a NUL byte in the body with a Russian 400, and an unknown slot with 404", async () => {
    const bad = await book("not-a-uuid");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/[А-Яа-яЁё]/);
    const nul = await book("\u0000");
    expect(nul.statusCode).toBe(400);
    expect((await book(randomUUID())).statusCode).toBe(404);
    expect((await cancel("not-a-uuid")).statusCode).toBe(400);
  });
});

describe("slot materialisation", () => {
  it("stores a doctor's template for the coming 30 days once, however often it runs", async () => {
    await t.database.db.insert(doctorWeekTemplates).values({
      doctorId: ids.docC,
      template: {
        slotMinutes: 30,
        days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          hours: { start: "09:00", end: "11:00" },
          breaks: [{ start: "10:00", end: "10:30" }],
        })),
      },
    });
    const count = async () =>
      (await t.database.db.select({ id: slots.id }).from(slots).where(eq(slots.doctorId, ids.docC)))
        .length;
    const before = await count();
    const first = await materialiseSlots(t.database.db);
    // 3 slots a day for 30 days, less those of today already started, and less one for each of
    // the doctor's slots the earlier tests added (at times that depend on the clock) where it
    // overlaps a template time.
    expect(first.inserted).toBeGreaterThanOrEqual(87 - before);
    expect(first.inserted).toBeLessThanOrEqual(90);
    const second = await materialiseSlots(t.database.db);
    expect(second.inserted).toBe(0);
    expect(await count()).toBe(before + first.inserted);
  });
});
