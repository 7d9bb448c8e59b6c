import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationPreferences } from "../../../common/notifications/notifications.schema.ts";
import {
  appointments,
  chatConversations,
  chatMessages,
  clients,
  notifications,
  orders,
  outboxMessages,
  pushSubscriptions,
} from "../../db/schema/index.ts";
import { BOSS_SCHEMA } from "../../integrations/jobs/job-queue.ts";
import { PUSH_TTL_SECONDS } from "../../integrations/push/web-push-sender.ts";
import { SMS_QUEUE } from "../../integrations/sms/sms-delivery.ts";
import type { LiveEvent } from "../../plugins/events.ts";
import { emit } from "../../plugins/events.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
} from "../../test/factories.ts";
import {
  browserKeys,
  type FakePushService,
  startFakePushService,
} from "../../test/fake-push-service.ts";
import {
  createBookingClient,
  createClinic,
  createDoctor,
  createSpecialty,
  createVisitService,
} from "../booking/booking-test-fixtures.ts";
import { addCalendarDays, moscowDate, moscowInstant } from "../booking/moscow-time.ts";
import { CHAT_REPLY_SMS_QUEUE, sendReplySmsIfUnseen } from "../chat/chat-jobs.ts";
import {
  createTestFamily,
  documentForm,
  giveHealthConsent,
  PDF,
} from "../medcard/medcard-test-fixtures.ts";
import { appointmentNoticesHandler } from "./appointment-notices.ts";
import { createReminderDelivery } from "./appointment-reminders.ts";
import { createNotifier } from "./notifier.ts";
import { PUSH_QUEUE } from "./push-delivery.ts";

const t = setupTestApp();
let pushService: FakePushService;

