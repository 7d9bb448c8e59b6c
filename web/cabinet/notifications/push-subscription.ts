import { createContext, use, useCallback, useEffect, useState } from "react";
import { pushSubscriptionBodySchema } from "../../../common/notifications/notifications.schema.ts";
import { onSignOut } from "../identity/session.ts";
import { WORKER_SCOPE } from "../offline/offline-routes.ts";
import { deleteSubscription, saveSubscription } from "./notifications.api.ts";

/** What of a browser's PushSubscription the cabinet uses. */
export interface PushSubscriptionLike {
  readonly endpoint: string;
  toJSON(): unknown;
  unsubscribe(): Promise<boolean>;
}

/** What of a PushManager the cabinet uses. */
export interface PushManagerLike {
  getSubscription(): Promise<PushSubscriptionLike | null>;
  subscribe(options: {
    userVisibleOnly: boolean;
    applicationServerKey: Uint8Array<ArrayBuffer>;
  }): Promise<PushSubscriptionLike>;
}

/** The browser's side of Web Push, injectable so the states can be tested without a browser. */
export interface PushEnvironment {
  /** The push manager of the cabinet's service worker, or null where push cannot work here. */
  pushManager(): Promise<PushManagerLike | null>;
  /** Notification.permission: "default", "granted" or "denied". */
  permission(): NotificationPermission;
  /** Asks the client; only ever called from a tap on «Включить push-уведомления». */
  requestPermission(): Promise<NotificationPermission>;
}

/** How long to wait for the cabinet's worker (registered by the layout) before saying «no push». */
const WORKER_WAIT_MS = 5000;

/**
 * The browser itself: push needs a secure page, a service worker, PushManager and Notification.
 * On iOS (16.4+) these exist only in the cabinet added to the Home Screen. The worker is the one
 * the cabinet registers for /cabinet (docs/decisions/0026); the dev server registers none.
 */
export const browserPush: PushEnvironment = {
  async pushManager() {
    if (typeof window === "undefined" || !window.isSecureContext) return null;
    if (!("serviceWorker" in navigator) || !("PushManager" in window)) return null;
    if (!("Notification" in window)) return null;
    const registration =
      (await navigator.serviceWorker.getRegistration(WORKER_SCOPE)) ??
      (await Promise.race([
        navigator.serviceWorker.ready,
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), WORKER_WAIT_MS)),
      ]));
    return registration?.pushManager ?? null;
  },
  permission: () => (typeof Notification === "undefined" ? "denied" : Notification.permission),
  requestPermission: () => Notification.requestPermission(),
};

export const PushEnvironmentContext = createContext<PushEnvironment>(browserPush);

/** The VAPID public key (base64url, as the server gives it) as the bytes PushManager takes. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export type PushState =
  | "checking"
  /** No push in this browser (an old one, iOS outside the Home Screen, plain http). */
  | "unsupported"
  /** The server sends no push (no VAPID keys configured). */
  | "server-off"
  /** The client refused notifications for the site; only the browser's settings undo it. */
  | "blocked"
  | "off"
  | "on";

/** Why the last step failed, for the message under the button. */
export type PushProblem = "dismissed" | "failed" | null;

/**
 * This browser's push subscription for the signed-in account: its state, and turning it on (after
 * the client's tap: permission, subscribe, tell the server) and off (tell the server, unsubscribe).
 */
export function usePushSubscription(publicKey: string | null | undefined) {
  const environment = use(PushEnvironmentContext);
  const [state, setState] = useState<PushState>("checking");
  const [problem, setProblem] = useState<PushProblem>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (publicKey === undefined) return;
    let current = true;
    void (async () => {
      const manager = await environment.pushManager().catch(() => null);
      const next: PushState = !manager
        ? "unsupported"
        : publicKey === null
          ? "server-off"
          : environment.permission() === "denied"
            ? "blocked"
            : (await manager.getSubscription().catch(() => null))
              ? "on"
              : "off";
      if (current) setState(next);
    })();
    return () => {
      current = false;
    };
  }, [environment, publicKey]);

  const enable = useCallback(async () => {
    if (!publicKey) return;
    setProblem(null);
    setBusy(true);
    try {
      // First, while the tap still counts as the client's gesture (Safari asks for it).
      const permission = await environment.requestPermission();
      if (permission === "denied") return setState("blocked");
      if (permission !== "granted") return setProblem("dismissed");
      const manager = await environment.pushManager();
      if (!manager) return setState("unsupported");
      const subscription =
        (await manager.getSubscription()) ??
        (await manager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: applicationServerKey(publicKey),
        }));
      try {
        await saveSubscription(pushSubscriptionBodySchema.parse(subscription.toJSON()));
      } catch (error) {
        // The server does not know it, so nothing would come: do not leave it half on.
        await subscription.unsubscribe().catch(() => false);
        throw error;
      }
      setState("on");
    } catch {
      setProblem("failed");
    } finally {
      setBusy(false);
    }
  }, [environment, publicKey]);

  const disable = useCallback(async () => {
    setProblem(null);
    setBusy(true);
    try {
      const subscription = await (await environment.pushManager())?.getSubscription();
      if (subscription) {
        await deleteSubscription(subscription.endpoint);
        await subscription.unsubscribe();
      }
      setState("off");
    } catch {
      setProblem("failed");
    } finally {
      setBusy(false);
    }
  }, [environment]);

  return { state, problem, busy, enable, disable };
}

// «Выйти»: this device takes no more pushes of the account that left (the next person at it must
// not see them). The session is already gone, so the server learns it at the next push (410).
onSignOut(() => {
  void browserPush
    .pushManager()
    .then((manager) => manager?.getSubscription())
    .then((subscription) => subscription?.unsubscribe())
    .catch(() => undefined);
});
