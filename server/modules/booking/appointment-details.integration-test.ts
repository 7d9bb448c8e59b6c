import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { events } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  addSlot,
  addToNetwork,
  type BookingClient,
  createBookingClient,
  createClinic,
  createDoctor,
  createSpecialty,
  createVisitService,
} from "./booking-test-fixtures.ts";
import { addCalendarDays, moscowDate, moscowInstant } from "./moscow-time.ts";

const t = setupTestApp();

type Key = "therapy" | "online" | "requests" | "docOnline" | "docRequests";
const ids = {} as Record<Key, string>;
let me: BookingClient;
let stranger: BookingClient;
// Leaves requests only, so its requests are counted on their own.
let requester: BookingClient;
const today = moscowDate(new Date());

beforeAll(async () => {
  const db = t.database.db;
  me = await createBookingClient(t.app, db);
  stranger = await createBookingClient(t.app, db);
  ids.therapy = await createSpecialty(db, "терапевт");
  ids.online = await createClinic(db, "Клиника «Онлайн»", {
    address: "Москва, ул. Тверская, 7, стр. 1",
    phones: ["+74957010101"],
    whatToBring: "Паспорт и полис ДМС",
  });
  ids.requests = await createClinic(db, "Клиника «По заявкам»", { bookingMode: "requests_only" });
  ids.docOnline = await createDoctor(db, ids.online, ids.therapy, "Алексеев");
  ids.docRequests = await createDoctor(db, ids.requests, ids.therapy, "Борисов");
  await createVisitService(db, ids.online, ids.therapy, 250_000);
  await createVisitService(db, ids.requests, ids.therapy, 200_000);
  requester = await createBookingClient(t.app, db, { programId: me.programId });
  await addToNetwork(db, me.programId, ids.online);
  await addToNetwork(db, me.programId, ids.requests, { guaranteeLetterRequired: true });
});

function get(url: string, session = me.cookie) {
  return t.app.inject({ method: "GET", url, cookies: { rms_session: session } });
}
function post(url: string, payload: object, session = me.cookie) {
  return t.app.inject({ method: "POST", url, payload, cookies: { rms_session: session } });
}
/** A booked appointment at the online clinic on a Moscow day and minute. */
async function bookAt(dayOffset: number, minutesOfDay: number) {
  const slotId = await addSlot(
    t.database.db,
    ids.docOnline,
    moscowInstant(addCalendarDays(today, dayOffset), minutesOfDay),
  );
  const res = await post("/api/appointments", { slotId, personId: me.personId });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string };
}

