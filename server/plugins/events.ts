import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { type StaffRole, staffRoles } from "../../common/staff/staff-auth.schema.ts";
import type { Db } from "../db/client.ts";
import type { Listener } from "../db/listener.ts";
import { createScheduledJob } from "../integrations/jobs/scheduled-job.ts";
import { createEventRelay, type EventHandler, type EventRelay } from "./event-relay.ts";
import {
  deleteSettledEventsBefore,
  insertEvent,
  notify,
  selectEventsAfter,
} from "./events.repository.ts";
import { runOnJobQueue } from "./jobs.ts";

/**
 * Every event the product emits, with what its payload holds. Payloads carry ids (and small
 * codes), never personal data: they travel in NOTIFY and reach browsers as they are.
 */
export interface EventPayloads {
  /** A client asked for a call-back («Перезвонить мне»), or a visitor («Заказать звонок»: no contract). */
  "callback.requested": { callbackId: string; contractId: string | null };
  /** The client cancelled a call-back that was still open. */
  "callback.cancelled": { callbackId: string; contractId: string };
  /** A staff member took a call-back into work («Взять в работу»). */
  "callback.taken": { callbackId: string; staffId: string };
  /** A staff member closed a call-back with its outcome (an appeal was recorded, but for a visitor's). */
  "callback.closed": { callbackId: string; appealId: string | null };
  /** A client sent a message to the contact centre. */
  "message.sent": { messageId: string; contractId: string };
  /** A staff member took a message into work. */
  "message.taken": { messageId: string; staffId: string };
  /** A staff member replied to a message: the reply joins the thread and goes out by e-mail. */
  "message.replied": { messageId: string; replyId: string };
  /** A staff member closed a message (an appeal was recorded). */
  "message.closed": { messageId: string; appealId: string };
  /** A client asked to replace «Пациент 1» on a contract. */
  "replacement.requested": { changeRequestId: string; contractId: string };
  /** Staff approved or rejected a replacement request: the client is told by SMS. */
  "replacement.decided": { changeRequestId: string; decision: "approved" | "rejected" };
  /** An appeal was recorded on a contract (on closing a call-back or message, or by hand). */
  "appeal.created": { appealId: string; contractId: string };
  /** A client opened «Новый чат»: it waits in the doctors' queue. */
  "chat.started": { conversationId: string };
  /** A message joined a chat (the client's, a doctor's, or the system's on a hand-over). */
  "chat.message": {
    conversationId: string;
    messageId: string;
    author: "client" | "doctor" | "system";
  };
  /** A doctor took a chat from the queue («Взять в работу»). */
  "chat.taken": { conversationId: string; staffId: string };
  /** A chat was handed to another doctor («Передать»). */
  "chat.transferred": { conversationId: string; toStaffId: string };
  /** One side's devices got (or read) the other side's messages up to one. */
  "chat.receipt": {
    conversationId: string;
    side: "client" | "doctor";
    state: "delivered" | "read";
  };
  /** «Завершить консультацию»: the conclusion is written, and the appeal with it. */
  "chat.closed": { conversationId: string; appealId: string };
  /** A client waits for a doctor longer than the target reply time. */
  "chat.escalated": { conversationId: string };
  /** The client rated a closed chat. */
  "chat.rated": { conversationId: string };
  /** A time the doctor offered in the chat was booked: both sides see it booked. */
  "chat.offer-booked": { conversationId: string; messageId: string };
  /** A covered person's visit was booked («Подтвердить запись», or a time offered in a chat). */
  "appointment.booked": { appointmentId: string; slotId: string };
  /** An appointment was cancelled: by the client («Отменить») or on the clinic's behalf (with a reason). */
  "appointment.cancelled": { appointmentId: string; by: "client" | "clinic" };
  /** «Перенести» or an accepted waitlist offer: the old appointment is cancelled, the new one holds. */
  "appointment.moved": { fromAppointmentId: string; appointmentId: string };
  /** «Оставить заявку» at a clinic that takes requests only: it waits for an operator. */
  "appointment.requested": { appointmentId: string };
  /** An operator booked a request by phone and entered its time (the client is told). */
  "appointment.scheduled": { appointmentId: string };
  /** Confirmed by an operator, or its guarantee letter was issued (the visit may go ahead). */
  "appointment.confirmed": { appointmentId: string };
  /** «Состоялась»: the visit took place; the appeal is written on the contract. */
  "appointment.fulfilled": { appointmentId: string; appealId: string };
  /** «Неявка». */
  "appointment.noshow": { appointmentId: string };
  /** An earlier time was offered to a waiting client, held for 15 minutes. */
  "waitlist.offered": { offerId: string; appointmentId: string };
  /** An order's status changed (paid, expired, cancelled, refunded): «Мои платежи» refreshes. */
  "order.changed": { orderId: string; status: string };
  /** A paid online certificate was issued: it is in «Мои договоры», its PDF goes by e-mail. */
  "certificate.issued": { contractId: string; orderId: string };
  /** The notification centre got a row for the account (the bell refreshes; decision 0028). */
  "notification.created": { notificationId: string };
  /** A security log row the account is told of: a new device's sign-in, a password, phone or e-mail changed. */
  "security.notice": { securityEventId: string };
  /** A doctor or a clinic added a document to a medical card the account keeps. */
  "medcard.document-added": { documentId: string };
}

