import {
  type QueryClient,
  type QueryKey,
  queryOptions,
  type UseQueryOptions,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type { z } from "zod";
import {
  type CloseCallback,
  type CloseContact,
  staffCallbackListSchema,
  staffCallbackSchema,
  staffMessageListSchema,
  staffMessageSchema,
} from "../../../common/contact/contact-queue.schema.ts";
import { queueSummarySchema } from "../../../common/contact/queue-summary.schema.ts";
import { api } from "../../ui/api.ts";
import { getJson } from "../../ui/api-query.ts";
import { CONSOLE_QUEUE_FALLBACK_MS, liveFallbackInterval } from "../../ui/live-events.ts";
import { staffSessionQueryKey } from "../auth/auth.api.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";

export type QueueWhich = "open" | "closed";

export const callbacksKey = ["staff", "contact", "callbacks"] as const;
export const messagesKey = ["staff", "contact", "messages"] as const;
export const queueSummaryKey = ["staff", "contact", "summary"] as const;

/**
 * A queue's query options: the console's live stream refetches it when something changes (staff
 * see each other's takes without reloading), with the old 30 s poll only while the stream is down;
 * errors not retried.
 */
function queueQuery<K extends readonly string[], T>(key: K, path: string, schema: z.ZodType<T>) {
  return queryOptions({
    queryKey: key,
    queryFn: getJson(path, schema),
    refetchInterval: liveFallbackInterval(CONSOLE_QUEUE_FALLBACK_MS),
    retry: false,
  });
}

export const callbackQueueQuery = (which: QueueWhich) =>
  queueQuery(
    [...callbacksKey, which],
    `/api/staff/callbacks?which=${which}`,
    staffCallbackListSchema,
  );

export const messageQueueQuery = (which: QueueWhich) =>
  queueQuery([...messagesKey, which], `/api/staff/messages?which=${which}`, staffMessageListSchema);

/** What waits in the role's queues, for «Обзор» and the side menu's badges; kept fresh like the queues. */
export const queueSummaryQuery = () =>
  queueQuery(queueSummaryKey, "/api/staff/queues/summary", queueSummarySchema);

/**
 * A queue's query, only while someone is signed in: «Выйти» clears the cache while the console
 * is still rendered, and a poll started then would come back 401.
 */
function useQueue<T, K extends QueryKey>(options: UseQueryOptions<T, Error, T, K>) {
  const queryClient = useQueryClient();
  return useQuery({
    ...options,
    enabled: () => queryClient.getQueryData(staffSessionQueryKey) != null,
  });
}

export const useCallbackQueue = (which: QueueWhich) => useQueue(callbackQueueQuery(which));

export const useMessageQueue = (which: QueueWhich) => useQueue(messageQueueQuery(which));

export const useQueueSummary = () => useQueue(queueSummaryQuery());

const callbackPath = (id: string) => `/api/staff/callbacks/${encodeURIComponent(id)}`;
const messagePath = (id: string) => `/api/staff/messages/${encodeURIComponent(id)}`;

export function takeCallback(id: string) {
  return api.post(`${callbackPath(id)}/take`, undefined, { schema: staffCallbackSchema });
}

export function closeCallback(id: string, body: CloseCallback) {
  return api.post(`${callbackPath(id)}/close`, body, { schema: staffCallbackSchema });
}

export function takeMessage(id: string) {
  return api.post(`${messagePath(id)}/take`, undefined, { schema: staffMessageSchema });
}

export function replyToMessage(id: string, body: string) {
  return api.post(`${messagePath(id)}/replies`, { body }, { schema: staffMessageSchema });
}

export function closeMessage(id: string, body: CloseContact) {
  return api.post(`${messagePath(id)}/close`, body, { schema: staffMessageSchema });
}

/** The download endpoint of a client's file (the server writes each download to the audit log). */
export function attachmentUrl(messageId: string, attachmentId: string): string {
  return `${messagePath(messageId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/**
 * After a take, a reply or a close — or a refusal, which means the list is stale — both tabs of
 * the queue are fetched again, and the counts of «Обзор» and the menu. A 401 (the session ended)
 * sends the console to its sign-in page.
 */
export async function refreshAfter(
  queryClient: QueryClient,
  key: readonly string[],
  error?: unknown,
): Promise<void> {
  if (error) forgetStaffSessionOn401(queryClient, error);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: key }),
    queryClient.invalidateQueries({ queryKey: queueSummaryKey }),
  ]);
}
