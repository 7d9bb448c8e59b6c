import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appointments, events, waitlistOffers } from "../../db/schema/index.ts";
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
  hoursAhead,
} from "./booking-test-fixtures.ts";
import { lapseExpiredOffers } from "./waitlist-offers.ts";

// «Перенести» (one step, never both times lost) and the waitlist's offers held for 15 minutes.

const t = setupTestApp();
const MINUTE = 60_000;

let programId = "";
let clinicId = "";
let doctorId = "";
let otherDoctorId = "";
let me: BookingClient;
let rival: BookingClient;
let third: BookingClient;
let stranger: BookingClient;

beforeAll(async () => {
  const db = t.database.db;
  const therapy = await createSpecialty(db, "терапевт");
  clinicId = await createClinic(db, "Клиника «Перенос»", { phones: ["+74953330000"] });
  doctorId = await createDoctor(db, clinicId, therapy, "Алексеев");
  otherDoctorId = await createDoctor(db, clinicId, therapy, "Борисов");
  await createVisitService(db, clinicId, therapy, 250_000);
  me = await createBookingClient(t.app, db);
  programId = me.programId;
  rival = await createBookingClient(t.app, db, { programId, lastName: "Иванов" });
  third = await createBookingClient(t.app, db, { programId, lastName: "Сидоров" });
  stranger = await createBookingClient(t.app, db, { programId, lastName: "Чужой" });
  await addToNetwork(db, programId, clinicId);
});

function inject(
  method: "GET" | "POST" | "DELETE",
  url: string,
  who: BookingClient,
  payload?: object,
) {
  return t.app.inject({ method, url, payload, cookies: { rms_session: who.cookie } });
}
async function book(slotId: string, who = me) {
  return inject("POST", "/api/appointments", who, { slotId, personId: who.personId });
}
async function booked(slotId: string, who = me): Promise<{ id: string }> {
  const res = await book(slotId, who);
  expect(res.statusCode).toBe(201);
  return res.json();
}
function move(id: string, slotId: string, who = me) {
  return inject("POST", `/api/appointments/${id}/move`, who, { slotId });
}
async function statusOf(id: string) {
  const [row] = await t.database.db
    .select({ status: appointments.status, movedToId: appointments.movedToId })
    .from(appointments)
    .where(eq(appointments.id, id));
  return row;
}
const slot = (doctor: string, at: Date, minutes = 30) =>
  addSlot(t.database.db, doctor, at, minutes);

