import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { doctors, integrationTokens, slots } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestStaff, signInStaff } from "../../test/factories.ts";
import {
  addToNetwork,
  createBookingClient,
  createClinic,
  createDoctor,
  createSpecialty,
  createVisitService,
} from "./booking-test-fixtures.ts";

const t = setupTestApp();

const HOUR = 3_600_000;
const MINUTE = 60_000;

let adminCookie = "";
let specialtyId = "";

/** A time on the hour, `hours` from now. */
function at(hours: number): Date {
  return new Date(Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR);
}

async function issueToken(name: string, clinicId?: string | null) {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/staff/integration-tokens",
    cookies: { rms_staff_session: adminCookie },
    payload: clinicId === undefined ? { name } : { name, clinicId },
  });
  return res;
}

async function clinicToken(clinicId: string): Promise<string> {
  const res = await issueToken("МИС клиники", clinicId);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().token;
}

function putSlots(token: string, payload: unknown) {
  return t.app.inject({
    method: "PUT",
    url: "/api/integration/clinic/slots",
    headers: { authorization: `Bearer ${token}` },
    payload: payload as object,
  });
}

function window(fromHours: number, toHours: number) {
  return { from: at(fromHours).toISOString(), to: at(toHours).toISOString() };
}

function slot(externalId: string, hours: number, minutes = 30) {
  const startsAt = at(hours);
  return {
    externalId,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + minutes * MINUTE).toISOString(),
  };
}

async function doctorSlots(doctorId: string) {
  return t.database.db
    .select({ externalId: slots.externalId, startsAt: slots.startsAt, source: slots.source })
    .from(slots)
    .where(eq(slots.doctorId, doctorId))
    .orderBy(slots.startsAt);
}

async function setUpClinic(name: string) {
  const db = t.database.db;
  const clinicId = await createClinic(db, name);
  const externalId = `MIS-${randomUUID().slice(0, 8)}`;
  const doctorId = await createDoctor(db, clinicId, specialtyId, "Клиникова", { externalId });
  return { clinicId, doctorId, externalId, token: await clinicToken(clinicId) };
}

beforeAll(async () => {
  const db = t.database.db;
  adminCookie = await signInStaff(t.app, await createTestStaff(db, "admin"));
  specialtyId = await createSpecialty(db, "терапевт");
});

describe("clinic integration tokens", () => {
  it("binds a token to the chosen clinic and lists it with the clinic", async () => {
    const clinicId = await createClinic(t.database.db, "Клиника токена");
    const res = await issueToken("МИС", clinicId);
    expect(res.statusCode).toBe(201);
    expect(res.json().info.clinic).toMatchObject({ id: clinicId, name: "Клиника токена" });
    const [stored] = await t.database.db
      .select({ clinicId: integrationTokens.clinicId })
      .from(integrationTokens)
      .where(eq(integrationTokens.id, res.json().info.id));
    expect(stored?.clinicId).toBe(clinicId);
    const unknown = await issueToken("МИС", randomUUID());
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: "clinicId", message: "Такой клиники нет: выберите клинику из списка" },
    ]);
  });

  it("refuses a clinic's token on the contracts API and a contracts token on the clinic API, 403 in Russian", async () => {
    const { token } = await setUpClinic("Клиника отказов");
    const contracts = await t.app.inject({
      method: "POST",
      url: "/api/integration/contracts",
      headers: { authorization: `Bearer ${token}` },
      payload: { contracts: [] },
    });
    expect(contracts.statusCode).toBe(403);
    expect(contracts.json()).toMatchObject({
      title: "Доступ запрещён",
      detail: expect.stringMatching(/^Это токен клиники/),
    });
    const plain = await issueToken("1С");
    const clinicApi = await putSlots(plain.json().token, {
      doctorId: randomUUID(),
      ...window(24, 48),
      slots: [],
    });
    expect(clinicApi.statusCode).toBe(403);
    expect(clinicApi.json().detail).toMatch(/^Этот токен не привязан к клинике/);
    const none = await putSlots("", { slots: [] });
    expect(none.statusCode).toBe(401);
  });
});