/** The one list of event types (see EventPayloads for each one's meaning). */
export type EventType = keyof EventPayloads;

/** Whom an event may reach: the client account it concerns, and the staff roles that see it. */
export type EventAudience = { accountId?: string; staffRoles?: readonly StaffRole[] };

/** A committed event as the relay's handlers and the live streams see it. */
export interface LiveEvent {
  /** A bigint identity as a string: later events have larger ids. */
  id: string;
  type: EventType;
  payload: Record<string, string | number | null>;
  audience: EventAudience;
}

/** The PostgreSQL channel every committed event is announced on, as the JSON of its LiveEvent. */
export const LIVE_CHANNEL = "rms_events";

// NOTIFY refuses payloads of 8000 bytes or more; ours are ids, far below it.
const NOTIFY_LIMIT_BYTES = 7900;

/**
 * Writes the event row in `tx` (the change's own transaction) and pg_notify(LIVE_CHANNEL, JSON of
 * LiveEvent) in the same transaction, so the NOTIFY goes out only on commit, and a rolled-back
 * change leaves neither the row nor the notification.
 */
export async function emit<T extends EventType>(
  tx: Db,
  type: T,
  payload: EventPayloads[T],
  audience: EventAudience,
): Promise<void> {
  const values = { type, payload: { ...payload }, audience };
  await insertEvent(
    tx,
    values,
    (id) => {
      const notification = JSON.stringify({ id, ...values } satisfies LiveEvent);
      if (Buffer.byteLength(notification) > NOTIFY_LIMIT_BYTES) {
        throw new Error(`event ${type} is too large for NOTIFY: payloads carry ids, not data`);
      }
      return notification;
    },
    LIVE_CHANNEL,
  );
}

const EVENT_ID = /^\d{1,18}$/;

/**
 * Committed events after `afterId`, oldest first, at most `limit`: what a live stream resumed with
 * Last-Event-ID missed. An id that is not an event id (a forged header) reads from the start.
 */
export async function listEventsAfter(
  db: Db,
  afterId: string,
  limit: number,
): Promise<LiveEvent[]> {
  const after = EVENT_ID.test(afterId) ? BigInt(afterId) : 0n;
  return selectEventsAfter(db, after, limit);
}

/**
 * Signals: what is live only for a moment (a doctor typing). Unlike an event a signal is not
 * stored, has no id, is never replayed, and a lost one is simply not shown (decision 0018).
 */
export interface SignalPayloads {
  /** Someone is typing in a chat: the client, or the doctor. */
  "chat.typing": { conversationId: string; side: "client" | "doctor" };
}
export type SignalType = keyof SignalPayloads;

/** A signal as the live streams receive it: the same audience rule as an event's. */
export interface LiveSignal {
  type: SignalType;
  payload: Record<string, string>;
  audience: EventAudience;
}

/** The PostgreSQL channel signals are announced on, beside the events' one. */
export const SIGNAL_CHANNEL = "rms_signals";

/**
 * Sends a signal to every instance's live streams at once (pg_notify outside any transaction):
 * nothing is written, so a burst of them costs one NOTIFY each and leaves no rows.
 */
