/**
 * What the cabinet's service worker does with a push and a tap on its notification (issue 17).
 * Pure, like offline-routes.ts, so the rules are unit-tested without a browser. The payload is
 * the server's PushPayload (common/notifications/notifications.schema.ts), checked by hand here:
 * the worker stays one small script without zod.
 */

/** The centre, opened when a push names no cabinet address of its own. */
export const NOTIFICATIONS_PAGE = "/cabinet/notifications";
const ICON = "/icons/icon-192.png";

/** What `registration.showNotification(title, options)` gets. */
export interface ShownNotification {
  title: string;
  options: {
    body: string;
    tag?: string;
    icon: string;
    badge: string;
    lang: "ru";
    data: NotificationData;
  };
}

/** Kept on the notification for the tap: which to mark read, where to go. */
export interface NotificationData {
  notificationId: string | null;
  url: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** A cabinet path on this origin, or the centre: a push never leads elsewhere. */
export function cabinetUrl(url: unknown, origin: string): string {
  if (typeof url !== "string") return NOTIFICATIONS_PAGE;
  try {
    const parsed = new URL(url, origin);
    if (parsed.origin !== origin) return NOTIFICATIONS_PAGE;
    if (parsed.pathname !== "/cabinet" && !parsed.pathname.startsWith("/cabinet/")) {
      return NOTIFICATIONS_PAGE;
    }
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  } catch {
    return NOTIFICATIONS_PAGE;
  }
}

/**
 * The notification a push shows. A push must always show one (browsers revoke a subscription
 * whose pushes stay silent), so an unreadable payload shows `fallback`, opening the centre. The
 * tag is the notification's id: the same notification pushed twice replaces itself.
 */
export function notificationOfPush(
  payload: unknown,
  origin: string,
  fallback: { title: string; body: string },
): ShownNotification {
  const fields = typeof payload === "object" && payload !== null ? payload : {};
  const get = (name: string): unknown => (name in fields ? Reflect.get(fields, name) : undefined);
  const id = get("notificationId");
  const notificationId = typeof id === "string" && UUID.test(id) ? id : null;
  const title = text(get("title"));
  const body = text(get("body"));
  return {
    title: title ?? fallback.title,
    options: {
      body: title ? (body ?? "") : fallback.body,
      ...(notificationId ? { tag: notificationId } : {}),
      icon: ICON,
      badge: ICON,
      lang: "ru",
      data: { notificationId, url: title ? cabinetUrl(get("url"), origin) : NOTIFICATIONS_PAGE },
    },
  };
}

/** What a tapped notification carries (its `data`), read defensively. */
export function tapOf(data: unknown, origin: string): NotificationData {
  const fields = typeof data === "object" && data !== null ? data : {};
  const id = "notificationId" in fields ? fields.notificationId : null;
  return {
    notificationId: typeof id === "string" && UUID.test(id) ? id : null,
    url: cabinetUrl("url" in fields ? fields.url : undefined, origin),
  };
}

/** The address that marks a tapped notification read. */
export function readMarkPath(notificationId: string): string {
  return `/api/notifications/${notificationId}/read`;
}

/**
 * Which open window a tap brings forward: one already at the address, else any cabinet window
 * (which is then sent there), else none (a new window opens).
 */
export function windowForTap<W extends { url: string }>(
  windows: readonly W[],
  url: string,
  origin: string,
): { window: W; navigate: boolean } | null {
  const target = new URL(url, origin).href;
  const atTarget = windows.find((candidate) => candidate.url === target);
  if (atTarget) return { window: atTarget, navigate: false };
  const cabinet = windows.find((candidate) => {
    const { origin: own, pathname } = new URL(candidate.url);
    return own === origin && (pathname === "/cabinet" || pathname.startsWith("/cabinet/"));
  });
  return cabinet ? { window: cabinet, navigate: true } : null;
}
