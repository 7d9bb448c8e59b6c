import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestProgram } from "../../test/contract-factories.ts";
import {
  addToNetwork,
  type BookingClient,
  createBookingClient,
  createClinic,
  createDoctor,
  createSpecialty,
  createVisitService,
} from "./booking-test-fixtures.ts";

const t = setupTestApp();

let me: BookingClient;
let stranger: BookingClient;
type Key =
  | "program"
  | "ent"
  | "derm"
  | "near"
  | "far"
  | "noGeo"
  | "outside"
  | "entNear"
  | "entFar"
  | "dermNear"
  | "entOutside"
  | "inactive";
const ids = {} as Record<Key, string>;

beforeAll(async () => {
  const db = t.database.db;
  const program = await createTestProgram(db, { name: "Поликлиника плюс" });
  me = await createBookingClient(t.app, db, { programId: program.id });
  stranger = await createBookingClient(t.app, db);
  ids.program = program.id;
  ids.ent = await createSpecialty(db, "оториноларинголог");
  ids.derm = await createSpecialty(db, "дерматолог");
  // Kremlin 55.752/37.6175; Сокол 55.805/37.515 (≈ 9 km); Марьино 55.650/37.744 (≈ 13.8 km).
  ids.near = await createClinic(db, "Яблоко на Соколе", {
    metro: "Сокол",
    district: "Аэропорт",
    latitude: 55.8053,
    longitude: 37.5152,
    companyDiscountBp: 1000,
  });
  ids.far = await createClinic(db, "Апельсин в Марьино", {
    metro: "Марьино",
    district: "Марьино",
    latitude: 55.65,
    longitude: 37.744,
  });
  ids.noGeo = await createClinic(db, "Банан без координат", {
    metro: "Сокол",
    district: "Аэропорт",
    bookingMode: "requests_only",
  });
  ids.outside = await createClinic(db, "Вне сети", { metro: "Арбатская" });
  ids.entNear = await createDoctor(db, ids.near, ids.ent, "Лорина", { firstName: "Алёна" });
  ids.entFar = await createDoctor(db, ids.far, ids.ent, "Лоров", { practiceSince: 2001 });
  ids.dermNear = await createDoctor(db, ids.near, ids.derm, "Кожевникова");
  ids.entOutside = await createDoctor(db, ids.outside, ids.ent, "Лоркин");
  ids.inactive = await createDoctor(db, ids.near, ids.ent, "Лорищев", { active: false });
  await createVisitService(db, ids.near, ids.ent, 300_000);
  await createVisitService(db, ids.far, ids.ent, 200_000);
  await createVisitService(db, ids.noGeo, ids.ent, 250_000);
  await createVisitService(db, ids.near, ids.derm, 280_000);
  await createVisitService(db, ids.outside, ids.ent, 100_000);
  // Сокол: every specialty covered; Марьино: ENT needs a letter; no coordinates: the whole clinic.
  await addToNetwork(db, program.id, ids.near);
  await addToNetwork(db, program.id, ids.far, {
    specialtyId: ids.ent,
    guaranteeLetterRequired: true,
  });
  await addToNetwork(db, program.id, ids.noGeo);
  // The dermatologist at Сокол is paid under this program: a service-specific row says so
  // through a zero limit.
  await addToNetwork(db, program.id, ids.near, { specialtyId: ids.derm, limitVisits: 0 });
});

function get(url: string, session = me.cookie) {
  return t.app.inject({ method: "GET", url, cookies: { rms_session: session } });
}
const query = (path: string, params: Record<string, string>) =>
  `${path}?${new URLSearchParams(params)}`;

