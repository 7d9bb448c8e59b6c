import { useTranslation } from "react-i18next";
import type { StaffChatList } from "../../../common/chat/chat.schema.ts";
import type { QueueSummary } from "../../../common/contact/queue-summary.schema.ts";
import { sectionPath } from "../shell/console-sections.tsx";

export type QueueName = "chats" | "callbacks" | "messages" | "replacements";
type Tone = "blue" | "red" | "green" | "yellow";

export interface QueueCount {
  kind: "new" | "overdue" | "mine" | "pending" | "waiting";
  count: number;
  tone: Tone;
  /** «3 новых», «1 просроченная». */
  phrase: string;
  /** «новых», «просроченная»: the phrase without its number. */
  word: string;
}

export interface QueueCounts {
  queue: QueueName;
  /** The queue page; the replacement queue opens on its «Ожидают решения» filter. */
  path: string;
  /** The section's name as the side menu calls it. */
  title: string;
  counts: QueueCount[];
}

export const queuePaths: Record<QueueName, string> = {
  chats: sectionPath("chats"),
  callbacks: sectionPath("callbacks"),
  messages: sectionPath("messages"),
  replacements: `${sectionPath("replacements")}?status=pending`,
};

/**
 * The role's queues in the menu's order, with each count in words; a queue not the role's is left
 * out. The chats' counts come with the chat queue itself (doctors and admins only).
 */
export function useQueueCounts(
  summary: QueueSummary | undefined,
  chats?: StaffChatList["counts"],
): QueueCounts[] {
  const { t } = useTranslation("staff");
  if (!summary) return [];
  const count = (kind: QueueCount["kind"], value: number, tone: Tone, word: string) => ({
    kind,
    count: value,
    tone,
    word,
    phrase: t("queues.count", { count: value, word }),
  });
  const result: QueueCounts[] = [];
  if (chats) {
    result.push({
      queue: "chats",
      path: queuePaths.chats,
      title: t("nav.chats"),
      counts: [
        count("waiting", chats.queue, "blue", t("queues.chats.queue", { count: chats.queue })),
        count("overdue", chats.overdue, "red", t("queues.chats.overdue", { count: chats.overdue })),
        count("mine", chats.mine, "green", t("queues.chats.mine", { count: chats.mine })),
      ],
    });
  }
  if (summary.callbacks) {
    const c = summary.callbacks;
    result.push({
      queue: "callbacks",
      path: queuePaths.callbacks,
      title: t("nav.callbacks"),
      counts: [
        count("new", c.new, "blue", t("queues.callbacks.new", { count: c.new })),
        count("overdue", c.overdue, "red", t("queues.callbacks.overdue", { count: c.overdue })),
        count("mine", c.mine, "green", t("queues.callbacks.mine", { count: c.mine })),
      ],
    });
  }
  if (summary.messages) {
    const m = summary.messages;
    result.push({
      queue: "messages",
      path: queuePaths.messages,
      title: t("nav.messages"),
      counts: [
        count("new", m.new, "blue", t("queues.messages.new", { count: m.new })),
        count("overdue", m.overdue, "red", t("queues.messages.overdue", { count: m.overdue })),
        count("mine", m.mine, "green", t("queues.messages.mine", { count: m.mine })),
      ],
    });
  }
  if (summary.replacements) {
    const pending = summary.replacements.pending;
    result.push({
      queue: "replacements",
      path: queuePaths.replacements,
      title: t("nav.replacements"),
      counts: [
        count("pending", pending, "yellow", t("queues.replacements.pending", { count: pending })),
      ],
    });
  }
  return result;
}
