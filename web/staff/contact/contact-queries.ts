import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import {
  type CloseContact,
  staffCallbackListSchema,
  staffCallbackSchema,
  staffMessageListSchema,
  staffMessageSchema,
} from "../../../common/staff/contact-queue.schema.ts";
import { queueSummarySchema } from "../../../common/staff/queue-summary.schema.ts";
import { api } from "../../ui/api.ts";
import { forgetStaffSessionOn401, staffSessionQueryKey } from "../auth/staff-session.ts";

export type QueueWhich = "open" | "closed";

/** Staff see each other's takes without reloading: the queues poll at this pace. */
export const QUEUE_REFRESH_MS = 30_000;

export const callbacksKey = ["staff", "contact", "callbacks"] as const;
export const messagesKey = ["staff", "contact", "messages"] as const;
export const queueSummaryKey = ["staff", "contact", "summary"] as const;

function useQueue<T>(key: readonly string[], path: string, schema: z.ZodType<T>) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => {
      try {
        return await api.get(path, { schema, signal });
      } catch (error) {
        forgetStaffSessionOn401(queryClient, error);
        throw error;
      }
    },
    refetchInterval: QUEUE_REFRESH_MS,
    retry: false,
    // Only while someone is signed in: «Выйти» clears the cache while the console is still
    // rendered, and a poll started then would come back 401.
    enabled: () => queryClient.getQueryData(staffSessionQueryKey) != null,
  });
}

export function useCallbackQueue(which: QueueWhich) {
  return useQueue(
    [...callbacksKey, which],
    `/api/staff/callbacks?which=${which}`,
    staffCallbackListSchema,
  );
}

export function useMessageQueue(which: QueueWhich) {
  return useQueue(
    [...messagesKey, which],
    `/api/staff/messages?which=${which}`,
    staffMessageListSchema,
  );
}

/** What waits in the role's queues, for «Обзор» and the side menu's badges; polled like the queues. */
export function useQueueSummary() {
  return useQueue(queueSummaryKey, "/api/staff/queues/summary", queueSummarySchema);
}

const callbackPath = (id: string) => `/api/staff/callbacks/${encodeURIComponent(id)}`;
const messagePath = (id: string) => `/api/staff/messages/${encodeURIComponent(id)}`;

export function takeCallback(id: string) {
  return api.post(`${callbackPath(id)}/take`, undefined, { schema: staffCallbackSchema });
}

export function closeCallback(id: string, body: CloseContact) {
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
