import type { Db } from "../../db/client.ts";
import type { EventHandler } from "../../plugins/event-relay.ts";
import type { LiveEvent } from "../../plugins/events.ts";
import { markSubjectRead } from "./inbox.repository.ts";
import {
  documentEmail,
  documentInbox,
  documentSms,
  messageReplyInbox,
  messageReplySms,
  type PaymentFact,
  paymentEmail,
  paymentInbox,
  paymentSms,
  replacementEmail,
  replacementInbox,
  type SecurityFact,
  securityEmail,
  securityInbox,
  securitySms,
} from "./notification-texts.ts";
import {
  findDocumentNotice,
  findOrderPaymentNotice,
  findReplacementDecisionNotice,
  findReplyNotice,
  findSecurityNotice,
} from "./notifications.repository.ts";
import type { Notifier } from "./notifier.ts";
import { emailChangedNoticeEmail } from "./personal-data-texts.ts";
import { replyEmail } from "./reply-email.ts";
import { replacementDecisionSms } from "./sms-texts.ts";
import { stableId } from "./stable-id.ts";

function idIn(event: LiveEvent, field: string): string {
  const id = event.payload[field];
  if (typeof id !== "string") throw new Error(`${event.type} event ${event.id} has no ${field}`);
  return id;
}

/** An absolute link for an SMS or an e-mail from a cabinet path. */
export function siteLink(publicOrigin: string, path: string): string {
  return `${publicOrigin.replace(/\/$/, "")}${path}`;
}

/**
 * «Ответить»: the reply goes by e-mail to the address the client gave with the message (the
 * account's choice for «Ответ на сообщение» decides), and into the notification centre. Every
 * job is queued under the delivery's key, so a repeated delivery of the event sends one e-mail.
 */
export function replyEmailHandler(db: Db, notifier: Notifier, publicOrigin: string): EventHandler {
  return {
    name: "notifications.reply-email",
    types: ["message.replied"],
    async handle(event, delivery) {
      const notice = await findReplyNotice(db, idIn(event, "replyId"));
      // The reply went with its contract (a contract removed from the registry): no one to tell.
      if (!notice) return;
      const { to, contractNumber, reply, authorName } = notice;
      const message = { body: notice.messageBody, createdAt: notice.messageCreatedAt };
      const link = "/cabinet/messages";
      await notifier.dispatch({
        key: delivery.key,
        clientId: notice.clientId,
        kind: "message_reply",
        ...messageReplyInbox(contractNumber),
        link,
        subject: notice.messageId,
        sms: { text: messageReplySms(siteLink(publicOrigin, link)) },
        email: { to, ...replyEmail({ contractNumber, reply, message, authorName }) },
      });
    },
  };
}

/** A decided «Изменить: Пациент 1» is told to the account that asked. */
export function replacementDecisionSmsHandler(db: Db, notifier: Notifier): EventHandler {
  return {
    name: "notifications.replacement-decision-sms",
    types: ["replacement.decided"],
    async handle(event, delivery) {
      const notice = await findReplacementDecisionNotice(db, idIn(event, "changeRequestId"));
      if (!notice || notice.status === "pending") return;
      const contract = { kind: notice.contractKind, number: notice.contractNumber };
      const approved = notice.status === "approved";
      const text = replacementDecisionSms(contract, approved, notice.comment);
      await notifier.dispatch({
        key: delivery.key,
        clientId: notice.clientId,
        kind: "replacement",
        ...replacementInbox(contract, approved),
        link: `/cabinet/contracts/${notice.contractId}`,
        sms: { to: notice.to, text },
        email: replacementEmail(text),
      });
    },
  };
}

/**
 * «Мои платежи»: a payment taken or money returned. The inbox key is the fact itself (the order
 * paid; the refunded total reached), not the event: an order's later events with the same status
 * (a refund that failed) tell nothing twice.
 */
