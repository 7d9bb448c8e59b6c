import {
  type InfiniteData,
  infiniteQueryOptions,
  type QueryClient,
  queryOptions,
} from "@tanstack/react-query";
import {
  type NotificationList,
  type NotificationPreferences,
  notificationListSchema,
  notificationPreferencesSchema,
  type PushSubscriptionBody,
  pushPublicKeySchema,
  unreadCountSchema,
} from "../../../common/notifications/notifications.schema.ts";
import { api, apiRequest } from "../../ui/api.ts";
import { queryString } from "../../ui/api-query.ts";
import { liveFallbackInterval } from "../../ui/live-events.ts";

/** A page of the notification centre. */
export const NOTIFICATIONS_PAGE_SIZE = 20;

/** The centre's queries: a `notification.*` event makes all of them stale. */
export const notificationsQueryKeys = {
  all: ["notifications"] as const,
  list: ["notifications", "list"] as const,
  unread: ["notifications", "unread"] as const,
};

/**
 * The header's badge: how many are unread. Kept fresh by the live stream (polled when it is down);
 * read again when the tab comes back to the front, since a read mark elsewhere (another tab, a
 * tapped push, which the worker marks read) sends no event.
 */
export const unreadCountQuery = queryOptions({
  queryKey: notificationsQueryKeys.unread,
  queryFn: ({ signal }) =>
    api.get("/api/notifications/unread", { schema: unreadCountSchema, signal }),
  refetchInterval: liveFallbackInterval(),
  refetchOnWindowFocus: true,
});

/** The notification centre: newest first, a page at a time; the next page starts before the cursor. */
export const notificationListQuery = infiniteQueryOptions({
  queryKey: notificationsQueryKeys.list,
  queryFn: ({ pageParam, signal }): Promise<NotificationList> =>
    api.get(
      `/api/notifications${queryString({ before: pageParam ?? undefined, limit: NOTIFICATIONS_PAGE_SIZE })}`,
      { schema: notificationListSchema, signal },
    ),
  initialPageParam: null as string | null,
  getNextPageParam: (page) => page.nextBefore,
  refetchInterval: liveFallbackInterval(),
  refetchOnWindowFocus: true,
});

/** Marks one notification read (opening it does). */
export function markNotificationRead(id: string): Promise<unknown> {
  return api.post(`/api/notifications/${encodeURIComponent(id)}/read`);
}

/** «Отметить все как прочитанные». */
export function markAllNotificationsRead(): Promise<unknown> {
  return api.post("/api/notifications/read-all");
}

/**
 * A read mark sent: the list and the header's badge show it at once, before the server answers —
 * the count must never stay behind what the client has read (a known complaint of other portals).
 */
export function showAsRead(queryClient: QueryClient, read: "all" | string): void {
  const readAt = new Date().toISOString();
  let marked = 0;
  queryClient.setQueryData(
    notificationsQueryKeys.list,
    (old: InfiniteData<NotificationList, string | null> | undefined) =>
      old && {
        ...old,
        pages: old.pages.map((page) => ({
          ...page,
          items: page.items.map((item) => {
            if (item.readAt !== null || (read !== "all" && item.id !== read)) return item;
            marked += 1;
            return { ...item, readAt };
          }),
        })),
      },
  );
  queryClient.setQueryData(notificationsQueryKeys.unread, (old: { unread: number } | undefined) =>
    old ? { unread: read === "all" ? 0 : Math.max(0, old.unread - marked) } : old,
  );
}

/** The list and the badge read again (after a read mark, whether it succeeded or not). */
export function refreshNotifications(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: notificationsQueryKeys.all });
}

/** «Уведомления» in «Профиль»: the channels of each kind and the quiet hours. */
export const preferencesQuery = queryOptions({
  queryKey: ["profile", "notifications"],
  queryFn: ({ signal }) =>
    api.get("/api/profile/notifications", { schema: notificationPreferencesSchema, signal }),
});

export function savePreferences(body: NotificationPreferences): Promise<NotificationPreferences> {
  return api.put("/api/profile/notifications", body, { schema: notificationPreferencesSchema });
}

/** The server's VAPID key, or null when it sends no push. */
export const pushPublicKeyQuery = queryOptions({
  queryKey: ["push", "public-key"],
  queryFn: ({ signal }) => api.get("/api/push/public-key", { schema: pushPublicKeySchema, signal }),
  staleTime: Number.POSITIVE_INFINITY,
});

/** Tells the server this browser's subscription (PushSubscription.toJSON()). */
export function saveSubscription(body: PushSubscriptionBody): Promise<unknown> {
  return api.post("/api/push/subscriptions", body);
}

/** Tells the server this browser no longer takes pushes. */
export function deleteSubscription(endpoint: string): Promise<unknown> {
  return apiRequest("DELETE", "/api/push/subscriptions", { endpoint });
}
