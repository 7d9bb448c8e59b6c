import type { JobQueue } from "../../integrations/jobs/job-queue.ts";
import { createScheduledJob, type ScheduledJob } from "../../integrations/jobs/scheduled-job.ts";
import { emit } from "../../plugins/events.ts";
import { releasePaidVisit } from "../booking/index.ts";
import { recheckAttempt } from "./payment-attempts.service.ts";
import { recheckRefunds } from "./refunds.service.ts";
import {
  cancelAwaitingOrder,
  deleteNotificationsBefore,
  insertOrderEvent,
  type OrderRow,
  selectAttemptsToRecheck,
  selectExpiredOrders,
  selectOpenAttemptsOfOrder,
  selectOrderItem,
  supersedeAttempt,
} from "./shop.repository.ts";
import type { ShopContext } from "./shop-context.ts";

/** How long the providers' notifications are kept (the order's own events stay). */
export const NOTIFICATIONS_KEPT_DAYS = 180;

/** An open attempt this quiet is asked of the provider: its notification may have been lost. */
export const RECHECK_AFTER_MINUTES = 10;
/** …and not again within this time. */
const RECHECK_EVERY_MINUTES = 5;

/** Asks the provider about attempts whose notification has not come: none is left hanging. */
export async function recheckQuietAttempts(ctx: ShopContext): Promise<number> {
  const attempts = await selectAttemptsToRecheck(
    ctx.db,
    RECHECK_AFTER_MINUTES,
    RECHECK_EVERY_MINUTES,
  );
  for (const attempt of attempts) {
    try {
      await recheckAttempt(ctx, attempt);
    } catch (error) {
      ctx.log.warn({ err: error, attemptId: attempt.id }, "payments re-check: the provider failed");
    }
  }
  return attempts.length;
}

async function expireOrder(ctx: ShopContext, order: OrderRow): Promise<boolean> {
  // A payment that went through just before the hour ran out is applied, not expired.
  for (const attempt of await selectOpenAttemptsOfOrder(ctx.db, order.id)) {
    try {
      await recheckAttempt(ctx, attempt);
    } catch (error) {
      ctx.log.warn({ err: error, orderId: order.id }, "order expiry: the provider failed");
    }
  }
  return ctx.db.transaction(async (tx) => {
    const cancelled = await cancelAwaitingOrder(tx, order.id);
    if (!cancelled) return false;
    for (const attempt of await selectOpenAttemptsOfOrder(tx, order.id)) {
      await supersedeAttempt(tx, attempt.id);
    }
    // A paid visit's held time is freed for everyone else.
    const item = await selectOrderItem(tx, order.id);
    if (item?.appointmentId) {
      await releasePaidVisit(tx, item.appointmentId, "Время на оплату истекло");
    }
    await insertOrderEvent(tx, order.id, {
      kind: "expired",
      fromStatus: "awaiting_payment",
      toStatus: "cancelled",
      actorKind: "system",
      reason: "Время на оплату истекло",
    });
    await emit(
      tx,
      "order.changed",
      { orderId: order.id, status: "cancelled" },
      {
        accountId: order.clientId,
      },
    );
    return true;
  });
}

/** Cancels orders whose hour for payment has passed. A payment arriving later is still honoured. */
export async function expireUnpaidOrders(ctx: ShopContext): Promise<number> {
  let expired = 0;
  for (const order of await selectExpiredOrders(ctx.db)) {
    if (await expireOrder(ctx, order)) expired++;
  }
  return expired;
}

/** The minutely re-check and expiry, one instance at a time. */
export function createOrderJobs(ctx: ShopContext, jobs: JobQueue): ScheduledJob {
  return createScheduledJob({
    jobs,
    queue: "orders-payments-upkeep",
    everySeconds: 60,
    log: ctx.log,
    timeoutSeconds: 10 * 60,
    async run() {
      await recheckQuietAttempts(ctx);
      await recheckRefunds(ctx);
      await expireUnpaidOrders(ctx);
      await deleteNotificationsBefore(ctx.db, NOTIFICATIONS_KEPT_DAYS);
    },
  });
}
