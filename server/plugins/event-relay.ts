import { createHash } from "node:crypto";
import type { Db } from "../db/client.ts";
import type { DeliveryLog } from "../integrations/jobs/queued-delivery.ts";
import { createWakeablePause } from "../integrations/jobs/wakeable-pause.ts";
import {
  type ClaimedDelivery,
  claimDeliveries,
  hasDueWork,
  markDelivered,
  markFailedTry,
  relayNewEvents,
} from "./events.repository.ts";
import type { EventType, LiveEvent } from "./events.ts";

/** What a handler is told besides the event. */
export interface Delivery {
  /**
   * The same UUID on every try of this event for this handler: a handler that queues a job uses it
   * as the job's id, so a repeated try queues nothing new (idempotency).
   */
  key: string;
  /** This try's number, from 1. */
  attempt: number;
}

/** Reacts to committed events of some types, at least once each, so it must be idempotent. */
export interface EventHandler {
  /** Names the handler in the deliveries table: keep it stable across releases. */
  name: string;
  types: readonly EventType[];
  /** Throws to have the event tried again later (with backoff). */
  handle(event: LiveEvent, delivery: Delivery): Promise<void>;
}

export interface RelayRetry {
  /** Tries in all, the first included; then the delivery is given up and logged. */
  attempts: number;
  /** The wait after the first failed try; each next one doubles, up to maxDelaySeconds. */
  delaySeconds: number;
  maxDelaySeconds: number;
}

/** 10 tries over about an hour and a half: 5 s, 10 s, 20 s … capped at 15 minutes. */
export const DEFAULT_RELAY_RETRY: RelayRetry = {
  attempts: 10,
  delaySeconds: 5,
  maxDelaySeconds: 15 * 60,
};

export interface EventRelayOptions {
  db: Db;
  log: DeliveryLog;
  handlers: () => readonly EventHandler[];
  retry?: Partial<RelayRetry>;
  /** How often an idle relay looks for work that no NOTIFY announced (another instance's retries). */
  pollingIntervalMs?: number;
  /** How long a try may hold its delivery before another instance takes it (a dead process). */
  leaseSeconds?: number;
}

/** Hands committed events to their handlers: one per process, all instances sharing the work. */
export interface EventRelay {
  /** Catches up with what is waiting, then keeps going until stop(). */
  start(): void;
  /** Stops taking work and waits for the handlers running. Idempotent. */
  stop(): Promise<void>;
  /** There may be new events (a NOTIFY came): look now rather than at the next poll. */
  wake(): void;
  /**
   * Resolves once no event waits to be relayed and no delivery is due or running: every event
   * committed so far has reached its handlers, or waits for a later retry, or was given up.
   */
  whenSettled(timeoutMs?: number): Promise<void>;
}

const RELAY_BATCH = 100;
const CLAIM_BATCH = 10;

/** The delivery's stable id: a UUID made from the event and the handler. */
export function deliveryKey(eventId: string, handler: string): string {
  const hex = createHash("sha256").update(`${handler}\u0000${eventId}`).digest("hex");
  // Shaped as a version 8 (custom) UUID, which is what a uuid column and pg-boss accept.
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** The wait before try `attempt + 1`, with ±20 % jitter so instances do not retry in step. */
export function retryDelaySeconds(retry: RelayRetry, attempt: number): number {
  const base = Math.min(retry.delaySeconds * 2 ** (attempt - 1), retry.maxDelaySeconds);
  return base * (0.8 + Math.random() * 0.4);
}

export function createEventRelay(options: EventRelayOptions): EventRelay {
  const { db, log } = options;
  const retry = { ...DEFAULT_RELAY_RETRY, ...options.retry };
  const pollingIntervalMs = options.pollingIntervalMs ?? 5_000;
  const leaseSeconds = options.leaseSeconds ?? 60;

  let state: "new" | "started" | "stopping" | "stopped" = "new";
  let loop: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  const idle = createWakeablePause(pollingIntervalMs);
  const wake = (): void => idle.wake();

  function handlersOf(type: string): string[] {
    return options
      .handlers()
      .filter((handler) => handler.types.some((one) => one === type))
      .map((handler) => handler.name);
  }

  async function deliver({ event, handler: name, attempt }: ClaimedDelivery): Promise<void> {
    const handler = options.handlers().find((one) => one.name === name);
    const context = { eventId: event.id, type: event.type, handler: name, attempt };
    try {
      if (!handler) throw new Error("no such handler in this process");
      await handler.handle(event, { key: deliveryKey(event.id, name), attempt });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const last = attempt >= retry.attempts;
      await markFailedTry(
        db,
        event.id,
        name,
        reason,
        last ? null : retryDelaySeconds(retry, attempt),
      );
      if (last)
        log.error({ ...context, reason }, "event handler failed, and that was the last try");
      else log.warn({ ...context, reason }, "event handler failed, will try again");
      return;
    }
    await markDelivered(db, event.id, name);
  }

  async function work(): Promise<void> {
    while (state === "started") {
      idle.beginRound();
      let busy = false;
      try {
        const relayed = await relayNewEvents(db, handlersOf, RELAY_BATCH);
        const names = options.handlers().map((handler) => handler.name);
        const claimed = await claimDeliveries(db, names, leaseSeconds, CLAIM_BATCH);
        // A delivery whose outcome was not recorded keeps its lease and is tried again when the
        // lease runs out: a rare repeat rather than a lost event.
        const results = await Promise.allSettled(claimed.map(deliver));
        for (const result of results) {
          if (result.status === "rejected") {
            log.error({ err: result.reason }, "event relay: could not record a delivery's outcome");
          }
        }
        busy = relayed === RELAY_BATCH || claimed.length === CLAIM_BATCH;
      } catch (error) {
        log.error({ err: error }, "event relay: could not read the events");
      }
      if (state === "started" && !busy) await idle.pause();
    }
  }

  return {
    start() {
      if (state !== "new") throw new Error(`the event relay cannot start: it is ${state}`);
      state = "started";
      loop = work();
    },

    stop() {
      if (state === "new") state = "stopped";
      if (state === "started") {
        state = "stopping";
        wake();
        stopping = (async () => {
          await loop;
          state = "stopped";
        })();
      }
      return stopping ?? Promise.resolve();
    },

    wake,

    async whenSettled(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (await hasDueWork(db)) {
        if (Date.now() > deadline) {
          throw new Error(`events still being delivered after ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
