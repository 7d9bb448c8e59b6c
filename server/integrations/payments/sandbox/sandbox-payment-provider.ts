import { addSeconds } from "date-fns";
import type { Db } from "../../../db/client.ts";
import { checkNotificationBody } from "../notification-claim.ts";
import { createNotificationSource } from "../notification-source.ts";
import {
  type CreatePaymentInput,
  type CreateRefundInput,
  type PaymentProvider,
  PaymentProviderError,
  type ProviderPayment,
  type ProviderRefund,
  type SandboxOptions,
} from "../payment-provider.ts";
import {
  expireSandboxPayments,
  findSandboxPayment,
  findSandboxRefundByKey,
  findSandboxRefundSettlingDue,
  insertSandboxPayment,
  insertSandboxRefund,
  lockSandboxPayment,
  refundedOfPayment,
  type SandboxPaymentRow,
  type SandboxRefundRow,
  settleDueSandboxRefunds,
  settleSandboxPayment,
} from "./sandbox-payments.repository.ts";

/** A pending sandbox payment is cancelled after an hour, as an unpaid SBP payment is. */
const PAYMENT_LIFETIME_SECONDS = 60 * 60;

/** The page where the payer pays or declines: on the site the payer came from. */
export const SANDBOX_PAGE_PREFIX = "/sandbox-pay";

/** A notification in ЮKassa's shape: what the sandbox tells the shop after each change. */
export interface SandboxNotification {
  type: "notification";
  event: "payment.succeeded" | "payment.canceled" | "refund.succeeded";
  object: { id: string; status: string };
}

/**
 * Queues a notification for delivery (with its repeat), like a provider's webhook; `afterSeconds`
 * holds it back until a change that is due later (an SBP refund's day) has come.
 */
export type SandboxNotify = (
  notification: SandboxNotification,
  afterSeconds?: number,
) => Promise<void>;

export interface SandboxPaymentProvider extends PaymentProvider {
  readonly name: "sandbox";
  /** The page's data; null for an unknown id. */
  findPayment(id: string): Promise<SandboxPaymentRow | null>;
  /** «Оплатить картой» / «Я оплатил в приложении банка»: succeeded, and the shop is told. */
  pay(id: string): Promise<SandboxPaymentRow | null>;
  /** «Отказаться от оплаты»: canceled, and the shop is told. */
  decline(id: string): Promise<SandboxPaymentRow | null>;
  /** Expires pending payments past their hour and settles SBP refunds whose day has come. */
  housekeeping(): Promise<void>;
}

function toProviderPayment(row: SandboxPaymentRow): ProviderPayment {
  return {
    id: row.id,
    status: row.status as ProviderPayment["status"],
    amountKopecks: row.amountKopecks,
    confirmationUrl:
      row.status === "pending"
        ? `${new URL(row.returnUrl).origin}${SANDBOX_PAGE_PREFIX}/${row.id}`
        : null,
    method: row.method as ProviderPayment["method"],
    cancellationReason: row.cancellationReason,
    metadata: row.metadata as Record<string, string>,
  };
}