describe("«Для кого»", () => {
  it("lists the account's persons of contracts in force today, with the contract and program", async () => {
    const res = await get("/api/booking/persons");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      persons: [
        {
          id: me.personId,
          name: "Петрова Анна Сергеевна",
          birthDate: "1990-03-15",
          contractId: me.contractId,
          contractNumber: expect.stringMatching(/^11\/\d{8}$/),
          programName: "Поликлиника плюс",
        },
      ],
    });
  });

  it("leaves out a person whose contract has ended or not begun", async () => {
    const ended = await createBookingClient(t.app, t.database.db, {
      startsInDays: -400,
      endsInDays: -1,
    });
    const future = await createBookingClient(t.app, t.database.db, {
      startsInDays: 2,
      endsInDays: 300,
    });
    expect((await get("/api/booking/persons", ended.cookie)).json()).toEqual({ persons: [] });
    expect((await get("/api/booking/persons", future.cookie)).json()).toEqual({ persons: [] });
  });

  it("answers 401 without a session", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/booking/persons" })).statusCode).toBe(
      401,
    );
    expect(
      (await t.app.inject({ method: "GET", url: "/api/booking/specialties" })).statusCode,
    ).toBe(401);
  });
});

describe("specialties and doctors", () => {
  it("lists the specialties some clinic has a visit for, by name", async () => {
    const res = await get("/api/booking/specialties");
    expect(res.statusCode).toBe(200);
    const names = res.json().specialties.map((s: { name: string }) => s.name);
    expect(names).toEqual(["дерматолог", "оториноларинголог"]);
  });

  it("finds the person's network doctors by a part of the name, ё as е, with their clinic", async () => {
    const res = await get(query("/api/booking/doctors", { personId: me.personId, q: "лор" }));
    expect(res.statusCode).toBe(200);
    const doctors = res.json().doctors as { id: string; name: string }[];
    // By name (Лорина before Лоров); not the inactive doctor, not the one outside the network.
    expect(doctors.map((doctor) => doctor.id)).toEqual([ids.entNear, ids.entFar]);
    expect(res.json().doctors[1]).toMatchObject({
      name: "Лоров Иван Иванович",
      specialty: { id: ids.ent, name: "оториноларинголог" },
      yearsOfPractice: Number(new Date().toISOString().slice(0, 4)) - 2001,
      clinic: { id: ids.far, name: "Апельсин в Марьино", metro: "Марьино", phone: "+74951110000" },
    });
    const both = await get(
      query("/api/booking/doctors", { personId: me.personId, q: "алена лорина" }),
    );
    expect(both.json().doctors.map((doctor: { id: string }) => doctor.id)).toEqual([ids.entNear]);
    const wildcard = await get(query("/api/booking/doctors", { personId: me.personId, q: "%%" }));
    expect(wildcard.json().doctors).toEqual([]);
  });

  it("refuses a one-letter search with a Russian 400 and another account's person with 404", async () => {
    const short = await get(query("/api/booking/doctors", { personId: me.personId, q: "л" }));
    expect(short.statusCode).toBe(400);
    expect(short.json().detail).toBe("Введите не меньше двух букв фамилии или имени врача");
    const foreign = await get(
      query("/api/booking/doctors", { personId: me.personId, q: "лор" }),
      stranger.cookie,
    );
    expect(foreign.statusCode).toBe(404);
  });
});

