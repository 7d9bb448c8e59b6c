import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import {
  createQueuedDelivery,
  type DeliveryLog,
  type QueuedDelivery,
} from "../../integrations/jobs/queued-delivery.ts";
import { createScheduledJob, type ScheduledJob } from "../../integrations/jobs/scheduled-job.ts";
import type { SmsDelivery } from "../../integrations/sms/sms-delivery.ts";
import type { EventHandler } from "../../plugins/event-relay.ts";
import { emit } from "../../plugins/events.ts";
import {
  chatReplyEmail,
  chatReplyInbox,
  chatReplySms,
  type Notifier,
  stableId,
} from "../notifications/index.ts";
import {
  claimReplySms,
  escalateWaitingSince,
  listMessagesOfferingSlot,
  releaseReplySms,
} from "./chat.repository.ts";
import { chatAudience } from "./chat-messages.service.ts";

export const CHAT_ESCALATION_QUEUE = "chat-escalation";
export const CHAT_REPLY_SMS_QUEUE = "chat-reply-sms";
const ESCALATION_EVERY_SECONDS = 60;
const HOUR_MS = 60 * 60_000;
/** A doctor's answer pushed to a browser and not opened this long falls back to one SMS. */
export const PUSH_FALLBACK_SECONDS = 10 * 60;

/**
 * Marks the conversations whose client has waited longer than the target since their first
 * unanswered message (in the queue, or with a doctor who has not answered yet) and announces
 * each to the doctors with chat.escalated. A conversation is escalated once per wait: the
 * doctor's answer clears the mark. Answers how many it marked.
 */
export async function escalateLongWaits(
  db: Db,
  targetReplyMinutes: number,
  now = new Date(),
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await escalateWaitingSince(
      tx,
      new Date(now.getTime() - targetReplyMinutes * 60_000),
      now,
    );
    for (const row of rows) {
      await emit(tx, "chat.escalated", { conversationId: row.id }, chatAudience(row));
    }
    return rows.length;
  });
}

/** The escalation, every minute around the clock, on one instance at a time. */
export function createChatEscalation(options: {
  jobs: JobQueue;
  db: Db;
  targetReplyMinutes: number;
  log: DeliveryLog & { debug: (message: string) => void };
}): ScheduledJob {
  const { db, targetReplyMinutes, log } = options;
  return createScheduledJob({
    jobs: options.jobs,
    queue: CHAT_ESCALATION_QUEUE,
    everySeconds: ESCALATION_EVERY_SECONDS,
    timeoutSeconds: 5 * 60,
    log,
    async run() {
      const escalated = await escalateLongWaits(db, targetReplyMinutes);
      if (escalated > 0) log.info({ escalated }, "chat: long waits escalated");
    },
  });
}

/**
 * The SMS «врач ответил» for one doctor's message, sent when the message is still not delivered
 * to the cabinet (no open cabinet's stream brought it) — or, when it was pushed to a browser,
 * still not opened (`unreadOnly`: neither the push's notification nor the conversation read) —
 * and no such SMS went for the conversation in the last hour. Queued under the message's id, so a
 * repeated check, or one on another instance, sends one SMS; its link opens the conversation
 * (`link` is the cabinet's chat address). Answers whether one was queued.
 */
export async function sendReplySmsIfUnseen(
  db: Db,
  sms: SmsDelivery,
  messageId: string,
  link: string,
  now = new Date(),
  options: { unreadOnly?: boolean } = {},
): Promise<boolean> {
  const slot = await claimReplySms(db, messageId, now, new Date(now.getTime() - HOUR_MS), options);
  if (!slot) return false;
  try {
    await sms.enqueue(
      { to: slot.phone, text: chatReplySms(`${link}/${slot.conversationId}`) },
      { id: messageId },
    );
  } catch (error) {
    await releaseReplySms(db, slot.conversationId, slot.lastSmsAt);
    throw error;
  }
  return true;
}

const replyCheckSchema = z.object({
  messageId: z.uuid(),
  /** Set by checks queued since the notification centre (older jobs are plain SMS checks). */
  clientId: z.uuid().optional(),
  notificationId: z.uuid().optional(),
  /** The answer was pushed: the SMS is the fallback of a push not opened in 10 minutes. */
  viaPush: z.boolean().optional(),
});
type ReplyCheck = z.infer<typeof replyCheckSchema>;
export type ReplySmsChecks = QueuedDelivery<ReplyCheck>;