export function paymentNoticeHandler(
  db: Db,
  notifier: Notifier,
  publicOrigin: string,
): EventHandler {
  return {
    name: "notifications.payment",
    types: ["order.changed"],
    async handle(event) {
      const status = event.payload.status;
      if (status !== "paid" && status !== "refunded" && status !== "partially_refunded") return;
      const order = await findOrderPaymentNotice(db, idIn(event, "orderId"));
      if (!order) return;
      let fact: PaymentFact;
      let key: string;
      if (status === "paid") {
        if (order.paidKopecks <= 0) return;
        fact = { kind: "paid", orderNumber: order.number, amountKopecks: order.paidKopecks };
        key = stableId("payment-paid", order.id);
      } else {
        if (order.refundedKopecks <= 0) return;
        fact = {
          kind: "refunded",
          orderNumber: order.number,
          amountKopecks: order.refundedKopecks,
          whole: order.refundedKopecks >= order.paidKopecks,
        };
        key = stableId("payment-refunded", order.id, String(order.refundedKopecks));
      }
      const link = "/cabinet/profile/payments";
      await notifier.dispatch({
        key,
        clientId: order.clientId,
        kind: "payment",
        ...paymentInbox(fact),
        link,
        subject: order.id,
        sms: { text: paymentSms(fact) },
        email: { to: order.receiptEmail, ...paymentEmail(fact, siteLink(publicOrigin, link)) },
      });
    },
  };
}

/** A doctor or a clinic added a document to the account's medical card. */
export function documentNoticeHandler(
  db: Db,
  notifier: Notifier,
  publicOrigin: string,
): EventHandler {
  return {
    name: "notifications.medcard-document",
    types: ["medcard.document-added"],
    async handle(event, delivery) {
      const clientId = event.audience.accountId;
      if (!clientId) return;
      const document = await findDocumentNotice(db, idIn(event, "documentId"));
      if (!document || document.removed || document.source === "patient") return;
      const link = "/cabinet/medcard";
      await notifier.dispatch({
        key: delivery.key,
        clientId,
        kind: "document",
        ...documentInbox(document.source),
        link,
        subject: document.id,
        sms: { text: documentSms(siteLink(publicOrigin, link)) },
        email: documentEmail(siteLink(publicOrigin, link)),
      });
    },
  };
}

function securityFactOf(kind: string, at: Date): SecurityFact | null {
  switch (kind) {
    case "sign_in":
      return { kind: "new_device", at };
    case "password_changed":
    case "password_recovered":
      return { kind: "password_changed", at };
    case "phone_changed":
      return { kind: "phone_changed", at };
    case "email_changed":
      return { kind: "email_changed", at };
    default:
      return null;
  }
}

function previousOf(details: unknown): string | null {
  if (typeof details !== "object" || details === null || !("from" in details)) return null;
  const from = (details as { from: unknown }).from;
  return typeof from === "string" && from.trim() !== "" ? from : null;
}

/**
 * Security messages (a sign-in from a new device, a password, phone or e-mail changed): always,
 * at once, on every channel whatever the preferences. A changed phone or e-mail is told to the
 * old one, where the owner still is if someone else made the change.
 */
export function securityNoticeHandler(db: Db, notifier: Notifier): EventHandler {
  return {
    name: "notifications.security",
    types: ["security.notice"],
    async handle(event, delivery) {
      const notice = await findSecurityNotice(db, idIn(event, "securityEventId"));
      if (!notice?.clientId) return;
      const fact = securityFactOf(notice.kind, notice.createdAt);
      if (!fact) return;
      const previous = previousOf(notice.details);
      const sms =
        fact.kind === "email_changed"
          ? null
          : {
              text: securitySms(fact),
              ...(fact.kind === "phone_changed" && previous ? { to: previous } : {}),
            };
      const email =
        fact.kind === "email_changed"
          ? previous
            ? { ...emailChangedNoticeEmail(previous) }
            : null
          : securityEmail(fact);
      await notifier.dispatch({
        key: delivery.key,
        clientId: notice.clientId,
        kind: "security",
        ...securityInbox(fact),
        link: "/cabinet/profile/security",
        sms,
        email,
      });
    },
  };
}

/** A chat read in the cabinet marks its «Врач ответил» rows read too. */
export function chatReadHandler(db: Db): EventHandler {
  return {
    name: "notifications.chat-read",
    types: ["chat.receipt"],
    async handle(event) {
      const clientId = event.audience.accountId;
      if (!clientId || event.payload.side !== "client" || event.payload.state !== "read") return;
      await markSubjectRead(db, clientId, "chat_reply", idIn(event, "conversationId"), new Date());
    },
  };
}
