import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { services } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestProgram } from "../../test/contract-factories.ts";
import {
  addSlot,
  addToNetwork,
  type BookingClient,
  createBookingClient,
  createClinic,
  createDoctor,
  createSpecialty,
  createVisitService,
  hoursAhead,
} from "./booking-test-fixtures.ts";
import { addCalendarDays, moscowDate } from "./moscow-time.ts";

const t = setupTestApp();

let me: BookingClient;
let stranger: BookingClient;
type Key =
  | "therapist"
  | "dermatologist"
  | "inNetwork"
  | "outside"
  | "doctor"
  | "visit"
  | "bloodTest"
  | "ultrasound"
  | "ecg"
  | "peeling"
  | "outsideVisit"
  | "outsideMassage";
const ids = {} as Record<Key, string>;

async function createService(
  clinicId: string,
  specialtyId: string,
  name: string,
  priceKopecks: number,
  extra: Partial<typeof services.$inferInsert> = {},
): Promise<string> {
  const [row] = await t.database.db
    .insert(services)
    .values({ clinicId, specialtyId, code: randomUUID(), name, priceKopecks, ...extra })
    .returning({ id: services.id });
  if (!row) throw new Error("the service was not stored");
  return row.id;
}

beforeAll(async () => {
  const db = t.database.db;
  const program = await createTestProgram(db, { name: "Услуги и цены" });
  me = await createBookingClient(t.app, db, { programId: program.id });
  stranger = await createBookingClient(t.app, db);
  ids.therapist = await createSpecialty(db, "терапевт");
  ids.dermatologist = await createSpecialty(db, "дерматолог");
  // The company's discount at this clinic is 15 %; one service overrides it with 50 %.
  ids.inNetwork = await createClinic(db, "Клиника в сети", { companyDiscountBp: 1500 });
  ids.outside = await createClinic(db, "Клиника вне сети", { companyDiscountBp: 1000 });
  ids.doctor = await createDoctor(db, ids.inNetwork, ids.therapist, "Терапевтова");
  // 1 001 kopecks at 15 % is 850.85: the company's price is rounded down to 850.
  ids.visit = await createVisitService(db, ids.inNetwork, ids.therapist, 1001);
  ids.bloodTest = await createService(ids.inNetwork, ids.therapist, "Анализ крови", 60_000);
  ids.ultrasound = await createService(
    ids.inNetwork,
    ids.therapist,
    "УЗИ брюшной полости",
    350_000,
    {
      companyDiscountBp: 5000,
    },
  );
  ids.ecg = await createService(ids.inNetwork, ids.therapist, "ЭКГ", 120_000);
  ids.peeling = await createService(ids.inNetwork, ids.dermatologist, "Дерматоскопия", 200_000);
  await createService(ids.inNetwork, ids.therapist, "Снятая с прайса услуга", 10_000, {
    active: false,
  });
  ids.outsideVisit = await createVisitService(db, ids.outside, ids.therapist, 250_000);
  ids.outsideMassage = await createService(ids.outside, ids.therapist, "Массаж", 333_333);

  // The whole clinic is covered; the therapist's visits there are limited to one over the
  // contract; two services have rows of their own that override both.
  await addToNetwork(db, program.id, ids.inNetwork);
  await addToNetwork(db, program.id, ids.inNetwork, {
    specialtyId: ids.therapist,
    limitVisits: 1,
    limitPeriod: "contract",
  });
  await addToNetwork(db, program.id, ids.inNetwork, {
    specialtyId: ids.therapist,
    serviceId: ids.bloodTest,
    guaranteeLetterRequired: true,
  });
  await addToNetwork(db, program.id, ids.inNetwork, {
    specialtyId: ids.therapist,
    serviceId: ids.ultrasound,
    limitVisits: 0,
  });
});

function servicesUrl(params: Record<string, string>): string {
  return `/api/booking/services?${new URLSearchParams(params).toString()}`;
}

function get(url: string, cookie = me.cookie) {
  return t.app.inject({ method: "GET", url, cookies: { rms_session: cookie } });
}

type Listed = { id: string; name: string; isVisit: boolean; coverage: { kind: string } };

async function listed(params: Record<string, string>): Promise<Listed[]> {
  const res = await get(servicesUrl(params));
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ services: Listed[] }>().services;
}

const coverageOf = (list: Listed[], id: string) =>
  list.find((service) => service.id === id)?.coverage;

