import { randomUUID } from "node:crypto";
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import {
  appointments,
  clients,
  clinics,
  doctors,
  eventDeliveries,
  events,
  outboxMessages,
  programNetworkEntries,
  services,
  slots,
  specialties,
  waitlistEntries,
  waitlistOffers,
} from "../../db/schema/index.ts";
import { BOSS_SCHEMA } from "../../integrations/jobs/job-queue.ts";
import { emit } from "../../plugins/events.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import { createTestClient, signInClient } from "../../test/factories.ts";
import { turnOffQuietHours } from "../../test/notification-fixtures.ts";
import { addCalendarDays, moscowDate, moscowInstant } from "../booking/moscow-time.ts";
import { isQuietHour, type ReminderKind, reminderTimes } from "../booking/reminder-times.ts";
import { REMINDER_QUEUE, reminderJobId } from "./appointment-reminders.ts";
import { smsSegments } from "./appointment-texts.ts";

const t = setupTestApp();

const MINUTE = 60_000;

const fx = {
  clientId: "",
  cookie: "",
  phone: "",
  email: "",
  personId: "",
  contractId: "",
  specialtyId: "",
  clinicId: "",
  letterClinicId: "",
  doctorId: "",
  letterDoctorId: "",
  serviceId: "",
  requestPersonId: "",
  requestContractId: "",
};

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error("a fixture row was not stored");
  return row;
}

beforeAll(async () => {
  const db = t.database.db;
  const today = moscowDate(new Date());
  const program = await createTestProgram(db);
  // The account is the person it books for (decision 0031), and its child of 2015 on a second contract.
  const client = await createTestClient(db, {
    lastName: "Орлова",
    firstName: "Анна",
    patronymic: "Сергеевна",
    birthDate: "1988-08-08",
  });
  // What the messages say must not depend on the hour the suite runs at (quiet hours, decision 0028).
  await turnOffQuietHours(db, client.id);
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: addCalendarDays(today, -30),
    endsOn: addCalendarDays(today, 300),
    persons: [
      {
        slot: 1,
        lastName: "Орлова",
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1988-08-08",
        phone: client.phone,
      },
    ],
  });
  // A request holds no time yet, but the person rule's range of a null time is unbounded: the
  // request is made for a person with no other visit.
  const second = await createTestContract(db, {
    programId: program.id,
    startsOn: addCalendarDays(today, -30),
    endsOn: addCalendarDays(today, 300),
    persons: [
      {
        slot: 1,
        lastName: "Орлов",
        firstName: "Игорь",
        patronymic: "Петрович",
        birthDate: "2015-05-05",
        phone: client.phone,
      },
    ],
  });
  fx.requestPersonId = second.personIds[0] ?? "";
  fx.requestContractId = second.id;
  const account = await one(
    db.select({ email: clients.email }).from(clients).where(eq(clients.id, client.id)),
  );
  Object.assign(fx, {
    clientId: client.id,
    cookie: await signInClient(t.app, client),
    phone: client.phone,
    email: account.email,
    personId: contract.personIds[0] ?? "",
    contractId: contract.id,
  });
  fx.specialtyId = (
    await one(
      db
        .insert(specialties)
        .values({ code: `t-${randomUUID()}`, name: "терапевт" })
        .returning(),
    )
  ).id;
  const clinic = async (name: string) =>
    (
      await one(
        db
          .insert(clinics)
          .values({
            name,
            address: "Москва, ул. Тверская, 12",
            metro: "Тверская",
            phones: ["+74951234567"],
            openingHours: "Пн–Пт 8:00–21:00",
          })
          .returning(),
      )
    ).id;
  fx.clinicId = await clinic(`Клиника «Здоровье» ${randomUUID().slice(0, 4)}`);
  fx.letterClinicId = await clinic(`Клиника «Письмо» ${randomUUID().slice(0, 4)}`);
  const doctor = async (clinicId: string) =>
    (
      await one(
        db
          .insert(doctors)
          .values({
            clinicId,
            specialtyId: fx.specialtyId,
            lastName: "Кузнецов",
            firstName: "Андрей",
            patronymic: "Викторович",
            practiceSince: 2008,
          })
          .returning(),
      )
    ).id;
  fx.doctorId = await doctor(fx.clinicId);
  fx.letterDoctorId = await doctor(fx.letterClinicId);
  const visit = async (clinicId: string) =>
    (
      await one(
        db
          .insert(services)
          .values({
            clinicId,
            specialtyId: fx.specialtyId,
            code: randomUUID(),
            name: "Приём терапевта",
            priceKopecks: 250_000,
            isVisit: true,
          })
          .returning(),
      )
    ).id;
  fx.serviceId = await visit(fx.clinicId);
  await visit(fx.letterClinicId);
  await db.insert(programNetworkEntries).values([
    { programId: program.id, clinicId: fx.clinicId },
    { programId: program.id, clinicId: fx.letterClinicId, guaranteeLetterRequired: true },
  ]);
});

