import { type QueryClient, queryOptions, useQuery } from "@tanstack/react-query";
import { appointmentSchema } from "../../../common/booking/booking.schema.ts";
import {
  type ChatConversation,
  type ChatMessage,
  type ChatRatingRequest,
  type ChatReceiptRequest,
  chatConversationListSchema,
  chatConversationSchema,
  chatMessageSchema,
  chatOptionsSchema,
} from "../../../common/chat/chat.schema.ts";
import { api } from "../../ui/api.ts";
import { liveFallbackInterval } from "../../ui/live-events.ts";
import { uploadForm } from "../../ui/upload.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { chatQueryKeys } from "./chat-stream.ts";

export { chatQueryKeys };

const base = "/api/chat/conversations";
const conversationPath = (id: string) => `${base}/${encodeURIComponent(id)}`;

function withSession<T>(load: (signal: AbortSignal) => Promise<T>) {
  return async ({ signal, client }: { signal: AbortSignal; client: QueryClient }) => {
    try {
      return await load(signal);
    } catch (error) {
      forgetSessionOn401(client, error);
      throw error;
    }
  };
}

/** «Для кого» and the expected reply time. */
export function chatOptionsQuery() {
  return queryOptions({
    queryKey: chatQueryKeys.options,
    queryFn: withSession((signal) =>
      api.get("/api/chat/options", { schema: chatOptionsSchema, signal }),
    ),
  });
}

export function useChatOptions() {
  return useQuery(chatOptionsQuery());
}

/** The client's conversations: open ones first, then closed ones. */
export function chatListQuery() {
  return queryOptions({
    queryKey: chatQueryKeys.list,
    queryFn: withSession(
      async (signal) =>
        (await api.get(base, { schema: chatConversationListSchema, signal })).conversations,
    ),
    // The stream refreshes it (a doctor's reply, a take, the closing); polled only while it is down.
    refetchInterval: liveFallbackInterval(),
  });
}

export function useChatList() {
  return useQuery(chatListQuery());
}

/** One conversation with its whole history. */
export function chatConversationQuery(id: string) {
  return queryOptions({
    queryKey: chatQueryKeys.conversation(id),
    queryFn: withSession((signal) =>
      api.get(conversationPath(id), { schema: chatConversationSchema, signal }),
    ),
    refetchInterval: liveFallbackInterval(),
  });
}

export function useChatConversation(id: string) {
  return useQuery(chatConversationQuery(id));
}

type Progress = (sent: number, total: number) => void;

/** «Новый чат»: the form holds clientConversationId, clientMessageId, personId, body and files. */
export function startChat(form: FormData, onProgress?: Progress): Promise<ChatConversation> {
  return uploadForm(base, form, { schema: chatConversationSchema, onProgress });
}

/** A message in a conversation: clientMessageId, body and files. */
export function postChatMessage(
  conversationId: string,
  form: FormData,
  onProgress?: Progress,
): Promise<ChatMessage> {
  return uploadForm(`${conversationPath(conversationId)}/messages`, form, {
    schema: chatMessageSchema,
    onProgress,
  });
}

/** «Доставлено» / «Прочитано» for the doctor's messages up to one. */
export function postChatReceipt(conversationId: string, receipt: ChatReceiptRequest) {
  return api.post(`${conversationPath(conversationId)}/receipts`, receipt);
}

/** The signal behind the doctor's «Клиент печатает…». */
export function postChatTyping(conversationId: string) {
  return api.post(`${conversationPath(conversationId)}/typing`);
}

/** «Оценить консультацию». */
export function rateChat(conversationId: string, rating: ChatRatingRequest) {
  return api.post(`${conversationPath(conversationId)}/rating`, rating, {
    schema: chatConversationSchema,
  });
}

/** «Записаться на …» under a time the doctor offered: 201 with the appointment, or a Russian 409. */
export function bookOfferedSlot(body: { slotId: string; personId: string }) {
  return api.post("/api/appointments", body, { schema: appointmentSchema });
}

/** A chat file through the checked download (images are previewed from it too). */
export function chatFileHref(conversationId: string, fileId: string): string {
  return `${conversationPath(conversationId)}/files/${encodeURIComponent(fileId)}`;
}

/** Puts a message the server acknowledged into the cached history (the stream refetches later). */
export function storeSentMessage(
  queryClient: QueryClient,
  conversationId: string,
  message: ChatMessage,
): void {
  queryClient.setQueryData(
    chatQueryKeys.conversation(conversationId),
    (conversation: ChatConversation | undefined) =>
      conversation && !conversation.messages.some((known) => known.id === message.id)
        ? { ...conversation, messages: [...conversation.messages, message] }
        : conversation,
  );
}
