import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import { kopecksToRoubles, roublesToKopecks } from "../amount.ts";
import { checkNotificationBody } from "../notification-claim.ts";
import { createNotificationSource } from "../notification-source.ts";
import {
  type CreatePaymentInput,
  type CreateRefundInput,
  type PaymentMethod,
  type PaymentProvider,
  PaymentProviderError,
  type PaymentsConfig,
  type ProviderPayment,
  type ProviderRefund,
  type Receipt,
} from "../payment-provider.ts";

export type YookassaConfig = Extract<PaymentsConfig, { provider: "yookassa" }>;

export interface YookassaOptions {
  /** The fetch to call (tests may wrap it); the global one by default. */
  fetch?: typeof fetch;
  /** The pauses before each retry of a network error, a timeout or a 5xx: 0.5, 1 and 2 s. */
  retryDelaysMs?: number[];
  /** How long one request may take before it counts as failed and is retried: 10 s. */
  timeoutMs?: number;
  log?: Pick<FastifyBaseLogger, "warn" | "error">;
}

const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000];
const DEFAULT_TIMEOUT_MS = 10_000;
/** ЮKassa's limit on a payment's description. */
const DESCRIPTION_MAX = 128;

// The answers of https://yookassa.ru/developers/api: only what the shop reads; unknown fields are
// ignored (zod strips them), so a field ЮKassa adds later breaks nothing.
const amountSchema = z.object({
  value: z.string().regex(/^\d{1,12}\.\d{2}$/),
  currency: z.literal("RUB"),
});