describe("PUT /api/integration/clinic/slots", () => {
  it("inserts, moves and deletes a doctor's times in the window, keeping a booked one", async () => {
    const db = t.database.db;
    const { clinicId, doctorId, externalId, token } = await setUpClinic("Клиника расписания");
    const first = await putSlots(token, {
      doctorExternalId: externalId,
      ...window(24, 30),
      slots: [slot("a", 24), slot("b", 25), slot("c", 26), slot("d", 27)],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ doctorId, inserted: 4, updated: 0, deleted: 0, kept: [] });

    // A client books «c».
    const client = await createBookingClient(t.app, db);
    await addToNetwork(db, client.programId, clinicId);
    await createVisitService(db, clinicId, specialtyId, 200_000);
    const [booked] = await db
      .select({ id: slots.id })
      .from(slots)
      .where(and(eq(slots.doctorId, doctorId), eq(slots.externalId, "c")));
    const booking = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      payload: { slotId: booked?.id, personId: client.personId },
      cookies: { rms_session: client.cookie },
    });
    expect(booking.statusCode, booking.body).toBe(201);

    // «a» stays, «b» and «d» swap times, «c» (booked) is left out, «e» is new.
    const second = await putSlots(token, {
      doctorId,
      ...window(24, 30),
      slots: [slot("a", 24), slot("b", 27), slot("d", 25), slot("e", 28)],
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({
      inserted: 1,
      updated: 2,
      unchanged: 1,
      deleted: 0,
      kept: [{ externalId: "c", slotId: booked?.id, reason: "booked" }],
      skipped: [],
    });
    expect((await doctorSlots(doctorId)).map((row) => row.externalId)).toEqual([
      "a",
      "d",
      "c",
      "b",
      "e",
    ]);

    // An empty list deletes every free time of the window; the booked one stays.
    const third = await putSlots(token, { doctorId, ...window(24, 30), slots: [] });
    expect(third.json()).toMatchObject({ deleted: 4, kept: [{ externalId: "c" }] });
    expect((await doctorSlots(doctorId)).map((row) => row.externalId)).toEqual(["c"]);

    // The clinic sees its booking.
    const seen = await t.app.inject({
      method: "GET",
      url: `/api/integration/clinic/appointments?from=${encodeURIComponent(at(0).toISOString())}&to=${encodeURIComponent(at(48).toISOString())}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().appointments).toEqual([
      expect.objectContaining({
        status: "confirmed",
        slotExternalId: "c",
        doctor: { id: doctorId, externalId, name: "Клиникова Иван Иванович" },
        patient: { name: "Петрова Анна Сергеевна", birthDate: "1990-03-15" },
        coverage: "covered",
      }),
    ]);
  });

  it("offers a new time earlier than a waiting client's own as a freed one, held for them", async () => {
    const db = t.database.db;
    const { clinicId, doctorId, externalId, token } = await setUpClinic("Клиника ожидания");
    await createVisitService(db, clinicId, specialtyId, 200_000);
    const client = await createBookingClient(t.app, db);
    await addToNetwork(db, client.programId, clinicId);
    const late = await putSlots(token, {
      doctorExternalId: externalId,
      ...window(100, 101),
      slots: [slot("late", 100)],
    });
    expect(late.statusCode, late.body).toBe(200);
    const [lateSlot] = await db
      .select({ id: slots.id })
      .from(slots)
      .where(and(eq(slots.doctorId, doctorId), eq(slots.externalId, "late")));
    const cookies = { rms_session: client.cookie };
    const booked = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      payload: { slotId: lateSlot?.id, personId: client.personId },
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

    const early = await putSlots(token, {
      doctorExternalId: externalId,
      ...window(50, 51),
      slots: [slot("early", 50)],
    });
    expect(early.statusCode, early.body).toBe(200);
    const view = await t.app.inject({ method: "GET", url: `/api/appointments/${id}`, cookies });
    expect(view.json().waitlist.offer).toMatchObject({ startsAt: at(50).toISOString() });
  });

  it("never deletes a time a concurrent booking takes: the booking wins and the time is kept, or the time goes and the booking is refused", async () => {
    const db = t.database.db;
    const { clinicId, doctorId, token } = await setUpClinic("Клиника гонки");
    const client = await createBookingClient(t.app, db);
    await addToNetwork(db, client.programId, clinicId);
    await createVisitService(db, clinicId, specialtyId, 200_000);
    for (let round = 0; round < 8; round += 1) {
      const hours = 50 + round * 2;
      const externalId = `race-${round}`;
      const stored = await putSlots(token, {
        doctorId,
        ...window(hours, hours + 1),
        slots: [slot(externalId, hours)],
      });
      expect(stored.json().inserted).toBe(1);
      const [row] = await db
        .select({ id: slots.id })
        .from(slots)
        .where(and(eq(slots.doctorId, doctorId), eq(slots.externalId, externalId)));
      const [booking, removal] = await Promise.all([
        t.app.inject({
          method: "POST",
          url: "/api/appointments",
          payload: { slotId: row?.id, personId: client.personId },
          cookies: { rms_session: client.cookie },
        }),
        putSlots(token, { doctorId, ...window(hours, hours + 1), slots: [] }),
      ]);
      expect([200, 409], removal.body).toContain(removal.statusCode);
      expect([201, 404, 409], booking.body).toContain(booking.statusCode);
      const left = await db
        .select({ id: slots.id })
        .from(slots)
        .where(eq(slots.id, row?.id ?? ""));
      if (booking.statusCode === 201) {
        expect(left).toHaveLength(1);
        if (removal.statusCode === 200) expect(removal.json().kept).toHaveLength(1);
        // The next round's booking is for another time: cancel this one to free the person.
        const cancel = await t.app.inject({
          method: "POST",
          url: `/api/appointments/${booking.json().id}/cancel`,
          cookies: { rms_session: client.cookie },
        });
        expect(cancel.statusCode, cancel.body).toBe(200);
      } else if (removal.statusCode === 200) {
        expect(left).toHaveLength(0);
      }
    }
  });

  it("skips a sent time that overlaps a template slot and leaves the template alone", async () => {
    const db = t.database.db;
    const { doctorId, token } = await setUpClinic("Клиника шаблона");
    const [doctor] = await db
      .select({ clinicId: doctors.clinicId, specialtyId: doctors.specialtyId })
      .from(doctors)
      .where(eq(doctors.id, doctorId));
    await db.insert(slots).values({
      doctorId,
      clinicId: doctor?.clinicId ?? "",
      specialtyId: doctor?.specialtyId ?? "",
      startsAt: at(30),
      endsAt: new Date(at(30).getTime() + 30 * MINUTE),
    });
    const res = await putSlots(token, {
      doctorId,
      ...window(29, 33),
      slots: [slot("x", 30, 60), slot("y", 31)],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      inserted: 1,
      skipped: [{ externalId: "x", reason: expect.stringMatching(/^Время пересекается/) }],
    });
    expect((await doctorSlots(doctorId)).map((row) => [row.source, row.externalId])).toEqual([
      ["template", null],
      ["integration", "y"],
    ]);
  });

  it("refuses another clinic's doctor (403) and an unknown one (404)", async () => {
    const mine = await setUpClinic("Клиника своя");
    const theirs = await setUpClinic("Клиника чужая");
    const foreign = await putSlots(mine.token, {
      doctorId: theirs.doctorId,
      ...window(24, 30),
      slots: [],
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().detail).toBe(
      "Этот врач не из вашей клиники: расписание передаёт его клиника.",
    );
    const byTheirCode = await putSlots(mine.token, {
      doctorExternalId: theirs.externalId,
      ...window(24, 30),
      slots: [],
    });
    expect(byTheirCode.statusCode).toBe(404);
    expect((await doctorSlots(theirs.doctorId)).length).toBe(0);
  });

  it("refuses the whole call with 422 and Russian errors by field, writing nothing", async () => {
    const { doctorId, token } = await setUpClinic("Клиника ошибок");
    const res = await putSlots(token, {
      doctorId,
      ...window(24, 30),
      slots: [
        slot("a", 24),
        { ...slot("b", 25), endsAt: at(24).toISOString() },
        { ...slot("c", 24), startsAt: new Date(at(24).getTime() + 10 * MINUTE).toISOString() },
        slot("a", 26),
        slot("far", 40),
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().title).toBe("Расписание не принято");
    expect(res.json().errors).toEqual([
      { field: "slots.1.endsAt", message: "Конец приёма должен быть позже начала" },
      { field: "slots.3.externalId", message: "Этот идентификатор уже есть в slots.0" },
      { field: "slots.4.startsAt", message: "Время приёма должно лежать внутри периода from–to" },
      {
        field: "slots.2.startsAt",
        message: "Время пересекается с slots.0: у врача не может быть двух приёмов сразу",
      },
    ]);
    const tooFar = await putSlots(token, { doctorId, ...window(24, 24 * 40), slots: [] });
    expect(tooFar.statusCode).toBe(422);
    expect(tooFar.json().errors).toEqual([
      { field: "to", message: "Период — не дальше 30 дней от сегодняшнего дня" },
    ]);
    const past = await putSlots(token, { doctorId, ...window(-5, 5), slots: [slot("p", -2)] });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors).toEqual([
      { field: "slots.0.startsAt", message: "Это время уже наступило" },
    ]);
    const noDoctor = await putSlots(token, { ...window(24, 30), slots: [] });
    expect(noDoctor.statusCode).toBe(422);
    expect(noDoctor.json().errors[0].field).toBe("doctorExternalId");
    const many = await putSlots(token, {
      doctorId,
      ...window(24, 30),
      slots: Array.from({ length: 2001 }, (_, i) => slot(`m${i}`, 24)),
    });
    expect(many.statusCode).toBe(422);
    expect(many.json().errors[0]).toEqual({
      field: "slots",
      message: "Не больше 2000 времён за один запрос",
    });
    expect(await doctorSlots(doctorId)).toEqual([]);
  });

  it("is in the OpenAPI document with the bearer scheme", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    const put = spec.paths["/api/integration/clinic/slots"].put;
    expect(put.security).toEqual([{ integrationToken: [] }]);
    expect(Object.keys(put.responses)).toEqual(
      expect.arrayContaining(["200", "401", "403", "404", "422"]),
    );
    expect(spec.paths["/api/integration/clinic/appointments"].get).toBeDefined();
  });
});