/** A 30-minute slot at a Moscow wall-clock time `days` from today. */
async function slotAt(days: number, time: string, doctorId = fx.doctorId) {
  const [hours = 0, minutes = 0] = time.split(":").map(Number);
  const startsAt = moscowInstant(
    addCalendarDays(moscowDate(new Date()), days),
    hours * 60 + minutes,
  );
  const clinicId = doctorId === fx.doctorId ? fx.clinicId : fx.letterClinicId;
  const row = await one(
    t.database.db
      .insert(slots)
      .values({
        doctorId,
        clinicId,
        specialtyId: fx.specialtyId,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * MINUTE),
      })
      .returning(),
  );
  return { id: row.id, startsAt: row.startsAt, endsAt: row.endsAt };
}

async function book(slotId: string): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/appointments",
    payload: { slotId, personId: fx.personId },
    cookies: { rms_session: fx.cookie },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/** Every event delivered, and every SMS and e-mail those queued handed to the outbox. */
async function settle(): Promise<void> {
  await t.app.sms.whenSettled(20_000);
  await t.app.email.whenSettled(20_000);
}

type Sent = { sms: string[]; emails: { subject: string | null; text: string }[] };

/** The messages to the account that arrived while `action` ran (and its events were handled). */
async function sentDuring(action: () => Promise<unknown>): Promise<Sent> {
  await settle();
  const db = t.database.db;
  const before = (await db.select({ id: outboxMessages.id }).from(outboxMessages)).map((r) => r.id);
  await action();
  await settle();
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(
      and(
        inArray(outboxMessages.recipient, [fx.phone, fx.email.toLowerCase()]),
        before.length ? notInArray(outboxMessages.id, before) : sql`true`,
      ),
    )
    .orderBy(outboxMessages.createdAt);
  return {
    sms: rows.filter((r) => r.channel === "sms").map((r) => r.body),
    emails: rows
      .filter((r) => r.channel === "email")
      .map((r) => ({ subject: r.subject, text: r.body })),
  };
}

/** The fields every appointment row needs, for the steps whose emitters live elsewhere. */
function appointmentRow(extra: Partial<typeof appointments.$inferInsert>) {
  return {
    personId: fx.personId,
    contractId: fx.contractId,
    clientId: fx.clientId,
    clinicId: fx.clinicId,
    serviceId: fx.serviceId,
    coverageKind: "covered" as const,
    clinicPriceKopecks: 250_000,
    companyPriceKopecks: 250_000,
    status: "confirmed" as const,
    ...extra,
  };
}

async function insertAppointment(db: Db, extra: Partial<typeof appointments.$inferInsert>) {
  return (await one(db.insert(appointments).values(appointmentRow(extra)).returning())).id;
}

/** `05.12 в 10:30`, as the SMS names a Moscow time. */
function smsWhen(moment: Date): string {
  const [date, time] = moment
    .toLocaleString("ru-RU", { timeZone: "Europe/Moscow", dateStyle: "short", timeStyle: "short" })
    .split(", ");
  return `${date?.slice(0, 5)} в ${time}`;
}

const link = (id: string) => `${t.config.publicOrigin}/cabinet/appointments/${id}`;