describe("GET /api/booking/services", () => {
  it("lists the clinic's active services, the visit first and then by name, each with its specialty", async () => {
    const list = await listed({ personId: me.personId, clinicId: ids.inNetwork });
    expect(list.map((service) => service.name)).toEqual([
      "Приём врача",
      "Анализ крови",
      "Дерматоскопия",
      "УЗИ брюшной полости",
      "ЭКГ",
    ]);
    expect(list[0]).toMatchObject({
      id: ids.visit,
      isVisit: true,
      specialty: { id: ids.therapist, name: "терапевт" },
    });
    expect(list[1]).toMatchObject({ isVisit: false, code: expect.any(String) });
  });

  it("lets a service's own network row override the specialty's and the clinic's", async () => {
    const list = await listed({ personId: me.personId, clinicId: ids.inNetwork });
    expect(coverageOf(list, ids.ecg)).toEqual({ kind: "covered" });
    expect(coverageOf(list, ids.peeling)).toEqual({ kind: "covered" });
    expect(coverageOf(list, ids.bloodTest)).toEqual({ kind: "guarantee_letter" });
    // The service's own discount (50 %) overrides the clinic's 15 %.
    expect(coverageOf(list, ids.ultrasound)).toEqual({
      kind: "paid",
      reason: "limit_used_up",
      clinicPriceKopecks: 350_000,
      companyPriceKopecks: 175_000,
    });
  });

  it("lists only the chosen specialty's services when one is given", async () => {
    const list = await listed({
      personId: me.personId,
      clinicId: ids.inNetwork,
      specialtyId: ids.dermatologist,
    });
    expect(list.map((service) => service.id)).toEqual([ids.peeling]);
  });

  it("turns a covered visit paid with both prices once the limit is used up by a booking", async () => {
    const before = await listed({ personId: me.personId, clinicId: ids.inNetwork });
    expect(coverageOf(before, ids.visit)).toEqual({ kind: "covered" });

    const slotId = await addSlot(t.database.db, ids.doctor, hoursAhead(30));
    const booked = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      payload: { slotId, personId: me.personId },
      cookies: { rms_session: me.cookie },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().coverage).toEqual({ kind: "covered" });

    const after = await listed({ personId: me.personId, clinicId: ids.inNetwork });
    expect(coverageOf(after, ids.visit)).toEqual({
      kind: "paid",
      reason: "limit_used_up",
      clinicPriceKopecks: 1001,
      companyPriceKopecks: 850,
    });
    // Its own row still covers the blood test by a letter; the dermatologist counts no visits.
    expect(coverageOf(after, ids.bloodTest)).toEqual({ kind: "guarantee_letter" });
    expect(coverageOf(after, ids.peeling)).toEqual({ kind: "covered" });
    expect(coverageOf(after, ids.ecg)).toMatchObject({ kind: "paid", reason: "limit_used_up" });
  });

  it("shows every service of a clinic outside the network as paid, not in the network", async () => {
    const list = await listed({ personId: me.personId, clinicId: ids.outside });
    expect(list.map((service) => service.id)).toEqual([ids.outsideVisit, ids.outsideMassage]);
    expect(list.map((service) => service.coverage)).toEqual([
      {
        kind: "paid",
        reason: "not_in_network",
        clinicPriceKopecks: 250_000,
        companyPriceKopecks: 225_000,
      },
      // 333 333 kopecks at 10 % is 299 999.7: rounded down to 299 999.
      {
        kind: "paid",
        reason: "not_in_network",
        clinicPriceKopecks: 333_333,
        companyPriceKopecks: 299_999,
      },
    ]);
  });

  it("answers 404 for another account's person and for an unknown clinic", async () => {
    const foreign = await get(
      servicesUrl({ personId: stranger.personId, clinicId: ids.inNetwork }),
    );
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toBe(
      "Записаться можно за себя и за детей до 15 лет по вашим договорам: выберите другого человека.",
    );
    const unknown = await get(servicesUrl({ personId: me.personId, clinicId: randomUUID() }));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe(
      "Эта клиника не найдена или больше не принимает: выберите другую.",
    );
  });

  it("costs a service as of the chosen day: past the contract's end it is paid, and a day beyond 14 is refused", async () => {
    const ending = await createBookingClient(t.app, t.database.db, {
      programId: me.programId,
      endsInDays: 3,
    });
    const today = moscowDate(new Date());
    const query = { personId: ending.personId, clinicId: ids.inNetwork };
    const onDay = async (on: string) => {
      const res = await get(servicesUrl({ ...query, on }), ending.cookie);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ services: Listed[] }>().services;
    };
    expect(coverageOf(await onDay(today), ids.visit)).toEqual({ kind: "covered" });
    expect(coverageOf(await onDay(addCalendarDays(today, 6)), ids.visit)).toMatchObject({
      kind: "paid",
      reason: "contract_not_active",
    });
    for (const on of [addCalendarDays(today, -1), addCalendarDays(today, 15)]) {
      const refused = await get(servicesUrl({ ...query, on }), ending.cookie);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().detail).toMatch(/^Цены показываются на день с сегодняшнего/);
    }
    expect((await get(servicesUrl({ ...query, on: "завтра" }), ending.cookie)).statusCode).toBe(
      400,
    );
  });

  it("refuses a person whose contract is not in force today with a Russian 403", async () => {
    const later = await createBookingClient(t.app, t.database.db, { startsInDays: 5 });
    const res = await get(
      servicesUrl({ personId: later.personId, clinicId: ids.inNetwork }),
      later.cookie,
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/Договор этого человека сейчас не действует/);
  });

  it.each([
    ["a bad person id", { personId: "петрова", clinicId: "clinic" }, "Выберите, для кого запись"],
    ["no clinic", { personId: "person" }, "Выберите клинику"],
    ["a bad clinic id", { personId: "person", clinicId: "клиника" }, "Выберите клинику"],
    [
      "a bad specialty id",
      { personId: "person", clinicId: "clinic", specialtyId: "терапия" },
      "Неверный идентификатор специальности",
    ],
  ])("refuses %s with a Russian 400", async (_name, params, detail) => {
    const real: Record<string, string> = { person: me.personId, clinic: ids.inNetwork };
    const query = Object.fromEntries(
      Object.entries(params).map(([key, value]) => [key, real[value] ?? value]),
    );
    const res = await get(servicesUrl(query));
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toContain(detail);
  });

  it("asks a signed-out visitor to sign in", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: servicesUrl({ personId: me.personId, clinicId: ids.inNetwork }),
    });
    expect(res.statusCode).toBe(401);
  });
});
