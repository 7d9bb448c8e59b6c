import {
  type Query,
  type QueryClient,
  type QueryKey,
  queryOptions,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { slotListSchema } from "../../../common/booking/booking.schema.ts";
import {
  type ChatCloseRequest,
  type ChatOfferRequest,
  type ChatReceiptRequest,
  type ChatTemplateInput,
  type ChatTransferRequest,
  chatDoctorListSchema,
  chatMessageSchema,
  chatSpecialtyListSchema,
  chatTemplateListSchema,
  chatTemplateSchema,
  type StaffChat,
  type StaffChatView,
  staffChatContextSchema,
  staffChatListSchema,
  staffChatSchema,
} from "../../../common/chat/chat.schema.ts";
import { ApiError, api } from "../../ui/api.ts";
import { getJson, queryString } from "../../ui/api-query.ts";
import { CONSOLE_QUEUE_FALLBACK_MS, liveFallbackInterval } from "../../ui/live-events.ts";
import { uploadForm } from "../../ui/upload.ts";
import { staffSessionQueryKey } from "../auth/auth.api.ts";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { staffQuery } from "../staff-query.ts";

export const chatsKey = ["staff", "chats"] as const;
export const chatListKey = [...chatsKey, "list"] as const;
export const chatDetailKey = (id: string) => [...chatsKey, "detail", id] as const;
const chatContextKey = (id: string) => [...chatsKey, "context", id] as const;
const chatDoctorsKey = [...chatsKey, "doctors"] as const;
export const chatTemplatesKey = [...chatsKey, "templates"] as const;
const chatSpecialtiesKey = [...chatsKey, "specialties"] as const;

const chatPath = (id: string) => `/api/staff/chats/${encodeURIComponent(id)}`;

/**
 * A tab of «Чаты» with the counts of all tabs: the console's live stream refetches it on every
 * chat event, with the queues' 30 s poll only while the stream is down.
 */
export const chatListQuery = (view: StaffChatView) =>
  queryOptions({
    queryKey: [...chatListKey, view],
    queryFn: getJson(`/api/staff/chats?view=${view}`, staffChatListSchema),
    refetchInterval: liveFallbackInterval(CONSOLE_QUEUE_FALLBACK_MS),
    retry: false,
  });

/**
 * A chat's list or counts, only while someone is signed in («Выйти» clears the cache while the
 * console is still rendered, and a poll started then would come back 401).
 */
export function useChatList(view: StaffChatView, enabled = true) {
  const queryClient = useQueryClient();
  return useQuery({
    ...chatListQuery(view),
    enabled: () => enabled && queryClient.getQueryData(staffSessionQueryKey) != null,
  });
}

/** The queue's counts for «Обзор» and the menu, for the roles that answer chats. */
export function useChatCounts() {
  const staff = useSignedInStaff();
  return useChatList("queue", staff.role === "doctor" || staff.role === "admin");
}

/**
 * Chats whose «Завершить консультацию» or «Передать» is under way in this tab. The live stream's
 * chat.closed (chat.transferred) comes before the action's own answer, and reading the chat again
 * then is refused (a closed chat, or another doctor's, needs a reason); the answer is what the
 * page shows, so the read waits for it.
 */
const changingHere = new Set<string>();

/** Holds the reads of a chat while it is being closed or handed over here; call the result after. */
export function holdReadsWhileChanging(id: string): () => void {
  changingHere.add(id);
  return () => changingHere.delete(id);
}

/** The server's rule, from what it last said: in the queue, or the signed-in doctor's own. */
function readableWithoutReason(chat: StaffChat | undefined): boolean {
  return chat === undefined || chat.status === "waiting" || chat.canReply;
}

/**
 * One chat as the doctor works it. `reason` goes with the read when the doctor gave one (a closed
 * chat or another doctor's); the server writes it to the audit log.
 */
export const chatQuery = (id: string, reason: string | null, waitForReason = false) =>
  queryOptions({
    queryKey: [...chatDetailKey(id), reason],
    queryFn: getJson(
      `${chatPath(id)}${queryString({ reason: reason ?? undefined })}`,
      staffChatSchema,
    ),
    refetchInterval: liveFallbackInterval(CONSOLE_QUEUE_FALLBACK_MS),
    retry: false,
    // A chat closed or handed over here, opened without a reason, would need one to be read
    // again: what the close or the hand-over answered stays on screen instead of a refusal.
    enabled: (query: Query<StaffChat>) =>
      !changingHere.has(id) &&
      (reason !== null || (!waitForReason && readableWithoutReason(query.state.data))),
  });

/** The person's contract, program, appeals and earlier chats (an audited read). */
export const chatContextQuery = (id: string, reason: string | null) =>
  staffQuery(
    [...chatContextKey(id), reason],
    `${chatPath(id)}/context${queryString({ reason: reason ?? undefined })}`,
    staffChatContextSchema,
  );

export const chatDoctorsQuery = () =>
  staffQuery(chatDoctorsKey, "/api/staff/chat-doctors", chatDoctorListSchema);

/** The network's specialties: what «Нужна очная консультация» may recommend. */
export const chatSpecialtiesQuery = () =>
  staffQuery(chatSpecialtiesKey, "/api/staff/chat-specialties", chatSpecialtyListSchema);

/** The search of «Предложить время»: a specialty, a clinic, a period (all optional). */
export interface SlotFilters {
  specialtyId?: string | undefined;
  clinicId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Free times of the chat's person's network, with their coverage (an audited read). */
export const chatSlotsQuery = (id: string, filters: SlotFilters) =>
  staffQuery(
    [...chatsKey, "slots", id, filters],
    `${chatPath(id)}/slots${queryString({ ...filters })}`,
    slotListSchema,
  );

/** «Предложить время»: up to three free times and a short message, under the browser's own id. */
export function offerSlots(id: string, body: ChatOfferRequest) {
  return api.post(`${chatPath(id)}/offers`, body, { schema: chatMessageSchema });
}

export const chatTemplatesQuery = () =>
  staffQuery(chatTemplatesKey, "/api/staff/chat-templates", chatTemplateListSchema);

/**
 * What a link into a chat tells its page: that the read will need a reason (a closed chat, or one
 * another doctor holds), so the page asks for it before reading instead of after a refusal.
 */
export interface ChatLinkState {
  askReason: true;
}

/** Whether a chat of a list opens only with a reason, for the signed-in staff member. */
export function opensWithReason(
  chat: { status: string; doctor: { id: string } | null },
  staffId: string,
): boolean {
  return chat.status === "closed" || (chat.doctor !== null && chat.doctor.id !== staffId);
}

export function asksReason(state: unknown): boolean {
  return (
    typeof state === "object" && state !== null && "askReason" in state && state.askReason === true
  );
}

/** The server refused the read for want of a reason: a closed chat or another doctor's. */
export function needsReason(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

export function takeChat(id: string) {
  return api.post(`${chatPath(id)}/take`, undefined, { schema: staffChatSchema });
}

export function transferChat(id: string, body: ChatTransferRequest) {
  return api.post(`${chatPath(id)}/transfer`, body, { schema: staffChatSchema });
}

export function closeChat(id: string, body: ChatCloseRequest) {
  return api.post(`${chatPath(id)}/close`, body, { schema: staffChatSchema });
}

export function postReceipt(id: string, body: ChatReceiptRequest) {
  return api.post(`${chatPath(id)}/receipts`, body);
}

export function postTyping(id: string) {
  return api.post(`${chatPath(id)}/typing`);
}

/** A doctor's message: text and files in one multipart body, under the browser's own id. */
export function sendChatMessage(
  id: string,
  message: { clientMessageId: string; body: string; files: readonly File[] },
  onProgress?: (sent: number, total: number) => void,
) {
  const form = new FormData();
  form.append("clientMessageId", message.clientMessageId);
  form.append("body", message.body);
  for (const file of message.files) form.append("files", file, file.name);
  return uploadForm(`${chatPath(id)}/messages`, form, {
    schema: chatMessageSchema,
    ...(onProgress ? { onProgress } : {}),
  });
}

/**
 * The checked download of a chat's file; the server writes each download to the audit log, with
 * the reason the chat was opened with, if any.
 */
export function chatFileUrl(chatId: string, fileId: string, reason: string | null): string {
  return `${chatPath(chatId)}/files/${encodeURIComponent(fileId)}${queryString({ reason: reason ?? undefined })}`;
}

export function createTemplate(body: ChatTemplateInput) {
  return api.post("/api/staff/chat-templates", body, { schema: chatTemplateSchema });
}

export function updateTemplate(id: string, body: ChatTemplateInput) {
  return api.put(`/api/staff/chat-templates/${encodeURIComponent(id)}`, body, {
    schema: chatTemplateSchema,
  });
}

export function deleteTemplate(id: string) {
  return api.delete(`/api/staff/chat-templates/${encodeURIComponent(id)}`);
}

/** What a chat event makes stale: every tab's list and counts, and the chat itself. */
export function chatKeysFor(payload: Record<string, string | number | null>): QueryKey[] {
  const chatId = payload.chatId ?? payload.conversationId;
  return typeof chatId === "string"
    ? [chatListKey, chatDetailKey(chatId)]
    : [chatListKey, [...chatsKey, "detail"]];
}

/** After a take, a hand-over or a close — or a refusal, which means what is shown is stale. */
export async function refreshChat(queryClient: QueryClient, id: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: chatListKey }),
    queryClient.invalidateQueries({ queryKey: chatDetailKey(id) }),
  ]);
}