describe("the SMS and e-mail of each step of an appointment", () => {
  it("confirms a booking to the account's phone and e-mail with the person, doctor, clinic, address and Moscow time", async () => {
    const slot = await slotAt(5, "10:30");
    let id = "";
    const sent = await sentDuring(async () => {
      id = await book(slot.id);
    });
    expect(sent.sms).toEqual([
      expect.stringMatching(
        new RegExp(
          `^РМС: запись подтверждена\\. Орлова А\\. С\\.: терапевт Кузнецов А\\. В\\., ${smsWhen(slot.startsAt)}, Клиника «Здоровье» \\S+, ул\\. Тверская, 12\\.$`,
        ),
      ),
    ]);
    expect(sent.emails).toHaveLength(1);
    const [email] = sent.emails;
    expect(email?.subject).toContain("запись к врачу подтверждена");
    expect(email?.text).toContain("Пациент: Орлова Анна Сергеевна");
    expect(email?.text).toContain("Врач: Кузнецов Андрей Викторович, терапевт");
    expect(email?.text).toContain("Адрес: Москва, ул. Тверская, 12 (м. Тверская)");
    expect(email?.text).toContain(link(id));
  });

  it("says a booking waits for its guarantee letter, then that the letter went and it is confirmed", async () => {
    const slot = await slotAt(5, "12:00", fx.letterDoctorId);
    let id = "";
    const booked = await sentDuring(async () => {
      id = await book(slot.id);
    });
    expect(booked.sms).toHaveLength(1);
    expect(booked.sms[0]).toContain("РМС: вы записаны.");
    expect(booked.sms[0]).toContain("Ждём гарантийное письмо");
    expect(booked.emails[0]?.text).toContain("нужно гарантийное письмо");

    const confirmed = await sentDuring(async () => {
      await t.database.db.transaction(async (tx) => {
        await tx
          .update(appointments)
          .set({ status: "confirmed", letterSentAt: new Date() })
          .where(eq(appointments.id, id));
        await emit(tx, "appointment.confirmed", { appointmentId: id }, { accountId: fx.clientId });
      });
    });
    expect(confirmed.sms).toEqual([
      expect.stringContaining("РМС: гарантийное письмо отправлено, запись подтверждена."),
    ]);
    expect(confirmed.sms[0]).toContain(smsWhen(slot.startsAt));
    expect(confirmed.emails).toHaveLength(1);
  });

  it("tells that a request was taken, then the time the operator booked", async () => {
    const db = t.database.db;
    let id = "";
    const requested = await sentDuring(async () => {
      id = await db.transaction(async (tx) => {
        const row = await insertAppointment(tx, {
          personId: fx.requestPersonId,
          contractId: fx.requestContractId,
          status: "requested",
          requestTimeOfDay: "any",
        });
        await emit(tx, "appointment.requested", { appointmentId: row }, { accountId: fx.clientId });
        return row;
      });
    });
    expect(requested.sms).toEqual([
      expect.stringMatching(
        /^РМС: заявка принята\. Орлов И\. П\.: терапевт, Клиника «Здоровье» \S+\. Оператор подберёт время и сообщит\.$/,
      ),
    ]);
    expect(requested.emails[0]?.subject).toBe("РМС: заявка на приём принята");

    const slot = await slotAt(6, "15:00");
    const scheduled = await sentDuring(async () => {
      await db.transaction(async (tx) => {
        await tx
          .update(appointments)
          .set({
            status: "confirmed",
            doctorId: fx.doctorId,
            slotId: slot.id,
            startsAt: slot.startsAt,
            endsAt: slot.endsAt,
          })
          .where(eq(appointments.id, id));
        await emit(tx, "appointment.scheduled", { appointmentId: id }, { accountId: fx.clientId });
      });
    });
    expect(scheduled.sms).toHaveLength(1);
    expect(scheduled.sms[0]).toContain("РМС: по заявке вы записаны.");
    expect(scheduled.sms[0]).toContain(smsWhen(slot.startsAt));
    expect(scheduled.emails[0]?.text).toContain("Оператор записал вас к врачу по вашей заявке.");
  });

  it("tells a cancellation by the clinic with its reason, and nothing of the client's own", async () => {
    const slot = await slotAt(7, "11:00");
    const id = await book(slot.id);
    const byClinic = await sentDuring(async () => {
      await t.database.db.transaction(async (tx) => {
        await tx
          .update(appointments)
          .set({ status: "cancelled", cancelReason: "врач заболел" })
          .where(eq(appointments.id, id));
        await emit(
          tx,
          "appointment.cancelled",
          { appointmentId: id, by: "clinic" },
          { accountId: fx.clientId },
        );
      });
    });
    expect(byClinic.sms).toHaveLength(1);
    expect(byClinic.sms[0]).toContain(`РМС: клиника отменила запись на ${smsWhen(slot.startsAt)}`);
    expect(byClinic.sms[0]).toContain("Причина: врач заболел");
    expect(byClinic.emails[0]?.text).toContain("Причина: врач заболел");

    const own = await slotAt(7, "13:00");
    const ownId = await book(own.id);
    const byClient = await sentDuring(async () => {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/appointments/${ownId}/cancel`,
        cookies: { rms_session: fx.cookie },
      });
      expect(res.statusCode, res.body).toBe(200);
    });
    expect(byClient).toEqual({ sms: [], emails: [] });
  });

  it("tells the new time of a moved appointment", async () => {
    const from = await slotAt(8, "10:00");
    const to = await slotAt(8, "16:30");
    const oldId = await book(from.id);
    const sent = await sentDuring(() => move(oldId, to));
    expect(sent.sms).toHaveLength(1);
    expect(sent.sms[0]).toContain("РМС: запись перенесена.");
    expect(sent.sms[0]).toContain(smsWhen(to.startsAt));
    expect(sent.sms[0]).not.toContain(smsWhen(from.startsAt));
    expect(sent.emails[0]?.subject).toContain("запись перенесена");
  });

  it("offers an earlier time from the waitlist, held 15 minutes, with the link to the appointment", async () => {
    const db = t.database.db;
    const later = await slotAt(9, "17:00");
    const id = await book(later.id);
    const earlier = await slotAt(9, "09:30");
    const sent = await sentDuring(async () => {
      await db.transaction(async (tx) => {
        const entry = await one(
          tx
            .insert(waitlistEntries)
            .values({
              appointmentId: id,
              clientId: fx.clientId,
              personId: fx.personId,
              doctorId: fx.doctorId,
              clinicId: fx.clinicId,
              specialtyId: fx.specialtyId,
            })
            .returning(),
        );
        const offer = await one(
          tx
            .insert(waitlistOffers)
            .values({
              entryId: entry.id,
              slotId: earlier.id,
              expiresAt: new Date(Date.now() + 15 * MINUTE),
            })
            .returning(),
        );
        await emit(
          tx,
          "waitlist.offered",
          { offerId: offer.id, appointmentId: id },
          { accountId: fx.clientId },
        );
      });
    });
    expect(sent.sms).toHaveLength(1);
    const [text = ""] = sent.sms;
    expect(text).toMatch(/^РМС: (освободилось )?время раньше: /);
    expect(text).toContain(`${smsWhen(earlier.startsAt)}`);
    expect(text).toContain("Держим 15 минут: ");
    expect(text.endsWith(link(id))).toBe(true);
    expect(smsSegments(text)).toBeLessThanOrEqual(2);
    expect(sent.emails).toHaveLength(1);
    expect(sent.emails[0]?.text).toContain("Мы держим его для вас 15 минут");
    expect(sent.emails[0]?.text).toContain(link(id));
  });

  it("sends one SMS and one e-mail when the event is delivered again", async () => {
    const slot = await slotAt(10, "10:30");
    let id = "";
    const first = await sentDuring(async () => {
      id = await book(slot.id);
    });
    expect(first.sms).toHaveLength(1);
    expect(first.emails).toHaveLength(1);
    const db = t.database.db;
    const event = await one(
      db
        .select({ id: events.id })
        .from(events)
        .where(
          and(
            eq(events.type, "appointment.booked"),
            sql`${events.payload}->>'appointmentId' = ${id}`,
          ),
        ),
    );
    const again = await sentDuring(async () => {
      // The relay hands the event to the handler once more, as after a crash before it was marked.
      const redelivered = await db
        .update(eventDeliveries)
        .set({ deliveredAt: null, leasedUntil: null, dueAt: new Date(0) })
        .where(
          and(
            eq(eventDeliveries.eventId, event.id),
            eq(eventDeliveries.handler, "notifications.appointment-notices"),
          ),
        )
        .returning({ attempts: eventDeliveries.attempts });
      expect(redelivered).toEqual([{ attempts: 1 }]);
      t.app.events.relay.wake();
      await t.app.events.whenSettled();
      const [delivery] = await db
        .select({ attempts: eventDeliveries.attempts, deliveredAt: eventDeliveries.deliveredAt })
        .from(eventDeliveries)
        .where(
          and(
            eq(eventDeliveries.eventId, event.id),
            eq(eventDeliveries.handler, "notifications.appointment-notices"),
          ),
        );
      expect(delivery).toEqual({ attempts: 2, deliveredAt: expect.any(Date) });
    });
    expect(again).toEqual({ sms: [], emails: [] });
  });
});

/** A move as the booking module makes it: the old row cancelled with moved_to_id, the new one live. */
async function move(oldId: string, to: { id: string; startsAt: Date; endsAt: Date }) {
  return t.database.db.transaction(async (tx) => {
    await tx.update(appointments).set({ status: "cancelled" }).where(eq(appointments.id, oldId));
    const newId = await insertAppointment(tx, {
      doctorId: fx.doctorId,
      slotId: to.id,
      startsAt: to.startsAt,
      endsAt: to.endsAt,
    });
    await tx.update(appointments).set({ movedToId: newId }).where(eq(appointments.id, oldId));
    await emit(
      tx,
      "appointment.moved",
      { fromAppointmentId: oldId, appointmentId: newId },
      { accountId: fx.clientId },
    );
    return newId;
  });
}

type JobRow = { id: string; state: string; start_after: Date; data: Record<string, string> };

async function reminderJobs(appointmentId: string): Promise<JobRow[]> {
  const { rows } = await t.app.jobs.db.executeSql(
    `select id, state, start_after, data from ${BOSS_SCHEMA}.job
     where name = $1 and data->>'appointmentId' = $2 order by start_after`,
    [REMINDER_QUEUE, appointmentId],
  );
  return (rows as JobRow[]).map((row) => ({ ...row, start_after: new Date(row.start_after) }));
}

/** Makes an appointment's reminders due now (taken-back ones too), and waits for them to run. */
async function runReminders(appointmentId: string): Promise<void> {
  await t.app.jobs.db.executeSql(
    `update ${BOSS_SCHEMA}.job set start_after = now(), state = 'created'
     where name = $1 and data->>'appointmentId' = $2`,
    [REMINDER_QUEUE, appointmentId],
  );
  await t.app.appointmentReminders.whenSettled(20_000);
}

describe("the reminders of an appointment", () => {
  it("are scheduled a day and two hours before, moved out of the quiet hours 21:00–09:00 Moscow time", async () => {
    const early = await slotAt(4, "08:00");
    const earlyId = await book(early.id);
    const noon = await slotAt(4, "14:00");
    const noonId = await book(noon.id);
    await settle();
    const dayBefore = addCalendarDays(moscowDate(early.startsAt), -1);
    const expectations: [string, Date, [ReminderKind, Date][]][] = [
      // 08:00: the day before at 08:00 is quiet, so 09:00 that day; two hours before (06:00) is
      // quiet and 09:00 is too late, so 20:00 the evening before.
      [
        earlyId,
        early.startsAt,
        [
          ["day_before", moscowInstant(dayBefore, 9 * 60)],
          ["two_hours_before", moscowInstant(dayBefore, 20 * 60)],
        ],
      ],
      [
        noonId,
        noon.startsAt,
        [
          ["day_before", moscowInstant(dayBefore, 14 * 60)],
          ["two_hours_before", moscowInstant(moscowDate(noon.startsAt), 12 * 60)],
        ],
      ],
    ];
    for (const [id, startsAt, wanted] of expectations) {
      const jobs = await reminderJobs(id);
      expect(jobs.map((job) => [job.data.kind, job.data.startsAt, job.state])).toEqual(
        wanted.map(([kind]) => [kind, startsAt.toISOString(), "created"]),
      );
      expect(jobs.map((job) => job.id)).toEqual(
        wanted.map(([kind]) => reminderJobId(id, kind, startsAt)),
      );
      // The pure rule agrees, and the job is due at its time (to the seconds of scheduling).
      expect(reminderTimes(startsAt, new Date()).map((r) => [r.kind, r.sendAt])).toEqual(wanted);
      for (const [index, [, sendAt]] of wanted.entries()) {
        const job = jobs[index];
        expect(Math.abs((job?.start_after.getTime() ?? 0) - sendAt.getTime())).toBeLessThan(5_000);
      }
    }
  });

  it("sends the reminder by SMS and e-mail when it is due, for the time it was computed for", async () => {
    const slot = await slotAt(4, "11:30");
    const id = await book(slot.id);
    await settle();
    expect(await reminderJobs(id)).toHaveLength(2);
    const quietNow = isQuietHour(new Date());
    const sent = await sentDuring(() => runReminders(id));
    if (quietNow) {
      // Run now, in the quiet hours (a suite run at night): both wait for 09:00 instead.
      expect(sent).toEqual({ sms: [], emails: [] });
      const deferred = (await reminderJobs(id)).filter((job) => job.state === "created");
      expect(deferred).toHaveLength(2);
      for (const job of deferred) expect(isQuietHour(job.start_after)).toBe(false);
      return;
    }
    expect(sent.sms).toHaveLength(2);
    for (const text of sent.sms) {
      expect(text).toMatch(
        /^РМС: напоминаем о приёме .+ в 11:30: Орлова А\. С\., терапевт Кузнецов/,
      );
    }
    expect(sent.emails).toHaveLength(2);
    expect(sent.emails[0]?.text).toContain(link(id));
    // Run again (a job retried after a crash): the messages are queued under the same ids.
    const again = await sentDuring(() => runReminders(id));
    expect(again).toEqual({ sms: [], emails: [] });
  });

  it("are taken back when the appointment is cancelled, and would send nothing if they ran", async () => {
    const slot = await slotAt(11, "12:30");
    const id = await book(slot.id);
    await settle();
    const res = await t.app.inject({
      method: "POST",
      url: `/api/appointments/${id}/cancel`,
      cookies: { rms_session: fx.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    await settle();
    expect((await reminderJobs(id)).map((job) => job.state)).toEqual(["cancelled", "cancelled"]);
    const sent = await sentDuring(() => runReminders(id));
    expect(sent).toEqual({ sms: [], emails: [] });
  });

  it("of a moved appointment come for the new time only", async () => {
    const from = await slotAt(12, "10:00");
    const to = await slotAt(12, "15:00");
    const oldId = await book(from.id);
    await settle();
    const newId = await move(oldId, to);
    await settle();
    expect((await reminderJobs(oldId)).map((job) => job.state)).toEqual(["cancelled", "cancelled"]);
    const fresh = await reminderJobs(newId);
    expect(fresh.map((job) => job.data.startsAt)).toEqual([
      to.startsAt.toISOString(),
      to.startsAt.toISOString(),
    ]);
    expect(await sentDuring(() => runReminders(oldId))).toEqual({ sms: [], emails: [] });
    const quietNow = isQuietHour(new Date());
    const sent = await sentDuring(() => runReminders(newId));
    if (quietNow) {
      // Run in the quiet hours (a suite run at night): the new time's two wait for 09:00.
      expect(sent).toEqual({ sms: [], emails: [] });
      const deferred = (await reminderJobs(newId)).filter((job) => job.state === "created");
      expect(deferred.map((job) => job.data.startsAt)).toEqual([
        to.startsAt.toISOString(),
        to.startsAt.toISOString(),
      ]);
      return;
    }
    expect(sent.sms).toHaveLength(2);
    expect(sent.sms.every((text) => text.includes("в 15:00:"))).toBe(true);
  });

  it("read the appointment again before sending: one whose time changed gets none for the old time", async () => {
    const slot = await slotAt(13, "10:00");
    const id = await book(slot.id);
    await settle();
    expect(await reminderJobs(id)).toHaveLength(2);
    // The time changes with no event (and so no reminder taken back): the stored jobs are stale.
    const later = new Date(slot.startsAt.getTime() + 60 * MINUTE);
    await t.database.db
      .update(appointments)
      .set({ startsAt: later, endsAt: new Date(later.getTime() + 30 * MINUTE) })
      .where(eq(appointments.id, id));
    expect(await sentDuring(() => runReminders(id))).toEqual({ sms: [], emails: [] });
  });
});
