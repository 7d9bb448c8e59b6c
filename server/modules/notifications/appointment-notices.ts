import type { Db } from "../../db/client.ts";
import type { EventHandler } from "../../plugins/event-relay.ts";
import type { EventType, LiveEvent } from "../../plugins/events.ts";
import {
  type AppointmentNotice,
  findAppointmentNotice,
  findWaitlistOfferNotice,
  LIVE_STATUSES,
} from "../booking/index.ts";
import {
  type AppointmentNoticeKind,
  appointmentEmail,
  appointmentSms,
  waitlistOfferEmail,
  waitlistOfferSms,
} from "./appointment-texts.ts";
import { isSameDayInMoscow } from "./notification-rules.ts";
import { appointmentInbox, waitlistOfferInbox } from "./notification-texts.ts";
import type { Notifier } from "./notifier.ts";

/** The cabinet's page of one appointment, for links in SMS and e-mails. */
export function appointmentLink(publicOrigin: string, appointmentId: string): string {
  return `${publicOrigin.replace(/\/$/, "")}/cabinet/appointments/${appointmentId}`;
}

function field(event: LiveEvent, name: string): string {
  const value = event.payload[name];
  if (typeof value !== "string") throw new Error(`${event.type} event ${event.id} has no ${name}`);
  return value;
}

const LIVE: readonly string[] = LIVE_STATUSES;

/**
 * What the client is told of an event, judged by the appointment as it is now: an event handled
 * late (the client cancelled a moment after booking) tells nothing that is no longer true.
 */
export function noticeKind(
  event: LiveEvent,
  notice: Pick<AppointmentNotice, "status" | "startsAt" | "coverageKind" | "movedToId">,
): AppointmentNoticeKind | null {
  const live = LIVE.includes(notice.status);
  const timed = live && notice.startsAt !== null;
  switch (event.type) {
    case "appointment.booked":
      if (!timed) return null;
      if (notice.status === "requested") return "pending";
      return notice.status === "awaiting_letter" ? "awaiting_letter" : "booked";
    case "appointment.requested":
      return notice.status === "requested" && notice.startsAt === null ? "requested" : null;
    case "appointment.scheduled":
      return timed ? "scheduled" : null;
    case "appointment.confirmed":
      if (notice.status !== "confirmed") return null;
      return notice.coverageKind === "guarantee_letter" ? "letter_issued" : "confirmed";
    case "appointment.moved":
      return timed ? "moved" : null;
    case "appointment.cancelled":
      // The client cancelled it themselves and saw it done; the old row of a move is told by the
      // move's own event.
      return event.payload.by === "clinic" &&
        notice.status === "cancelled" &&
        notice.movedToId === null
        ? "cancelled_by_clinic"
        : null;
    default:
      return null;
  }
}

/** The account's e-mail, when it has one. */
function emailOf(notice: { email: string }): string | null {
  const address = notice.email.trim();
  return address ? address : null;
}

export const APPOINTMENT_NOTICE_EVENTS = [
  "appointment.booked",
  "appointment.requested",
  "appointment.scheduled",
  "appointment.confirmed",
  "appointment.cancelled",
  "appointment.moved",
] as const satisfies readonly EventType[];

/**
 * SMS and e-mail to the account that booked, for each step of an appointment the client did not
 * take alone on the screen (booking included: the guide promises an SMS and an e-mail), through
 * the dispatcher: the notification centre, the channels the account chose for «Записи», and the
 * quiet hours unless the appointment is today. Every job comes from the delivery's key, so a
 * repeated delivery of the event queues nothing new.
 */
export function appointmentNoticesHandler(deps: {
  db: Db;
  notifier: Notifier;
  publicOrigin: string;
  now?: () => Date;
}): EventHandler {
  const { db, notifier, publicOrigin } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    name: "notifications.appointment-notices",
    types: APPOINTMENT_NOTICE_EVENTS,
    async handle(event, delivery) {
      const notice = await findAppointmentNotice(db, field(event, "appointmentId"));
      if (!notice) return;
      const kind = noticeKind(event, notice);
      if (!kind) return;
      const extra = { reason: notice.cancelReason };
      const text = appointmentSms(kind, notice, extra);
      const to = emailOf(notice);
      const link = appointmentLink(publicOrigin, notice.id);
      await notifier.dispatch({
        key: delivery.key,
        clientId: notice.clientId,
        kind: "appointment",
        ...appointmentInbox(kind, text),
        link: `/cabinet/appointments/${notice.id}`,
        subject: notice.id,
        sms: { to: notice.phone, text },
        email: to ? { to, ...appointmentEmail(kind, notice, link, extra) } : null,
        urgent: isSameDayInMoscow(notice.startsAt, now()),
      });
    },
  };
}

/**
 * «Сообщить, если освободится раньше»: an earlier time is offered by SMS (and e-mail), held for
 * 15 minutes; the link opens the appointment, where the offer is accepted. An offer already
 * answered or lapsed when the event is handled is not sent. Held so briefly, it goes at once or
 * not at all: the quiet hours do not postpone it (decision 0028).
 */
export function waitlistOfferHandler(deps: {
  db: Db;
  notifier: Notifier;
  publicOrigin: string;
  now?: () => Date;
}): EventHandler {
  const { db, notifier, publicOrigin } = deps;
  const now = deps.now ?? (() => new Date());
  return {
    name: "notifications.waitlist-offer",
    types: ["waitlist.offered"],
    async handle(event, delivery) {
      const offer = await findWaitlistOfferNotice(db, field(event, "offerId"));
      if (!offer || offer.answer !== null || offer.entryStatus !== "waiting") return;
      if (offer.expiresAt.getTime() <= now().getTime()) return;
      const link = appointmentLink(publicOrigin, offer.appointmentId);
      const text = waitlistOfferSms(
        {
          startsAt: offer.startsAt,
          doctor: offer.doctor,
          specialty: offer.specialty,
          clinicName: offer.clinic.name,
        },
        link,
      );
      const to = emailOf(offer);
      await notifier.dispatch({
        key: delivery.key,
        clientId: offer.clientId,
        kind: "appointment",
        ...waitlistOfferInbox(text),
        link: `/cabinet/appointments/${offer.appointmentId}`,
        subject: offer.appointmentId,
        sms: { to: offer.phone, text },
        email: to ? { to, ...waitlistOfferEmail(offer, link) } : null,
        urgent: true,
      });
    },
  };
}