const paymentSchema = z.object({
  id: z.string().min(1),
  status: z.enum(["pending", "waiting_for_capture", "succeeded", "canceled"]),
  amount: amountSchema,
  confirmation: z.object({ type: z.string(), confirmation_url: z.string().optional() }).optional(),
  payment_method: z.object({ type: z.string() }).optional(),
  cancellation_details: z.object({ party: z.string(), reason: z.string() }).optional(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

const refundSchema = z.object({
  id: z.string().min(1),
  payment_id: z.string().min(1),
  status: z.enum(["pending", "succeeded", "canceled"]),
  amount: amountSchema,
});

const errorSchema = z.object({
  type: z.literal("error"),
  code: z.string().optional(),
  description: z.string().optional(),
  parameter: z.string().optional(),
});

/** Our metadata keys as ЮKassa stores them (snake case, as in its examples) and back. */
const METADATA_KEYS: Record<string, string> = { order_id: "orderId", attempt_id: "attemptId" };

function toProviderPayment(answer: z.infer<typeof paymentSchema>): ProviderPayment {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(answer.metadata ?? {})) {
    metadata[METADATA_KEYS[key] ?? key] = String(value);
  }
  const method = answer.payment_method?.type;
  return {
    id: answer.id,
    status: answer.status,
    amountKopecks: roublesToKopecks(answer.amount.value),
    confirmationUrl:
      answer.status === "pending" ? (answer.confirmation?.confirmation_url ?? null) : null,
    method: method === "bank_card" || method === "sbp" ? method : null,
    // The reason alone (expired_on_confirmation, insufficient_funds, …), as the sandbox gives it.
    cancellationReason: answer.cancellation_details?.reason ?? null,
    metadata,
  };
}

function toProviderRefund(answer: z.infer<typeof refundSchema>): ProviderRefund {
  return {
    id: answer.id,
    paymentId: answer.payment_id,
    status: answer.status,
    amountKopecks: roublesToKopecks(answer.amount.value),
  };
}

function rub(kopecks: number) {
  return { value: kopecksToRoubles(kopecks), currency: "RUB" };
}

/** The 54-FZ receipt in ЮKassa's shape; tax_system_code only when the shop is configured with one. */
function receiptBody(receipt: Receipt, taxSystemCode: number | undefined) {
  return {
    customer: receipt.customer,
    items: receipt.items.map((item) => ({
      description: item.description.slice(0, DESCRIPTION_MAX),
      quantity: String(item.quantity),
      amount: rub(item.amountKopecks),
      vat_code: item.vatCode,
      payment_subject: item.paymentSubject,
      payment_mode: item.paymentMode,
    })),
    ...(taxSystemCode === undefined ? {} : { tax_system_code: taxSystemCode }),
  };
}

function paymentBody(input: CreatePaymentInput, taxSystemCode: number | undefined) {
  return {
    amount: rub(input.amountKopecks),
    capture: true,
    confirmation: { type: "redirect", return_url: input.returnUrl },
    payment_method_data: { type: input.method satisfies PaymentMethod },
    description: input.description.slice(0, DESCRIPTION_MAX),
    metadata: { order_id: input.metadata.orderId, attempt_id: input.metadata.attemptId },
    receipt: receiptBody(input.receipt, taxSystemCode),
  };
}

function refundBody(input: CreateRefundInput, taxSystemCode: number | undefined) {
  return {
    payment_id: input.providerPaymentId,
    amount: rub(input.amountKopecks),
    ...(input.description === undefined
      ? {}
      : { description: input.description.slice(0, DESCRIPTION_MAX) }),
    receipt: receiptBody(input.receipt, taxSystemCode),
  };
}

/** A try that may pass when repeated with the same key: the network, a timeout, a 5xx, a 429. */
class RetryableFailure extends Error {}

/**
 * The ЮKassa API v3 adapter on fetch (decision 0023 §3; ЮKassa has no official Node SDK). Every
 * POST carries the caller's idempotence key, and a retry repeats the same key and body, so a
 * payment or a refund is made once however often the network fails.
 */
export function createYookassaPaymentProvider(
  config: YookassaConfig,
  options: YookassaOptions = {},
): PaymentProvider {
  const doFetch = options.fetch ?? fetch;
  const retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = config.baseUrl.endsWith("/") ? config.baseUrl : `${config.baseUrl}/`;
  const authorization = `Basic ${Buffer.from(`${config.shopId}:${config.secretKey}`).toString("base64")}`;
  const source = createNotificationSource(config.notifyCidrs);

  /** One try: the answer's JSON on a 2xx, RetryableFailure, or PaymentProviderError for good. */
  async function attempt(
    what: string,
    url: URL,
    init: { method: "GET" | "POST"; body?: string; idempotenceKey?: string },
  ): Promise<unknown> {
    const headers: Record<string, string> = { authorization, accept: "application/json" };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.idempotenceKey !== undefined) headers["idempotence-key"] = init.idempotenceKey;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: init.method,
        headers,
        body: init.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new RetryableFailure(
        `${what}: ЮKassa is unreachable: ${fetchFailure(error, timeoutMs)}`,
      );
    }
    if (response.status >= 500 || response.status === 429) {
      throw new RetryableFailure(`${what}: ЮKassa answered HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const error = errorSchema.safeParse(body);
      const detail = error.success
        ? [
            error.data.code,
            error.data.description,
            error.data.parameter && `(${error.data.parameter})`,
          ]
            .filter(Boolean)
            .join(" ")
        : "no error body";
      throw new PaymentProviderError(
        `${what}: ЮKassa refused with HTTP ${response.status}: ${detail}`,
        false,
        response.status === 404,
      );
    }
    if (body === undefined) {
      throw new PaymentProviderError(`${what}: ЮKassa answered something that is not JSON`, false);
    }
    return body;
  }

  /** A call with its retries; the same key and body on every try. */
  async function call<T>(
    what: string,
    schema: z.ZodType<T>,
    path: string,
    init: { method: "GET" | "POST"; body?: unknown; idempotenceKey?: string },
  ): Promise<T> {
    const url = new URL(path, base);
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    for (let tryNumber = 0; ; tryNumber += 1) {
      let answer: unknown;
      try {
        answer = await attempt(what, url, { ...init, body });
      } catch (error) {
        if (!(error instanceof RetryableFailure)) {
          // A 404 is what a forged notification's id gets: worth a look, not an alarm.
          const notFound = error instanceof PaymentProviderError && error.notFound;
          options.log?.[notFound ? "warn" : "error"]({ err: error }, "ЮKassa refused a request");
          throw error;
        }
        const delay = retryDelaysMs[tryNumber];
        if (delay === undefined) {
          options.log?.error(
            { reason: error.message, tries: tryNumber + 1 },
            "ЮKassa failed on every try; the caller may try again later with the same key",
          );
          throw new PaymentProviderError(error.message, true);
        }
        options.log?.warn(
          { reason: error.message, try: tryNumber + 1, retryInMs: delay },
          "ЮKassa request failed; retrying with the same key",
        );
        await sleep(delay);
        continue;
      }
      const parsed = schema.safeParse(answer);
      if (!parsed.success) {
        options.log?.error(
          { what, issues: parsed.error.issues.map((issue) => issue.path.join(".")) },
          "ЮKassa answered JSON of an unexpected shape",
        );
        throw new PaymentProviderError(
          `${what}: ЮKassa answered JSON of an unexpected shape`,
          false,
        );
      }
      return parsed.data;
    }
  }

  function paymentOf(answer: z.infer<typeof paymentSchema>): ProviderPayment {
    if (answer.status === "waiting_for_capture") {
      // Not expected with capture: true; the shop treats it as pending and the re-check follows it.
      options.log?.warn(
        { providerPaymentId: answer.id },
        "ЮKassa payment is waiting_for_capture although it was created with capture: true",
      );
    }
    return toProviderPayment(answer);
  }

  return {
    name: "yookassa",

    async createPayment(input) {
      const answer = await call("create payment", paymentSchema, "payments", {
        method: "POST",
        body: paymentBody(input, config.taxSystemCode),
        idempotenceKey: input.idempotenceKey,
      });
      return paymentOf(answer);
    },

    async getPayment(providerPaymentId) {
      const answer = await call(
        `get payment ${providerPaymentId}`,
        paymentSchema,
        `payments/${encodeURIComponent(providerPaymentId)}`,
        { method: "GET" },
      );
      return paymentOf(answer);
    },

    async createRefund(input) {
      const answer = await call(
        `refund payment ${input.providerPaymentId}`,
        refundSchema,
        "refunds",
        {
          method: "POST",
          body: refundBody(input, config.taxSystemCode),
          idempotenceKey: input.idempotenceKey,
        },
      );
      return toProviderRefund(answer);
    },

    async getRefund(providerRefundId) {
      const answer = await call(
        `get refund ${providerRefundId}`,
        refundSchema,
        `refunds/${encodeURIComponent(providerRefundId)}`,
        { method: "GET" },
      );
      return toProviderRefund(answer);
    },

    checkNotification({ body, sourceIp }) {
      return checkNotificationBody(body, source.allows(sourceIp));
    },
  };
}

/** Why fetch() threw: a timeout, or the network error that undici wraps as the cause. */
function fetchFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  return error.cause instanceof Error ? error.cause.message : error.message;
}