describe("«Перенести»", () => {
  it("moves in one step: the new time is held, the old one cancelled with «Перенесена на …» and free again", async () => {
    const oldSlot = await slot(doctorId, hoursAhead(40));
    const newSlot = await slot(otherDoctorId, hoursAhead(44));
    const before = await booked(oldSlot);
    const res = await move(before.id, newSlot);
    expect(res.statusCode).toBe(201);
    const moved = res.json();
    expect(moved).toMatchObject({ status: "confirmed", startsAt: hoursAhead(44).toISOString() });
    expect(moved.doctor.name).toMatch(/^Борисов/);
    expect(moved.history[0].reason).toMatch(/^Перенесена с /);
    const old = (await inject("GET", `/api/appointments/${before.id}`, me)).json();
    expect(old).toMatchObject({ status: "cancelled", movedToId: moved.id, canMove: false });
    expect(old.history.at(-1).reason).toMatch(/^Перенесена на \d\d\.\d\d\.\d{4}/);
    // The old time is free for anyone now; the new one is taken.
    expect((await book(oldSlot, rival)).statusCode).toBe(201);
    expect((await book(newSlot, rival)).statusCode).toBe(409);
    const emitted = await t.database.db
      .select({ payload: events.payload })
      .from(events)
      .where(eq(events.type, "appointment.moved"));
    expect(emitted.map((row) => row.payload)).toContainEqual({
      fromAppointmentId: before.id,
      appointmentId: moved.id,
    });
  });

  it("moves to an overlapping time of the same doctor (10:00 → 10:15), which the old row would refuse", async () => {
    const start = hoursAhead(60);
    const first = await slot(doctorId, start);
    const overlapping = await slot(doctorId, new Date(start.getTime() + 15 * MINUTE));
    const before = await booked(first);
    const res = await move(before.id, overlapping);
    expect(res.statusCode).toBe(201);
    expect((await statusOf(before.id))?.status).toBe("cancelled");
  });

  it("refuses a taken time with a Russian 409 and leaves the old appointment as it was", async () => {
    const mine = await slot(doctorId, hoursAhead(70));
    const theirs = await slot(doctorId, hoursAhead(72));
    const before = await booked(mine);
    await booked(theirs, rival);
    const res = await move(before.id, theirs);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe("Это время уже занято: выберите другое.");
    expect(await statusOf(before.id)).toEqual({ status: "confirmed", movedToId: null });
    // Still held: nobody else can book the old time.
    expect((await book(mine, third)).statusCode).toBe(409);
  });

  it("gives a freed-and-wanted time to exactly one of two concurrent moves, the loser keeping its own", async () => {
    const target = await slot(otherDoctorId, hoursAhead(80));
    const a = await booked(await slot(doctorId, hoursAhead(82)), me);
    const b = await booked(await slot(doctorId, hoursAhead(83)), rival);
    const answers = await Promise.all([move(a.id, target, me), move(b.id, target, rival)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    const loser = answers[0]?.statusCode === 409 ? a : b;
    expect(await statusOf(loser.id)).toEqual({ status: "confirmed", movedToId: null });
  });

  it("never leaves the mover with neither time while someone books the old one concurrently", async () => {
    const oldSlot = await slot(doctorId, hoursAhead(85));
    const newSlot = await slot(doctorId, hoursAhead(86));
    const before = await booked(oldSlot, me);
    const [moved, rivalBooking] = await Promise.all([
      move(before.id, newSlot, me),
      book(oldSlot, rival),
    ]);
    expect(moved.statusCode).toBe(201);
    // The rival either came first (the old time still held: 409) or after the move (201).
    expect([201, 409]).toContain(rivalBooking.statusCode);
    expect(await statusOf(moved.json().id)).toEqual({ status: "confirmed", movedToId: null });
    const live = await t.database.db
      .select({ id: appointments.id })
      .from(appointments)
      .where(eq(appointments.slotId, oldSlot));
    const liveOnOld = await Promise.all(live.map((row) => statusOf(row.id)));
    expect(liveOnOld.filter((row) => row?.status === "confirmed").length).toBe(
      rivalBooking.statusCode === 201 ? 1 : 0,
    );
  });

  it("refuses past the clinic's cut-off (the clinic's phone), the same time, someone else's appointment and bad input", async () => {
    const soon = await booked(await slot(doctorId, new Date(Date.now() + 2 * 60 * MINUTE)));
    const later = await slot(doctorId, hoursAhead(90));
    const late = await move(soon.id, later);
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe(
      "Перенести запись в кабинете можно не позже чем за 4 ч до приёма. Позвоните в клинику: +7 495 333-00-00.",
    );
    const mineSlot = await slot(doctorId, hoursAhead(92));
    const mine = await booked(mineSlot);
    expect((await move(mine.id, mineSlot)).json().detail).toBe(
      "Запись уже на это время: выберите другое.",
    );
    expect((await move(mine.id, later, stranger)).statusCode).toBe(404);
    expect((await move(mine.id, randomUUID())).statusCode).toBe(404);
    const bad = await move(mine.id, "не время");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/[А-Яа-яЁё]/);
    expect(await statusOf(mine.id)).toEqual({ status: "confirmed", movedToId: null });
  });
});

describe("booking rules at the edges", () => {
  it("refuses a person whose contract is not in force today with a Russian 403", async () => {
    const future = await createBookingClient(t.app, t.database.db, {
      programId,
      startsInDays: 5,
      endsInDays: 100,
    });
    const res = await book(await slot(doctorId, hoursAhead(100)), future);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toBe(
      "Договор этого человека сейчас не действует: записаться по нему нельзя.",
    );
  });

  it("refuses a time that has already started with a Russian 409", async () => {
    const started = await slot(doctorId, new Date(Date.now() - 5 * MINUTE));
    const res = await book(started);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe("Это время уже прошло: выберите другое.");
  });
});

describe("«Сообщить, если освободится раньше»", () => {
  /** `who` waits with an appointment at +hours for an earlier time of the first doctor. */
  async function waiting(who: BookingClient, hours: number) {
    const appointment = await booked(await slot(doctorId, hoursAhead(hours)), who);
    const joined = await inject("POST", `/api/appointments/${appointment.id}/waitlist`, who);
    expect(joined.statusCode).toBe(200);
    expect(joined.json().waitlist).toMatchObject({ available: true, waiting: true, offer: null });
    return appointment;
  }
  async function offerOf(id: string, who: BookingClient) {
    return (await inject("GET", `/api/appointments/${id}`, who)).json().waitlist.offer as {
      id: string;
      startsAt: string;
      expiresAt: string;
    } | null;
  }

  it("offers a freed earlier time to the first waiting client, holds it 15 minutes, and accepting moves there", async () => {
    const early = await slot(doctorId, hoursAhead(120));
    const holder = await booked(early, third);
    const mine = await waiting(me, 140);
    const theirs = await waiting(rival, 150);
    // Joining twice changes nothing.
    expect((await inject("POST", `/api/appointments/${mine.id}/waitlist`, me)).statusCode).toBe(
      200,
    );

    expect((await inject("POST", `/api/appointments/${holder.id}/cancel`, third)).statusCode).toBe(
      200,
    );
    const offer = await offerOf(mine.id, me);
    expect(offer?.startsAt).toBe(hoursAhead(120).toISOString());
    const held = Date.parse(offer?.expiresAt ?? "") - Date.now();
    expect(held).toBeGreaterThan(14 * MINUTE);
    expect(held).toBeLessThanOrEqual(15 * MINUTE);
    expect(await offerOf(theirs.id, rival)).toBeNull();
    // Held: nobody else may book it meanwhile, not even the one who freed it.
    expect((await book(early, third)).statusCode).toBe(409);

    const accepted = await inject("POST", `/api/waitlist-offers/${offer?.id}/accept`, me);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      status: "confirmed",
      startsAt: hoursAhead(120).toISOString(),
      waitlist: { waiting: false, offer: null },
    });
    expect(await statusOf(mine.id)).toMatchObject({
      status: "cancelled",
      movedToId: accepted.json().id,
    });
    // The time I left (+140) goes on to the next waiting client, whose own time is later.
    const next = await offerOf(theirs.id, rival);
    expect(next?.startsAt).toBe(hoursAhead(140).toISOString());
    const again = await inject("POST", `/api/waitlist-offers/${offer?.id}/accept`, me);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe("На это предложение уже ответили: оно больше не действует.");
    expect(
      (await inject("POST", `/api/waitlist-offers/${next?.id}/decline`, rival)).statusCode,
    ).toBe(200);
  });

  it("passes a declined or lapsed offer to the next waiting client, and refuses accepting after 15 minutes", async () => {
    const early = await slot(doctorId, hoursAhead(200));
    const holder = await booked(early, stranger);
    const mine = await waiting(me, 220);
    const theirs = await waiting(rival, 230);
    const last = await waiting(third, 240);
    await inject("POST", `/api/appointments/${holder.id}/cancel`, stranger);

    const first = await offerOf(mine.id, me);
    const declined = await inject("POST", `/api/waitlist-offers/${first?.id}/decline`, me);
    expect(declined.statusCode).toBe(200);
    // Declining keeps me waiting for other times.
    expect(declined.json().waitlist).toMatchObject({ waiting: true, offer: null });
    const second = await offerOf(theirs.id, rival);
    expect(second?.startsAt).toBe(hoursAhead(200).toISOString());
    expect((await inject("POST", `/api/waitlist-offers/${second?.id}/accept`, me)).statusCode).toBe(
      404,
    );

    // Nobody answers: the job marks it lapsed after 15 minutes and offers the time to the next.
    expect(
      await lapseExpiredOffers(t.database.db, new Date(Date.now() + 16 * MINUTE)),
    ).toBeGreaterThan(0);
    const [lapsed] = await t.database.db
      .select({ answer: waitlistOffers.answer })
      .from(waitlistOffers)
      .where(eq(waitlistOffers.id, second?.id ?? ""));
    expect(lapsed?.answer).toBe("lapsed");
    const late = await inject("POST", `/api/waitlist-offers/${second?.id}/accept`, rival);
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/^Предложенное время держалось для вас 15 минут/);
    expect(await statusOf(theirs.id)).toEqual({ status: "confirmed", movedToId: null });

    const third_ = await offerOf(last.id, third);
    expect(third_?.startsAt).toBe(hoursAhead(200).toISOString());
    // An offer whose 15 minutes ran out but the job has not yet lapsed is refused too.
    await t.database.db
      .update(waitlistOffers)
      .set({ expiresAt: new Date(Date.now() - MINUTE) })
      .where(eq(waitlistOffers.id, third_?.id ?? ""));
    expect(
      (await inject("POST", `/api/waitlist-offers/${third_?.id}/accept`, third)).statusCode,
    ).toBe(409);
    // …and the time, no longer held, may be booked by anyone.
    expect((await book(early, stranger)).statusCode).toBe(201);
  });

  it("leaves the waitlist on request, and is not offered for an appointment past the cut-off", async () => {
    const mine = await waiting(me, 300);
    const left = await inject("DELETE", `/api/appointments/${mine.id}/waitlist`, me);
    expect(left.statusCode).toBe(200);
    expect(left.json().waitlist).toMatchObject({ available: true, waiting: false });
    const soon = await booked(await slot(doctorId, new Date(Date.now() + 3 * 60 * MINUTE)));
    const view = (await inject("GET", `/api/appointments/${soon.id}`, me)).json();
    expect(view).toMatchObject({ canMove: false, waitlist: { available: false } });
    const refused = await inject("POST", `/api/appointments/${soon.id}/waitlist`, me);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toMatch(/^«Сообщить, если освободится раньше» доступно/);
    expect(
      (await inject("POST", `/api/waitlist-offers/${randomUUID()}/decline`, me)).statusCode,
    ).toBe(404);
    expect(
      (await inject("POST", `/api/appointments/${mine.id}/waitlist`, stranger)).statusCode,
    ).toBe(404);
  });
});