function toProviderRefund(row: SandboxRefundRow): ProviderRefund {
  return {
    id: row.id,
    paymentId: row.paymentId,
    status: row.status as ProviderRefund["status"],
    amountKopecks: row.amountKopecks,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The embedded payment provider (decision 0023 §2): a provider, not a stub. It keeps its side in
 * its own tables, answers a repeated idempotence key with the same payment, moves a payment only
 * through its page or its expiry, refuses a refund over what was paid, and tells the shop only by
 * notifications, which the shop checks and re-fetches like any other provider's.
 */
export function createSandboxPaymentProvider(
  db: Db,
  options: SandboxOptions & { notifyCidrs: string[]; notify: SandboxNotify },
): SandboxPaymentProvider {
  const source = createNotificationSource(options.notifyCidrs);

  async function paymentRow(id: string): Promise<SandboxPaymentRow> {
    const row = UUID.test(id) ? await findSandboxPayment(db, id) : null;
    if (!row) throw new PaymentProviderError(`sandbox: no payment ${id}`, false, true);
    return row;
  }

  async function settle(id: string, status: "succeeded" | "canceled", reason: string | null) {
    if (!UUID.test(id)) return null;
    const row = await settleSandboxPayment(db, id, status, reason);
    if (row) {
      await options.notify({
        type: "notification",
        event: status === "succeeded" ? "payment.succeeded" : "payment.canceled",
        object: { id: row.id, status: row.status },
      });
    }
    return row;
  }

  return {
    name: "sandbox",

    async createPayment(input: CreatePaymentInput) {
      const row = await insertSandboxPayment(db, {
        idempotenceKey: input.idempotenceKey,
        amountKopecks: input.amountKopecks,
        method: input.method,
        description: input.description,
        returnUrl: input.returnUrl,
        metadata: input.metadata,
        receipt: input.receipt,
        expiresAt: addSeconds(new Date(), PAYMENT_LIFETIME_SECONDS),
      });
      return toProviderPayment(row);
    },

    async getPayment(id) {
      return toProviderPayment(await paymentRow(id));
    },

    async createRefund(input: CreateRefundInput) {
      const again = await findSandboxRefundByKey(db, input.idempotenceKey);
      if (again) return toProviderRefund(again);
      const refund = await db.transaction(async (tx) => {
        const payment = UUID.test(input.providerPaymentId)
          ? await lockSandboxPayment(tx, input.providerPaymentId)
          : null;
        if (!payment) {
          throw new PaymentProviderError("sandbox: no payment to refund", false, true);
        }
        if (payment.status !== "succeeded") {
          throw new PaymentProviderError("sandbox: the payment is not succeeded", false);
        }
        const refunded = await refundedOfPayment(tx, payment.id);
        if (input.amountKopecks > payment.amountKopecks - refunded) {
          throw new PaymentProviderError("sandbox: the refund exceeds what is left", false);
        }
        // A card refund is instant; an SBP one comes «the next day» (a configurable delay here).
        const delay = payment.method === "sbp" ? options.sbpRefundSeconds : 0;
        return insertSandboxRefund(tx, {
          idempotenceKey: input.idempotenceKey,
          paymentId: payment.id,
          status: delay === 0 ? "succeeded" : "pending",
          amountKopecks: input.amountKopecks,
          receipt: input.receipt,
          settlesAt: addSeconds(new Date(), delay),
        });
      });
      // A pending refund is told when it is due: the shop's re-fetch then finds it settled.
      await options.notify(
        {
          type: "notification",
          event: "refund.succeeded",
          object: { id: refund.id, status: "succeeded" },
        },
        Math.max(0, Math.ceil((refund.settlesAt.getTime() - Date.now()) / 1000)),
      );
      return toProviderRefund(refund);
    },

    async getRefund(id) {
      const row = UUID.test(id) ? await findSandboxRefundSettlingDue(db, id) : null;
      if (!row) throw new PaymentProviderError(`sandbox: no refund ${id}`, false, true);
      return toProviderRefund(row);
    },

    checkNotification({ body, sourceIp }) {
      return checkNotificationBody(body, source.allows(sourceIp));
    },

    findPayment: (id) => (UUID.test(id) ? findSandboxPayment(db, id) : Promise.resolve(null)),
    pay: (id) => settle(id, "succeeded", null),
    decline: (id) => settle(id, "canceled", "permission_revoked"),

    async housekeeping() {
      for (const row of await expireSandboxPayments(db)) {
        await options.notify({
          type: "notification",
          event: "payment.canceled",
          object: { id: row.id, status: row.status },
        });
      }
      for (const row of await settleDueSandboxRefunds(db)) {
        await options.notify({
          type: "notification",
          event: "refund.succeeded",
          object: { id: row.id, status: row.status },
        });
      }
    },
  };
}