/**
 * The delayed checks behind the SMS: one job per doctor's message, due after the delay. The SMS
 * goes only if the account keeps SMS on for chat replies, judged when the check runs; in the quiet
 * hours the check waits for their end (and, after a push, 10 minutes more to open it).
 */
export function createReplySmsChecks(options: {
  jobs: JobQueue;
  db: Db;
  sms: SmsDelivery;
  notifier: Notifier;
  link: string;
  log: DeliveryLog;
}): ReplySmsChecks {
  const { db, sms, link, notifier } = options;
  const checks: ReplySmsChecks = createQueuedDelivery({
    jobs: options.jobs,
    queue: CHAT_REPLY_SMS_QUEUE,
    kind: "chat reply check",
    schema: replyCheckSchema,
    async send(check) {
      const now = new Date();
      if (check.clientId) {
        if (!(await notifier.channels(check.clientId, "chat_reply")).sms) return;
        const quietEnd = await notifier.quietUntil(check.clientId, now);
        if (quietEnd) {
          const wait = check.viaPush ? PUSH_FALLBACK_SECONDS : 0;
          await checks.enqueue(check, {
            id: stableId("chat-reply-sms-after-quiet-hours", check.messageId),
            startAfterSeconds: Math.ceil((quietEnd.getTime() - now.getTime()) / 1000) + 60 + wait,
          });
          return;
        }
      }
      if (check.viaPush && check.notificationId) {
        if (!(await notifier.isUnread(check.notificationId))) return;
        await sendReplySmsIfUnseen(db, sms, check.messageId, link, now, { unreadOnly: true });
        return;
      }
      await sendReplySmsIfUnseen(db, sms, check.messageId, link, now);
    },
    isPermanent: () => false,
    describe: (check) => ({ messageId: check.messageId }),
    log: options.log,
    retry: { limit: 3, delaySeconds: 10, backoff: true, expireInHours: 1 },
    pollingIntervalMs: 5_000,
  });
  return checks;
}

/**
 * A doctor's message in a chat: the notification centre's «Врач ответил» (and its push, and its
 * e-mail if the account asked) through the dispatcher, then the delayed SMS check — after
 * `delaySeconds` when nothing was pushed, after 10 minutes when a push went (its fallback). Every
 * job is idempotent by the delivery's key.
 */
export function replySmsHandler(
  checks: ReplySmsChecks,
  delaySeconds: number,
  notifier: Notifier,
  publicOrigin: string,
): EventHandler {
  return {
    name: "chat.reply-sms",
    types: ["chat.message"],
    async handle(event, delivery) {
      const { messageId, author, conversationId } = event.payload;
      const clientId = event.audience.accountId;
      if (author !== "doctor" || typeof messageId !== "string") return;
      if (typeof conversationId !== "string" || !clientId) {
        await checks.enqueue({ messageId }, { id: delivery.key, startAfterSeconds: delaySeconds });
        return;
      }
      const path = `/cabinet/chat/${conversationId}`;
      const dispatched = await notifier.dispatch({
        key: stableId(delivery.key, "notice"),
        clientId,
        kind: "chat_reply",
        ...chatReplyInbox(),
        link: path,
        subject: conversationId,
        // The SMS is this module's check below: sent only if the answer stays unseen.
        sms: null,
        email: chatReplyEmail(`${publicOrigin.replace(/\/$/, "")}${path}`),
      });
      if (!dispatched.channels.sms) return;
      const viaPush = dispatched.pushes > 0;
      await checks.enqueue(
        { messageId, clientId, notificationId: dispatched.notificationId, viaPush },
        {
          id: delivery.key,
          startAfterSeconds: viaPush ? PUSH_FALLBACK_SECONDS : delaySeconds,
        },
      );
    },
  };
}

/**
 * A time offered in a chat was booked (with one tap in the chat, or through «Записаться к врачу»):
 * the chat says so on both sides at once — the doctor's console and the client's other devices
 * refetch the conversation. Repeating it on a redelivery only refetches again.
 */
export function offeredTimeBookedHandler(db: Db): EventHandler {
  return {
    name: "chat.offered-time-booked",
    types: ["appointment.booked"],
    async handle(event) {
      const { slotId } = event.payload;
      const clientId = event.audience.accountId;
      if (typeof slotId !== "string" || clientId === undefined) return;
      const offering = await listMessagesOfferingSlot(db, clientId, slotId);
      if (offering.length === 0) return;
      await db.transaction(async (tx) => {
        for (const { conversationId, messageId } of offering) {
          await emit(
            tx,
            "chat.offer-booked",
            { conversationId, messageId },
            chatAudience({ clientId }),
          );
        }
      });
    },
  };
}