describe("one appointment", () => {
  it("shows the account's appointment and answers 404 for another account's or an unknown id", async () => {
    const booked = await bookAt(3, 9 * 60);
    const mine = await get(`/api/appointments/${booked.id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      id: booked.id,
      status: "confirmed",
      clinic: { name: "Клиника «Онлайн»", whatToBring: "Паспорт и полис ДМС" },
      request: null,
    });
    const foreign = await get(`/api/appointments/${booked.id}`, stranger.cookie);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toBe("Запись не найдена.");
    expect((await get(`/api/appointments/${randomUUID()}`)).statusCode).toBe(404);
    const bad = await get("/api/appointments/not-an-id");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toBe("Неверный идентификатор записи");
  });
});

describe("«Оставить заявку»", () => {
  const request = (extra: object = {}, who = requester) =>
    post(
      "/api/appointment-requests",
      {
        personId: who.personId,
        clinicId: ids.requests,
        specialtyId: ids.therapy,
        days: [addCalendarDays(today, 3), addCalendarDays(today, 1), addCalendarDays(today, 3)],
        timeOfDay: "morning",
        note: "  Лучше после 10:00\nпожалуйста  ",
        ...extra,
      },
      who.cookie,
    );

  it("stores a request with its days, time of day and note, status requested, and emits appointment.requested", async () => {
    const res = await request();
    expect(res.statusCode, res.body).toBe(201);
    expect(res.statusCode).toBe(201);
    const appointment = res.json();
    expect(appointment).toMatchObject({
      status: "requested",
      startsAt: null,
      endsAt: null,
      doctor: null,
      clinic: { id: ids.requests },
      specialty: { id: ids.therapy, name: "терапевт" },
      coverage: { kind: "guarantee_letter" },
      canCancel: false,
      canMove: false,
      request: {
        days: [addCalendarDays(today, 1), addCalendarDays(today, 3)],
        timeOfDay: "morning",
        note: "Лучше после 10:00\nпожалуйста",
      },
      history: [expect.objectContaining({ status: "requested" })],
    });
    const [event] = await t.database.db
      .select()
      .from(events)
      .where(
        sql`${events.type} = 'appointment.requested' and ${events.payload}->>'appointmentId' = ${appointment.id}`,
      );
    expect(event?.payload).toEqual({ appointmentId: appointment.id });
    expect(event?.audience).toEqual({ accountId: requester.clientId });
    const upcoming = (await get("/api/appointments", requester.cookie)).json().upcoming;
    expect(upcoming.map((a: { id: string }) => a.id)).toContain(appointment.id);
  });

  it("names the doctor when one of that clinic is chosen", async () => {
    // A second request of one person is refused by the same gap (see below): another person.
    const res = await request(
      { doctorId: ids.docRequests, timeOfDay: "any", note: undefined },
      await createBookingClient(t.app, t.database.db, { programId: me.programId }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      doctor: { id: ids.docRequests, name: "Борисов Иван Иванович" },
      request: { timeOfDay: "any", note: null },
    });
  });

  it("refuses a clinic that books online with 409, and leaves nothing stored", async () => {
    const before = (await get("/api/appointments", requester.cookie)).json().upcoming.length;
    const res = await request({ clinicId: ids.online });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/^Эта клиника записывает на свободное время онлайн/);
    expect((await get("/api/appointments", requester.cookie)).json().upcoming).toHaveLength(before);
  });

  it.each([
    ["a day in the past", { days: [addCalendarDays(today, -1)] }, "Выберите дни с"],
    ["a day beyond 14 days", { days: [addCalendarDays(today, 15)] }, "Выберите дни с"],
    ["no day", { days: [] }, "Выберите хотя бы один удобный день"],
    ["a date that does not exist", { days: ["2027-02-30"] }, "Укажите дату"],
    ["an unknown time of day", { timeOfDay: "night" }, ""],
    ["a control character in the note", { note: "текст\u0007" }, "служебные символы"],
    ["a NUL byte in the note", { note: "текст\u0000" }, "служебные символы"],
    ["a note over 1000 characters", { note: "я".repeat(1001) }, "Не длиннее 1000 символов"],
    ["a doctor of another clinic", { doctorId: randomUUID() }, "Этот врач не принимает"],
  ])("refuses %s with a Russian 400", async (_name, extra, detail) => {
    const res = await request(extra);
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toMatch(/[А-Яа-яЁё]/);
    if (detail) expect(res.json().detail).toContain(detail);
  });

  it("answers 404 for an unknown clinic and another account's person", async () => {
    expect((await request({ clinicId: randomUUID() })).statusCode).toBe(404);
    expect((await request({}, { ...requester, cookie: stranger.cookie })).statusCode).toBe(404);
  });

  // The constraints leave out a request without a time (migration 0011): tstzrange(NULL, NULL)
  // would be all of time.
  it("lets a person with a booked visit also leave a request, and a second one", async () => {
    // me has booked visits from the tests above.
    const res = await request({}, me);
    expect(res.statusCode, res.body).toBe(201);
    expect((await request({ timeOfDay: "evening" }, me)).statusCode).toBe(201);
    // A booked visit after the requests: the person's requests hold no time.
    await bookAt(8, 15 * 60);
  });
});

describe("«Добавить в календарь»", () => {
  it("gives an RFC 5545 file with the visit's time in UTC, the clinic's address and the Moscow time", async () => {
    const day = addCalendarDays(today, 4);
    const booked = await bookAt(4, 10 * 60 + 30);
    const res = await get(`/api/appointments/${booked.id}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="appointment-${day}.ics"`,
    );
    const text = res.body;
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    // Unfold the folded lines (RFC 5545 §3.1) before reading the properties.
    const lines = text.replace(/\r\n[ \t]/g, "").split("\r\n");
    const compact = day.replaceAll("-", "");
    // 10:30 in Moscow (UTC+3) is 07:30 UTC.
    expect(lines).toContain(`DTSTART:${compact}T073000Z`);
    expect(lines).toContain(`DTEND:${compact}T080000Z`);
    expect(lines).toContain("LOCATION:Москва\\, ул. Тверская\\, 7\\, стр. 1");
    expect(lines).toContain(`UID:appointment-${booked.id}@rms-cabinet`);
    expect(lines).toContain("STATUS:CONFIRMED");
    const summary = lines.find((line) => line.startsWith("SUMMARY:"));
    expect(summary).toBe("SUMMARY:Приём: терапевт — Клиника «Онлайн»");
    const description = lines.find((line) => line.startsWith("DESCRIPTION:")) ?? "";
    expect(description).toContain(`${day.split("-").reverse().join(".")} 10:30 (московское)`);
    expect(description).toContain("Телефон клиники: +7 495 701-01-01");
    expect(description).toContain("Что взять с собой: Паспорт и полис ДМС");
  });

  it("marks a cancelled appointment's event cancelled, and refuses a request without a time with 409", async () => {
    const booked = await bookAt(5, 11 * 60);
    await post(`/api/appointments/${booked.id}/cancel`, {});
    const cancelled = await get(`/api/appointments/${booked.id}/calendar.ics`);
    expect(cancelled.body).toContain("STATUS:CANCELLED");
    const asker = await createBookingClient(t.app, t.database.db, { programId: me.programId });
    const requested = (
      await post(
        "/api/appointment-requests",
        {
          personId: asker.personId,
          clinicId: ids.requests,
          specialtyId: ids.therapy,
          days: [addCalendarDays(today, 2)],
          timeOfDay: "evening",
        },
        asker.cookie,
      )
    ).json();
    const res = await get(`/api/appointments/${requested.id}/calendar.ics`, asker.cookie);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/^У заявки ещё нет времени/);
  });

  it("answers 404 for another account's appointment", async () => {
    const booked = await bookAt(6, 12 * 60);
    expect(
      (await get(`/api/appointments/${booked.id}/calendar.ics`, stranger.cookie)).statusCode,
    ).toBe(404);
  });
});
