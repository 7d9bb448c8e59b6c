import { z } from "zod";

const count = z.number().int().min(0);

/** The counts of one contact-centre queue (call-backs or messages), open items only. */
export const contactQueueCountsSchema = z.object({
  /** Open and taken by nobody yet. */
  new: count,
  /**
   * Open and late: a call-back past its due time; a message with no reply yet, sent longer ago
   * than the reply time (MESSAGE_REPLY_HOURS).
   */
  overdue: count,
  /** Open and taken by the signed-in staff member. */
  mine: count,
});
export type ContactQueueCounts = z.infer<typeof contactQueueCountsSchema>;

/**
 * «Обзор» and the side menu's badges: what waits in each queue. A queue the signed-in role does
 * not work is null.
 */
export const queueSummarySchema = z
  .object({
    callbacks: contactQueueCountsSchema.nullable(),
    messages: contactQueueCountsSchema.nullable(),
    /** «Заявки на замену» awaiting a decision; null for a role that may not decide them. */
    replacements: z.object({ pending: count }).nullable(),
  })
  .meta({ id: "StaffQueueSummary" });
export type QueueSummary = z.infer<typeof queueSummarySchema>;

/** A message waits for its first reply at most this long before the queue counts it overdue. */
export const MESSAGE_REPLY_HOURS = 24;
