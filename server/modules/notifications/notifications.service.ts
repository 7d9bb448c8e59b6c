import type { Db } from "../../db/client.ts";
import type { EmailDelivery } from "../../integrations/email/email-delivery.ts";
import type { SmsDelivery } from "../../integrations/sms/sms-delivery.ts";
import type { EventHandler } from "../../plugins/event-relay.ts";
import type { LiveEvent } from "../../plugins/events.ts";
import { findReplacementDecisionNotice, findReplyNotice } from "./notifications.repository.ts";
import { replyEmail } from "./reply-email.ts";
import { replacementDecisionSms } from "./sms-texts.ts";

function idIn(event: LiveEvent, field: string): string {
  const id = event.payload[field];
  if (typeof id !== "string") throw new Error(`${event.type} event ${event.id} has no ${field}`);
  return id;
}

/**
 * «Ответить»: the reply goes by e-mail to the address the client gave with the message. Queued
 * under the delivery's key, so a repeated delivery of the event sends one e-mail.
 */
export function replyEmailHandler(db: Db, email: EmailDelivery): EventHandler {
  return {
    name: "notifications.reply-email",
    types: ["message.replied"],
    async handle(event, delivery) {
      const notice = await findReplyNotice(db, idIn(event, "replyId"));
      // The reply went with its contract (a contract removed from the registry): no one to tell.
      if (!notice) return;
      const { to, contractNumber, reply, authorName } = notice;
      const message = { body: notice.messageBody, createdAt: notice.messageCreatedAt };
      await email.enqueue(
        { to, ...replyEmail({ contractNumber, reply, message, authorName }) },
        { id: delivery.key },
      );
    },
  };
}

/** A decided «Изменить: Пациент 1» is told to the account that asked, by SMS. */
export function replacementDecisionSmsHandler(db: Db, sms: SmsDelivery): EventHandler {
  return {
    name: "notifications.replacement-decision-sms",
    types: ["replacement.decided"],
    async handle(event, delivery) {
      const notice = await findReplacementDecisionNotice(db, idIn(event, "changeRequestId"));
      if (!notice || notice.status === "pending") return;
      const text = replacementDecisionSms(
        { kind: notice.contractKind, number: notice.contractNumber },
        notice.status === "approved",
        notice.comment,
      );
      await sms.enqueue({ to: notice.to, text }, { id: delivery.key });
    },
  };
}