export async function signal<T extends SignalType>(
  db: Db,
  type: T,
  payload: SignalPayloads[T],
  audience: EventAudience,
): Promise<void> {
  const notification = JSON.stringify({ type, payload, audience } satisfies LiveSignal);
  if (Buffer.byteLength(notification) > NOTIFY_LIMIT_BYTES) {
    throw new Error(`signal ${type} is too large for NOTIFY: payloads carry ids, not data`);
  }
  await notify(db, SIGNAL_CHANNEL, notification);
}

/**
 * Lets one call through per key every `intervalMs` in this process: a keystroke storm becomes one
 * signal every couple of seconds. Keys not seen for a while are forgotten.
 */
export function createThrottle(intervalMs: number, maxKeys = 10_000) {
  const last = new Map<string, number>();
  return {
    /** True when the call under `key` may go now (and counts as gone). */
    allow(key: string, now = Date.now()): boolean {
      const before = last.get(key);
      if (before !== undefined && now - before < intervalMs) return false;
      last.delete(key);
      last.set(key, now);
      if (last.size > maxKeys) {
        const oldest = last.keys().next().value;
        if (oldest !== undefined) last.delete(oldest);
      }
      return true;
    },
  };
}

/** `events.emit(tx, "message.replied", { messageId, replyId }, { accountId })`. */
export const events = { emit, listEventsAfter, LIVE_CHANNEL } as const;

/** Every staff role: each one's console shows the contact queues, «Заявки на замену» and appeals. */
export const ALL_STAFF: readonly StaffRole[] = staffRoles;

declare module "fastify" {
  interface FastifyInstance {
    /** The relay of committed events to their handlers (decision 0014). */
    events: AppEvents;
  }
}

export interface AppEvents {
  /** Adds a handler of committed events; before the app is ready, when the relay starts. */
  on(handler: EventHandler): void;
  /** Resolves once every event committed so far reached its handlers (or waits for a retry). */
  whenSettled(timeoutMs?: number): Promise<void>;
  /** This process's relay; tests stop it to play a process that dies before delivering. */
  readonly relay: EventRelay;
}

/**
 * The outbox's relay: once the app is ready it catches up with the events waiting, then is woken
 * by each committed event's NOTIFY (and polls every few seconds for retries and for what a lost
 * connection missed). It stops before the app's other parts close, so a handler never runs into
 * a stopped delivery.
 */
/**
 * How long settled events stay: the live streams resume from them (Last-Event-ID) and a reader
 * away longer is sent a resync anyway. Older ones whose deliveries are all done are pruned hourly.
 */
export const EVENT_RETENTION_DAYS = 7;
export const EVENTS_PRUNE_QUEUE = "events-prune";

/** Removes the settled events older than the retention; returns how many. */
export function pruneSettledEvents(db: Db, now: Date = new Date()): Promise<number> {
  return deleteSettledEventsBefore(db, new Date(now.getTime() - EVENT_RETENTION_DAYS * 86_400_000));
}

export const eventsPlugin = fp(
  async (app: FastifyInstance) => {
    const handlers: EventHandler[] = [];
    const relay = createEventRelay({ db: app.database.db, log: app.log, handlers: () => handlers });
    let listener: Listener | undefined;
    app.decorate("events", {
      on(handler) {
        if (handlers.some((one) => one.name === handler.name)) {
          throw new Error(`an event handler named ${handler.name} is registered already`);
        }
        handlers.push(handler);
      },
      whenSettled: (timeoutMs) => relay.whenSettled(timeoutMs),
      relay,
    } satisfies AppEvents);
    app.addHook("onReady", async () => {
      listener = await app.database.listen(LIVE_CHANNEL, {
        onNotify: () => relay.wake(),
        onReconnect: () => relay.wake(),
        onError: (error) => app.log.warn({ err: error }, "event relay: LISTEN connection lost"),
      });
      relay.start();
    });
    app.addHook("preClose", async () => {
      await relay.stop();
      await listener?.close();
    });
    const prune = createScheduledJob({
      jobs: app.jobs,
      queue: EVENTS_PRUNE_QUEUE,
      everySeconds: 60 * 60,
      log: app.log,
      async run() {
        const removed = await pruneSettledEvents(app.database.db);
        if (removed > 0) app.log.info({ removed }, "outbox: settled events pruned");
      },
    });
    await runOnJobQueue(app, prune);
  },
  { name: "events" },
);
