import type { Agent } from "node:https";
import webPush from "web-push";
import type { VapidKeys } from "./push-config.ts";

/**
 * How long a push service keeps a message for a browser that is offline: web-push's default is
 * 4 weeks, but a notification older than a day is news no more (the inbox still has it).
 */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;

/** A browser's subscription as stored. */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The push service's answer when it was not a success. */
export class PushSendError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
  ) {
    super(message);
  }

  /** 404 or 410: the subscription is gone (unsubscribed, expired) and will never take a push. */
  get gone(): boolean {
    return this.statusCode === 404 || this.statusCode === 410;
  }
}

export interface PushSender {
  send(target: PushTarget, payload: string): Promise<void>;
}

/**
 * Sends one encrypted push with the `web-push` library, signed with the VAPID keys. `agent` is for
 * tests that run a push service of their own over TLS.
 */
export function createWebPushSender(vapid: VapidKeys, options: { agent?: Agent } = {}): PushSender {
  return {
    async send(target, payload) {
      try {
        await webPush.sendNotification(
          { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
          payload,
          {
            vapidDetails: vapid,
            TTL: PUSH_TTL_SECONDS,
            urgency: "normal",
            timeout: 10_000,
            ...(options.agent ? { agent: options.agent } : {}),
          },
        );
      } catch (error) {
        if (error instanceof webPush.WebPushError) {
          throw new PushSendError(`push service answered ${error.statusCode}`, error.statusCode);
        }
        throw new PushSendError(error instanceof Error ? error.message : String(error), null);
      }
    },
  };
}
