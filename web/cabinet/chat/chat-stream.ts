import { api } from "../../ui/api.ts";
import type { LiveUpdate } from "../../ui/live-events.ts";

/*
 * What the cabinet's frame needs of the chat for its live stream, apart from chat.api.ts so the
 * frame does not load the chat's schemas with it.
 */

/** The chat's query keys: every chat query sits under ["chat"]. */
export const chatQueryKeys = {
  all: ["chat"] as const,
  options: ["chat", "options"] as const,
  list: ["chat", "conversations"] as const,
  conversations: ["chat", "conversation"] as const,
  conversation: (id: string) => ["chat", "conversation", id] as const,
};

/** The conversation a chat.* event is about (its payload names it by id). */
export function conversationIdOf(update: LiveUpdate): string | null {
  const id = update.payload.conversationId;
  return typeof id === "string" ? id : null;
}

/**
 * «Доставлено» for a doctor's message the stream brought to this device, wherever in the cabinet
 * the client is (the open conversation itself then marks it read). A lost receipt is sent again
 * with the next message, which covers the earlier ones.
 */
export function acknowledgeDelivery(update: LiveUpdate): void {
  if (update.type !== "chat.message" || update.payload.author !== "doctor") return;
  const conversationId = conversationIdOf(update);
  const messageId = update.payload.messageId;
  if (!conversationId || typeof messageId !== "string") return;
  api
    .post(`/api/chat/conversations/${encodeURIComponent(conversationId)}/receipts`, {
      upToMessageId: messageId,
      state: "delivered",
    })
    .catch(() => {});
}