beforeAll(async () => {
  pushService = await startFakePushService();
});
afterAll(async () => {
  await pushService?.close();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Account {
  id: string;
  phone: string;
  email: string;
  cookie: string;
  password?: string;
}

async function emailOf(clientId: string): Promise<string> {
  const [row] = await t.database.db
    .select({ email: clients.email })
    .from(clients)
    .where(eq(clients.id, clientId));
  return row?.email ?? "";
}

async function account(): Promise<Account> {
  const client = await createTestClient(t.database.db);
  const cookie = await signInClient(t.app, client);
  return {
    id: client.id,
    phone: client.phone,
    email: await emailOf(client.id),
    cookie,
    password: client.password,
  };
}

async function preferences(who: Account): Promise<NotificationPreferences> {
  const res = await t.app.inject({
    method: "GET",
    url: "/api/profile/notifications",
    cookies: { rms_session: who.cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Changes the account's preferences through «Уведомления». */
async function choose(
  who: Account,
  change: (prefs: NotificationPreferences) => NotificationPreferences,
): Promise<void> {
  const res = await t.app.inject({
    method: "PUT",
    url: "/api/profile/notifications",
    cookies: { rms_session: who.cookie },
    payload: change(await preferences(who)),
  });
  expect(res.statusCode, res.body).toBe(200);
}

const noQuietHours = (prefs: NotificationPreferences): NotificationPreferences => ({
  ...prefs,
  quietHours: { ...prefs.quietHours, enabled: false },
});

function smsOff(kind: string) {
  return (prefs: NotificationPreferences): NotificationPreferences => ({
    ...prefs,
    kinds: prefs.kinds.map((row) => (row.kind === kind ? { ...row, sms: false } : row)),
  });
}

async function subscribe(who: Account, name: string) {
  const keys = browserKeys();
  const res = await t.app.inject({
    method: "POST",
    url: "/api/push/subscriptions",
    cookies: { rms_session: who.cookie },
    payload: {
      endpoint: pushService.endpoint(name),
      keys: { p256dh: keys.p256dh, auth: keys.auth },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return keys;
}

async function settle(): Promise<void> {
  await t.app.sms.whenSettled(20_000);
  await t.app.email.whenSettled(20_000);
  await t.app.push.whenSettled(20_000);
}

async function sent(to: string, channel: "sms" | "email"): Promise<string[]> {
  await settle();
  const rows = await t.database.db
    .select({ body: outboxMessages.body })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.channel, channel), eq(outboxMessages.recipient, to.toLowerCase())))
    .orderBy(outboxMessages.createdAt);
  return rows.map((row) => row.body);
}

type JobRow = { id: string; state: string; start_after: Date; data: Record<string, unknown> };

async function jobs(queue: string, field: string, value: string): Promise<JobRow[]> {
  const { rows } = await t.app.jobs.db.executeSql(
    `select id, state, start_after, data from ${BOSS_SCHEMA}.job
     where name = $1 and data->>'${field}' = $2 order by created_on`,
    [queue, value],
  );
  return (rows as JobRow[]).map((row) => ({ ...row, start_after: new Date(row.start_after) }));
}

/** The Moscow wall-clock time `minutes` after midnight, `days` from today. */
function moscowAt(days: number, minutes: number): Date {
  return moscowInstant(addCalendarDays(moscowDate(new Date()), days), minutes);
}

/** A notifier like the app's, on a clock of the test's own. */
function notifierAt(moment: Date) {
  return createNotifier({
    db: t.database.db,
    sms: t.app.sms,
    email: t.app.email,
    push: t.app.push,
    pushEnabled: true,
    now: () => moment,
  });
}

async function visitPlace() {
  const db = t.database.db;
  const specialtyId = await createSpecialty(db, "терапевт");
  const clinicId = await createClinic(db, `Клиника ${randomUUID().slice(0, 6)}`);
  const doctorId = await createDoctor(db, clinicId, specialtyId, "Кузнецов");
  const serviceId = await createVisitService(db, clinicId, specialtyId, 250_000);
  return { clinicId, doctorId, serviceId };
}

/** A confirmed appointment of a new booking client at `startsAt`, written as the clinic would. */
async function appointmentAt(startsAt: Date) {
  const db = t.database.db;
  const place = await visitPlace();
  const booker = await createBookingClient(t.app, db);
  const [row] = await db
    .insert(appointments)
    .values({
      personId: booker.personId,
      contractId: booker.contractId,
      clientId: booker.clientId,
      clinicId: place.clinicId,
      doctorId: place.doctorId,
      serviceId: place.serviceId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * MINUTE),
      coverageKind: "covered",
      clinicPriceKopecks: 250_000,
      companyPriceKopecks: 250_000,
      status: "confirmed",
    })
    .returning({ id: appointments.id });
  if (!row) throw new Error("the appointment was not stored");
  const [client] = await db
    .select({ phone: clients.phone })
    .from(clients)
    .where(eq(clients.id, booker.clientId));
  const who: Account = {
    id: booker.clientId,
    phone: client?.phone ?? "",
    email: await emailOf(booker.clientId),
    cookie: booker.cookie,
  };
  return { appointmentId: row.id, who };
}

/** Runs one reminder of an appointment now, on a reminder queue and a clock of the test's own. */
async function runReminderAt(moment: Date, appointmentId: string, startsAt: Date): Promise<void> {
  const reminders = createReminderDelivery({
    jobs: t.app.jobs,
    db: t.database.db,
    notifier: notifierAt(moment),
    publicOrigin: t.config.publicOrigin,
    log: t.app.log,
    now: () => moment,
    queue: `test-reminders-${randomUUID()}`,
    pollingIntervalMs: 100,
  });
  await reminders.start();
  try {
    await reminders.enqueue({
      appointmentId,
      kind: "day_before",
      startsAt: startsAt.toISOString(),
    });
    await reminders.whenSettled(20_000);
  } finally {
    await reminders.stop();
  }
}

async function inboxOf(clientId: string) {
  return t.database.db
    .select({ id: notifications.id, kind: notifications.kind, title: notifications.title })
    .from(notifications)
    .where(eq(notifications.clientId, clientId));
}

describe("preferences decide what a reminder sends", () => {
  it("sends no reminder SMS when the client turned SMS off for «Напоминания», judged when the reminder runs", async () => {
    const startsAt = moscowAt(5, 12 * 60);
    // Noon the day before: a reminder's own rules and the quiet hours would both let it go.
    const dayBefore = new Date(startsAt.getTime() - 24 * HOUR);
    const off = await appointmentAt(startsAt);
    const on = await appointmentAt(startsAt);
    // SMS is on when the reminder is scheduled, and turned off before it runs.
    await choose(off.who, smsOff("reminder"));
    await runReminderAt(dayBefore, off.appointmentId, startsAt);
    await runReminderAt(dayBefore, on.appointmentId, startsAt);

    expect(await sent(off.who.phone, "sms")).toEqual([]);
    expect(await sent(off.who.email, "email")).toHaveLength(1);
    expect((await inboxOf(off.who.id)).map((row) => row.kind)).toEqual(["reminder"]);
    const [sms] = await sent(on.who.phone, "sms");
    expect(sms).toMatch(/^РМС: напоминаем о приёме/);
  });
});

describe("the dev outbox's «send the next reminder now»", () => {
  it("sends an appointment's next reminder at once as at its own moment, by the client's channels, and once", async () => {
    const startsAt = moscowAt(5, 12 * 60);
    const off = await appointmentAt(startsAt);
    const on = await appointmentAt(startsAt);
    // The dispatcher judges the quiet hours by the real clock: off, so the test holds at night.
    await choose(off.who, (prefs) => smsOff("reminder")(noQuietHours(prefs)));
    await choose(on.who, noQuietHours);
    for (const { appointmentId } of [off, on]) {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/dev/appointments/${appointmentId}/reminder`,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ kind: "day_before" });
    }
    expect(await sent(off.who.phone, "sms")).toEqual([]);
    expect(await sent(off.who.email, "email")).toHaveLength(1);
    expect((await inboxOf(off.who.id)).map((row) => row.kind)).toEqual(["reminder"]);
    const [sms, ...more] = await sent(on.who.phone, "sms");
    expect(sms).toMatch(/^РМС: напоминаем о приёме/);
    expect(more).toEqual([]);

    // Asked again, the same reminder is not sent twice (its key is the reminder job's own).
    await t.app.inject({
      method: "POST",
      url: `/api/dev/appointments/${on.appointmentId}/reminder`,
    });
    expect(await sent(on.who.phone, "sms")).toHaveLength(1);
  });

  it("answers a Russian 409 for an appointment that has no reminder left", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/dev/appointments/${randomUUID()}/reminder`,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toMatch(/не осталось напоминаний/);
  });
});

describe("quiet hours", () => {
  it("postpone an SMS and a push to their end at 09:00 Moscow time, while the e-mail goes at once", async () => {
    const who = await account();
    await subscribe(who, `quiet-${randomUUID()}`);
    const night = moscowAt(1, 23 * 60);
    const morning = moscowAt(2, 9 * 60);
    const before = Date.now();
    await notifierAt(night).dispatch({
      key: randomUUID(),
      clientId: who.id,
      kind: "appointment",
      title: "Запись перенесена",
      body: "Запись перенесена на 10:00.",
      link: "/cabinet/appointments",
      sms: { text: "РМС: запись перенесена на 10:00." },
      email: { subject: "РМС: запись перенесена", text: "Запись перенесена на 10:00." },
    });
    await settle();
    // Due when 09:00 comes (and a minute more, for a database clock a little behind).
    const wait = morning.getTime() - night.getTime() + MINUTE;
    const [smsJob] = await jobs(SMS_QUEUE, "to", who.phone);
    expect(smsJob?.state).toBe("created");
    expect(Math.abs((smsJob?.start_after.getTime() ?? 0) - (before + wait))).toBeLessThan(MINUTE);
    const [pushJob] = await jobs(PUSH_QUEUE, "clientId", who.id);
    expect(pushJob?.state).toBe("created");
    expect(Math.abs((pushJob?.start_after.getTime() ?? 0) - (before + wait))).toBeLessThan(MINUTE);
    expect(await sent(who.phone, "sms")).toEqual([]);
    expect(await sent(who.email, "email")).toEqual(["Запись перенесена на 10:00."]);
  });

  it("do not hold back a change to an appointment of today, but do one of tomorrow", async () => {
    // 07:00, in the quiet hours: the clinic confirms a visit at 11:00 today, and one tomorrow.
    const early = moscowAt(3, 7 * 60);
    const today = await appointmentAt(moscowAt(3, 11 * 60));
    const tomorrow = await appointmentAt(moscowAt(4, 11 * 60));
    const handler = appointmentNoticesHandler({
      db: t.database.db,
      notifier: notifierAt(early),
      publicOrigin: t.config.publicOrigin,
      now: () => early,
    });
    for (const { appointmentId, who } of [today, tomorrow]) {
      const event: LiveEvent = {
        id: "1",
        type: "appointment.confirmed",
        payload: { appointmentId },
        audience: { accountId: who.id },
      };
      await handler.handle(event, { key: randomUUID(), attempt: 1 });
    }
    const [todays] = await sent(today.who.phone, "sms");
    expect(todays).toMatch(/^РМС: запись подтверждена/);
    expect(await sent(tomorrow.who.phone, "sms")).toEqual([]);
    const [held] = await jobs(SMS_QUEUE, "to", tomorrow.who.phone);
    expect(held?.state).toBe("created");
    expect(held?.start_after.getTime()).toBeGreaterThan(Date.now() + HOUR);
  });

  it("never hold back a security message, which goes on every channel whatever the preferences", async () => {
    const who = await account();
    // Quiet hours around this very moment, and every channel off for every kind.
    const minutes = Math.floor((Date.now() - moscowAt(0, 0).getTime()) / MINUTE);
    const clock = (m: number) => {
      const wrapped = ((m % 1440) + 1440) % 1440;
      return `${String(Math.floor(wrapped / 60)).padStart(2, "0")}:${String(wrapped % 60).padStart(2, "0")}`;
    };
    await choose(who, (prefs) => ({
      kinds: prefs.kinds.map((row) => ({ ...row, sms: false, email: false, push: false })),
      quietHours: { enabled: true, start: clock(minutes - 60), end: clock(minutes + 60) },
    }));
    const password = `new-${randomUUID()}`;
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/password",
      cookies: { rms_session: who.cookie },
      payload: {
        currentPassword: who.password,
        newPassword: password,
        newPasswordRepeat: password,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [sms] = await sent(who.phone, "sms");
    expect(sms).toMatch(/^РМС: пароль личного кабинета изменён\. Если это были не вы, позвоните/);
    expect(await sent(who.email, "email")).toEqual([
      expect.stringContaining("изменён пароль личного кабинета"),
    ]);
    expect((await inboxOf(who.id)).map((row) => row.title)).toEqual(["Пароль изменён"]);
  });
});

describe("a sign-in from a new device", () => {
  const iphone =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";

  async function signInFrom(who: Account, userAgent: string): Promise<void> {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      headers: { "user-agent": userAgent },
      payload: { phone: who.phone, password: who.password, remember: false },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  it("is told once by SMS, and a sign-in from a device the account used before is not", async () => {
    const who = await account();
    await signInFrom(who, iphone);
    // Another build of the same browser and system is the same device.
    await signInFrom(who, iphone.replace("18_0", "18_1").replace("Version/18.0", "Version/18.1"));
    // The device of the first sign-in again.
    await signInFrom(who, "lightMyRequest");
    const texts = await sent(who.phone, "sms");
    expect(texts).toEqual([
      expect.stringMatching(/^РМС: вход в личный кабинет с нового устройства/),
    ]);
    expect((await inboxOf(who.id)).map((row) => row.kind)).toEqual(["security"]);
  });
});

describe("Web Push", () => {
  it("pushes the notification to each subscribed browser, encrypted for it, with a day's TTL", async () => {
    const who = await account();
    await choose(who, noQuietHours);
    const phone = await subscribe(who, `phone-${randomUUID()}`);
    const laptopName = `laptop-${randomUUID()}`;
    await subscribe(who, laptopName);
    const dispatched = await t.app.notifier.dispatch({
      key: randomUUID(),
      clientId: who.id,
      kind: "document",
      title: "Новый документ в медкарте",
      body: "Врач добавил документ «Заключение».",
      link: "/cabinet/medcard",
    });
    expect(dispatched.pushes).toBe(2);
    await settle();
    const phoneName = (
      await t.database.db
        .select({ endpoint: pushSubscriptions.endpoint })
        .from(pushSubscriptions)
        .where(
          and(eq(pushSubscriptions.clientId, who.id), eq(pushSubscriptions.p256dh, phone.p256dh)),
        )
    )[0]?.endpoint.split("/push/")[1];
    const [received] = pushService.received(phoneName ?? "");
    expect(received?.headers.ttl).toBe(String(PUSH_TTL_SECONDS));
    expect(received?.headers["content-encoding"]).toBe("aes128gcm");
    expect(String(received?.headers.authorization)).toMatch(/^vapid t=.+, k=/);
    expect(phone.decrypt(received?.body ?? Buffer.alloc(0))).toEqual({
      notificationId: dispatched.notificationId,
      title: "Новый документ в медкарте",
      body: "Врач добавил документ «Заключение».",
      url: "/cabinet/medcard",
    });
    expect(pushService.received(laptopName)).toHaveLength(1);
  });

  it("removes a subscription the push service answers 410 or 404, and tries again one that answers 500", async () => {
    const who = await account();
    await choose(who, noQuietHours);
    const gone = `gone-${randomUUID()}`;
    const unknown = `unknown-${randomUUID()}`;
    const failing = `failing-${randomUUID()}`;
    for (const name of [gone, unknown, failing]) await subscribe(who, name);
    pushService.answer(gone, 410);
    pushService.answer(unknown, 404);
    pushService.answer(failing, 500);
    await t.app.notifier.dispatch({
      key: randomUUID(),
      clientId: who.id,
      kind: "payment",
      title: "Оплата прошла",
      body: "Заказ № 100001 оплачен: 1 490 ₽.",
      link: "/cabinet/profile/payments",
    });
    await settle();
    const left = await t.database.db
      .select({ endpoint: pushSubscriptions.endpoint })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.clientId, who.id));
    expect(left.map((row) => row.endpoint)).toEqual([pushService.endpoint(failing)]);
    const [retry] = await jobs(PUSH_QUEUE, "clientId", who.id).then((rows) =>
      rows.filter((row) => row.state !== "completed"),
    );
    expect(retry?.state).toBe("retry");
  });
});

describe("the fallback SMS of a doctor's reply pushed and not opened", () => {
  /** A booking client (its own person on a contract with chats), as an account. */
  async function chatAccount(): Promise<Account & { contractId: string; personId: string }> {
    const booker = await createBookingClient(t.app, t.database.db);
    const [client] = await t.database.db
      .select({ phone: clients.phone, email: clients.email })
      .from(clients)
      .where(eq(clients.id, booker.clientId));
    return {
      id: booker.clientId,
      phone: client?.phone ?? "",
      email: client?.email ?? "",
      cookie: booker.cookie,
      contractId: booker.contractId,
      personId: booker.personId,
    };
  }

  async function conversationOf(who: { id: string; contractId: string; personId: string }) {
    const [conversation] = await t.database.db
      .insert(chatConversations)
      .values({
        clientId: who.id,
        contractId: who.contractId,
        personId: who.personId,
        clientConversationId: randomUUID(),
      })
      .returning({ id: chatConversations.id });
    if (!conversation) throw new Error("the conversation was not stored");
    return conversation.id;
  }

  async function doctorAnswers(who: Account, conversationId: string): Promise<string> {
    const db = t.database.db;
    const [message] = await db
      .insert(chatMessages)
      // A time in milliseconds, as the chat writes it (a receipt compares times read back in JS).
      .values({
        conversationId,
        author: "doctor",
        body: "Сдайте общий анализ крови.",
        createdAt: new Date(),
      })
      .returning({ id: chatMessages.id });
    if (!message) throw new Error("the message was not stored");
    await db.transaction((tx) =>
      emit(
        tx,
        "chat.message",
        { conversationId, messageId: message.id, author: "doctor" },
        { accountId: who.id },
      ),
    );
    await settle();
    return message.id;
  }

  /** Makes the message's check due now (ten minutes passed) and waits for it to run. */
  async function tenMinutesLater(messageId: string): Promise<void> {
    await t.app.jobs.db.executeSql(
      `update ${BOSS_SCHEMA}.job set start_after = now(), state = 'created'
       where name = $1 and data->>'messageId' = $2`,
      [CHAT_REPLY_SMS_QUEUE, messageId],
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      const pending = (await jobs(CHAT_REPLY_SMS_QUEUE, "messageId", messageId)).filter(
        (job) => job.state !== "completed",
      );
      if (pending.length === 0) break;
      if (Date.now() > deadline) throw new Error("the reply's check did not run");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await settle();
  }

  const replySms = (texts: string[]) => texts.filter((text) => text.includes("врач ответил"));

  it("waits 10 minutes after the push, then sends one SMS, and never a second on a repeated check", async () => {
    const who = await chatAccount();
    await choose(who, noQuietHours);
    await subscribe(who, `chat-${randomUUID()}`);
    const conversationId = await conversationOf(who);
    const messageId = await doctorAnswers(who, conversationId);
    const [check] = await jobs(CHAT_REPLY_SMS_QUEUE, "messageId", messageId);
    expect(check?.data.viaPush).toBe(true);
    expect(check?.start_after.getTime()).toBeGreaterThan(Date.now() + 9 * MINUTE);
    expect(await sent(who.phone, "sms")).toEqual([]);

    await tenMinutesLater(messageId);
    expect(replySms(await sent(who.phone, "sms"))).toEqual([
      `РМС: врач ответил вам в «Чате с врачом». ${t.config.publicOrigin}/cabinet/chat/${conversationId}`,
    ]);
    // The job runs again (a retry after a crash, a second instance's copy): still one SMS.
    await tenMinutesLater(messageId);
    expect(replySms(await sent(who.phone, "sms"))).toHaveLength(1);
  });

  it("sends one SMS when two instances check the same unopened reply at once", async () => {
    const who = await chatAccount();
    await choose(who, noQuietHours);
    const conversationId = await conversationOf(who);
    const [message] = await t.database.db
      .insert(chatMessages)
      .values({ conversationId, author: "doctor", body: "Ответ врача." })
      .returning({ id: chatMessages.id });
    const id = message?.id ?? "";
    const link = `${t.config.publicOrigin}/cabinet/chat`;
    const outcomes = await Promise.all([
      sendReplySmsIfUnseen(t.database.db, t.app.sms, id, link, new Date(), { unreadOnly: true }),
      sendReplySmsIfUnseen(t.database.db, t.app.sms, id, link, new Date(), { unreadOnly: true }),
    ]);
    expect(outcomes.sort()).toEqual([false, true]);
    expect(replySms(await sent(who.phone, "sms"))).toHaveLength(1);
  });

  it("sends none when the push was opened, or the conversation read in the cabinet", async () => {
    const who = await chatAccount();
    await choose(who, noQuietHours);
    await subscribe(who, `opened-${randomUUID()}`);
    const clicked = await conversationOf(who);
    const clickedMessage = await doctorAnswers(who, clicked);
    const [row] = await t.database.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.clientId, who.id), eq(notifications.subject, clicked)));
    // The service worker marks the notification read when the push is clicked.
    const read = await t.app.inject({
      method: "POST",
      url: `/api/notifications/${row?.id}/read`,
      cookies: { rms_session: who.cookie },
    });
    expect(read.statusCode, read.body).toBe(204);

    const opened = await conversationOf(who);
    const openedMessage = await doctorAnswers(who, opened);
    const receipt = await t.app.inject({
      method: "POST",
      url: `/api/chat/conversations/${opened}/receipts`,
      cookies: { rms_session: who.cookie },
      payload: { upToMessageId: openedMessage, state: "read" },
    });
    expect(receipt.statusCode, receipt.body).toBeLessThan(300);
    await settle();
    // Read in the cabinet: its «Врач ответил» is read in the notification centre too.
    const [centre] = await t.database.db
      .select({ readAt: notifications.readAt })
      .from(notifications)
      .where(and(eq(notifications.clientId, who.id), eq(notifications.subject, opened)));
    expect(centre?.readAt).not.toBeNull();

    await tenMinutesLater(clickedMessage);
    await tenMinutesLater(openedMessage);
    expect(replySms(await sent(who.phone, "sms"))).toEqual([]);
  });

  it("sends none when the client turned SMS off for chat replies", async () => {
    const who = await chatAccount();
    await choose(who, (prefs) => smsOff("chat_reply")(noQuietHours(prefs)));
    const conversationId = await conversationOf(who);
    const messageId = await doctorAnswers(who, conversationId);
    expect(await jobs(CHAT_REPLY_SMS_QUEUE, "messageId", messageId)).toEqual([]);
    expect((await inboxOf(who.id)).map((row) => row.kind)).toEqual(["chat_reply"]);
  });
});

describe("the notification centre's other kinds", () => {
  it("tells the parent of a clinic's document for a child, and no one of an adult «Пациент 2»'s", async () => {
    const family = await createTestFamily(t.app);
    await giveHealthConsent(t.app, family.cookie);
    const admin = await signInStaff(t.app, await createTestStaff(t.database.db, "admin"));
    const clinicId = await createClinic(t.database.db, `Клиника ${randomUUID().slice(0, 6)}`);
    const issued = await t.app.inject({
      method: "POST",
      url: "/api/staff/integration-tokens",
      cookies: { rms_staff_session: admin },
      payload: { name: "МИС клиники", clinicId },
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const post = async (contractNumber: string, birthDate: string, title: string) => {
      const form = await documentForm(
        {
          contractNumber,
          birthDate,
          externalId: `LAB-${randomUUID()}`,
          type: "conclusion",
          title,
          documentDate: moscowDate(new Date()),
        },
        { name: "заключение.pdf", content: PDF },
      );
      const res = await t.app.inject({
        method: "POST",
        url: "/api/integration/clinic/medcard/documents",
        headers: { ...form.headers, authorization: `Bearer ${issued.json().token}` },
        payload: form.payload,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await post(family.child.contractNumber, family.child.birthDate, "Заключение ЛОР-врача");
    await post(family.contractNumbers[2] ?? "", family.adult.birthDate, "Выписка взрослого");
    await settle();
    const rows = await t.database.db
      .select({ kind: notifications.kind, title: notifications.title, body: notifications.body })
      .from(notifications)
      .where(eq(notifications.clientId, family.client.id));
    expect(rows).toEqual([
      {
        kind: "document",
        title: "Новый документ в медкарте",
        body: "Клиника добавила документ в вашу медкарту. Откройте «Медкарту», чтобы посмотреть.",
      },
    ]);
  });

  it("tells a payment once, though the order's status event comes again (a refund that failed)", async () => {
    const who = await account();
    const [order] = await t.database.db
      .insert(orders)
      .values({
        kind: "certificate",
        clientId: who.id,
        status: "paid",
        totalKopecks: 149_000,
        paidKopecks: 149_000,
        receiptEmail: who.email,
        checkout: {},
        returnOrigin: t.config.publicOrigin,
        checkoutKey: randomUUID(),
        expiresAt: new Date(Date.now() + HOUR),
        paidAt: new Date(),
      })
      .returning({ id: orders.id, number: orders.number });
    if (!order) throw new Error("the order was not stored");
    for (let i = 0; i < 2; i += 1) {
      await t.database.db.transaction((tx) =>
        emit(tx, "order.changed", { orderId: order.id, status: "paid" }, { accountId: who.id }),
      );
    }
    await settle();
    const rows = await t.database.db
      .select({ title: notifications.title, body: notifications.body, link: notifications.link })
      .from(notifications)
      .where(eq(notifications.clientId, who.id));
    expect(rows).toEqual([
      {
        title: "Оплата прошла",
        body: expect.stringMatching(
          new RegExp(`^Заказ № ${order.number} оплачен: 1\\s490 ₽\\.$`, "u"),
        ),
        link: "/cabinet/profile/payments",
      },
    ]);
  });
});