describe("clinics of the person's network", () => {
  const clinicsUrl = (params: Record<string, string>) =>
    query("/api/booking/clinics", { personId: me.personId, ...params });

  it("lists the network's clinics for a specialty by name, each with the visit's coverage, and the filters' lists", async () => {
    const res = await get(clinicsUrl({ specialtyId: ids.ent }));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.clinics.map((clinic: { id: string }) => clinic.id)).toEqual([
      ids.far,
      ids.noGeo,
      ids.near,
    ]);
    expect(body.metros).toEqual(["Марьино", "Сокол"]);
    expect(body.districts).toEqual(["Аэропорт", "Марьино"]);
    const byId = Object.fromEntries(
      body.clinics.map((clinic: { id: string }) => [clinic.id, clinic]),
    );
    expect(byId[ids.near]).toMatchObject({
      bookingMode: "online",
      distanceKm: null,
      phones: ["+74951110000"],
      openingHours: "Пн–Пт 8:00–21:00",
      coverage: { kind: "covered" },
    });
    expect(byId[ids.far].coverage).toEqual({ kind: "guarantee_letter" });
    expect(byId[ids.noGeo]).toMatchObject({
      bookingMode: "requests_only",
      coverage: { kind: "covered" },
    });
  });

  it("puts the nearest first when a location is given, clinics without coordinates last", async () => {
    const res = await get(
      clinicsUrl({ specialtyId: ids.ent, latitude: "55.752", longitude: "37.6175" }),
    );
    expect(res.statusCode).toBe(200);
    const clinics = res.json().clinics as { id: string; distanceKm: number | null }[];
    expect(clinics.map((clinic) => clinic.id)).toEqual([ids.near, ids.far, ids.noGeo]);
    expect(clinics[0]?.distanceKm).toBeCloseTo(8.9, 0);
    expect(clinics[1]?.distanceKm).toBeCloseTo(13.8, 0);
    expect(clinics[2]?.distanceKm).toBeNull();
  });

  it("filters by metro or district but keeps the full lists for the filters", async () => {
    const byMetro = (await get(clinicsUrl({ specialtyId: ids.ent, metro: "Сокол" }))).json();
    expect(byMetro.clinics.map((clinic: { id: string }) => clinic.id)).toEqual([
      ids.noGeo,
      ids.near,
    ]);
    expect(byMetro.metros).toEqual(["Марьино", "Сокол"]);
    const byDistrict = (
      await get(clinicsUrl({ specialtyId: ids.ent, district: "марьино" }))
    ).json();
    expect(byDistrict.clinics.map((clinic: { id: string }) => clinic.id)).toEqual([ids.far]);
  });

  it("gives a paid coverage with both prices where the limit is nil, and a doctor's own clinic for doctorId", async () => {
    const derm = (await get(clinicsUrl({ specialtyId: ids.derm }))).json();
    // Марьино's row covers ENT only: it is not in the network for dermatology; the clinic
    // without coordinates is in the network but has no dermatology visit, so it is not listed.
    expect(derm.clinics.map((clinic: { id: string }) => clinic.id)).toEqual([ids.near]);
    const near = derm.clinics.find((clinic: { id: string }) => clinic.id === ids.near);
    expect(near.coverage).toEqual({
      kind: "paid",
      reason: "limit_used_up",
      clinicPriceKopecks: 280_000,
      companyPriceKopecks: 252_000,
    });
    const doctor = (await get(clinicsUrl({ doctorId: ids.entFar }))).json();
    expect(doctor.clinics.map((clinic: { id: string }) => clinic.id)).toEqual([ids.far]);
  });

  it("lists every network clinic without coverage when no specialty is chosen", async () => {
    const res = (await get(clinicsUrl({}))).json();
    expect(res.clinics.map((clinic: { id: string }) => clinic.id)).toEqual([
      ids.far,
      ids.noGeo,
      ids.near,
    ]);
    expect(res.clinics.every((clinic: { coverage: unknown }) => clinic.coverage === null)).toBe(
      true,
    );
  });

  it.each([
    ["only a latitude", { latitude: "55.7" }, "Укажите и широту, и долготу"],
    ["a latitude out of range", { latitude: "95", longitude: "37" }, ""],
    ["a latitude that is not a number", { latitude: "север", longitude: "37" }, ""],
    ["a bad specialty id", { specialtyId: "кардио" }, "Неверный идентификатор специальности"],
  ])("refuses %s with a Russian 400", async (_name, params, detail) => {
    const res = await get(clinicsUrl(params));
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toMatch(/[А-Яа-яЁё]/);
    if (detail) expect(res.json().detail).toContain(detail);
  });

  it("answers 404 for an unknown doctor and for another account's person", async () => {
    expect((await get(clinicsUrl({ doctorId: randomUUID() }))).statusCode).toBe(404);
    expect((await get(clinicsUrl({}), stranger.cookie)).statusCode).toBe(404);
  });
});
