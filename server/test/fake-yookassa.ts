import { randomUUID } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";

// A local stand-in for ЮKassa's API v3 (decision 0023 §3), for the adapter's tests: payments and
// refunds in memory, Basic auth, the Idempotence-Key rule (a repeated key gets the first answer),
// ЮKassa's error shape, and controls to fail, hang, pay or cancel. It keeps only the rules the shop
// relies on; it is not a model of ЮKassa's whole API.

export interface FakeAmount {
  value: string;
  currency: string;
}

export interface FakePayment {
  id: string;
  status: "pending" | "waiting_for_capture" | "succeeded" | "canceled";
  paid: boolean;
  amount: FakeAmount;
  refunded_amount?: FakeAmount;
  description?: string;
  metadata: Record<string, string>;
  confirmation?: { type: "redirect"; confirmation_url: string };
  payment_method: { type: string; id: string; saved: boolean };
  cancellation_details?: { party: string; reason: string };
  refundable: boolean;
  test: true;
  created_at: string;
  captured_at?: string;
}

export interface FakeRefund {
  id: string;
  payment_id: string;
  status: "pending" | "succeeded" | "canceled";
  amount: FakeAmount;
  description?: string;
  created_at: string;
}

export interface FakeRequest {
  method: string;
  /** Below /v3/: "payments", "payments/<id>", "refunds". */
  path: string;
  idempotenceKey: string | undefined;
  body: unknown;
}

export interface FakeYookassa {
  /** http://127.0.0.1:<port>/v3/ */
  baseUrl: string;
  close(): Promise<void>;
  payments: Map<string, FakePayment>;
  refunds: Map<string, FakeRefund>;
  /** Every request that reached the fake, failed, hung and refused ones included. */
  requests: FakeRequest[];
  /** The next `count` requests answer `status` (ЮKassa's error body) without doing anything. */
  failNext(count: number, status: number): void;
  /** The next `count` requests are never answered (the client's timeout ends them). */
  hangNext(count: number): void;
  /** The payer paid: pending → succeeded. */
  succeed(paymentId: string): FakePayment;
  /** The payment is cancelled (by default as an unpaid one expires). */
  cancel(paymentId: string, reason?: string): FakePayment;
  /** The body ЮKassa would post to the shop about the payment (or, for refund.*, the refund). */
  notificationBody(
    objectId: string,
    event: string,
  ): { type: "notification"; event: string; object: FakePayment | FakeRefund };
}

const ROUBLES = /^\d{1,12}\.\d{2}$/;
const amountSchema = z.object({ value: z.string().regex(ROUBLES), currency: z.literal("RUB") });
const receiptSchema = z.object({
  customer: z.union([z.object({ email: z.string().min(3) }), z.object({ phone: z.string() })]),
  items: z
    .array(
      z.object({
        description: z.string().min(1).max(128),
        quantity: z.union([z.string().regex(/^\d+(\.\d+)?$/), z.number().positive()]),
        amount: amountSchema,
        vat_code: z.number().int().min(1).max(12),
        payment_subject: z.string(),
        payment_mode: z.string(),
      }),
    )
    .min(1),
  tax_system_code: z.number().int().min(1).max(6).optional(),
});

const createPaymentSchema = z.object({
  amount: amountSchema,
  capture: z.boolean().optional(),
  confirmation: z.object({ type: z.literal("redirect"), return_url: z.url() }),
  payment_method_data: z.object({ type: z.enum(["bank_card", "sbp"]) }).optional(),
  description: z.string().max(128).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  receipt: receiptSchema.optional(),
});

const createRefundSchema = z.object({
  payment_id: z.string().min(1),
  amount: amountSchema,
  description: z.string().max(250).optional(),
  receipt: receiptSchema.optional(),
});

function kopecks(amount: FakeAmount): number {
  const [roubles = "0", rest = "00"] = amount.value.split(".");
  return Number(roubles) * 100 + Number(rest);
}

function rub(value: number): FakeAmount {
  return {
    value: `${Math.trunc(value / 100)}.${String(value % 100).padStart(2, "0")}`,
    currency: "RUB",
  };
}

/** The receipt's total: what ЮKassa checks against the payment's or the refund's amount. */
function receiptTotal(receipt: z.infer<typeof receiptSchema>): number {
  return receipt.items.reduce((sum, item) => sum + kopecks(item.amount) * Number(item.quantity), 0);
}

interface Answer {
  status: number;
  body: unknown;
}

function error(status: number, code: string, description: string, parameter?: string): Answer {
  return { status, body: { type: "error", id: randomUUID(), code, description, parameter } };
}

/** Starts the fake on 127.0.0.1 and a free port; the account is `shopId:secretKey`. */
export async function startFakeYookassa(account: {
  shopId: string;
  secretKey: string;
}): Promise<FakeYookassa> {
  // forceCloseConnections: a hung request must not keep close() waiting.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const payments = new Map<string, FakePayment>();
  const refunds = new Map<string, FakeRefund>();
  const requests: FakeRequest[] = [];
  /** `<path> <key>` → the body first sent with it and the answer it got. */
  const idempotent = new Map<string, { body: string; answer: Answer }>();
  const expectedAuth = `Basic ${Buffer.from(`${account.shopId}:${account.secretKey}`).toString("base64")}`;
  let failing: { count: number; status: number } = { count: 0, status: 500 };
  let hanging = 0;
  let baseUrl = "";

  app.addHook("preHandler", async (request, reply) => {
    const key = request.headers["idempotence-key"];
    requests.push({
      method: request.method,
      path: request.url.replace(/^\/v3\//, "").split("?")[0] ?? "",
      idempotenceKey: typeof key === "string" ? key : undefined,
      body: request.body,
    });
    if (hanging > 0) {
      hanging -= 1;
      await new Promise(() => {
        // Never settles: the connection is dropped by the client or by close().
      });
    }
    if (failing.count > 0) {
      failing.count -= 1;
      const code = failing.status === 429 ? "too_many_requests" : "internal_server_error";
      const answer = error(failing.status, code, "Injected failure");
      return reply.code(answer.status).send(answer.body);
    }
    if (request.headers.authorization !== expectedAuth) {
      const answer = error(
        401,
        "invalid_credentials",
        "Authentication by given credentials failed",
      );
      return reply.code(answer.status).send(answer.body);
    }
  });

  /** ЮKassa's rule for POSTs: a key is required, and a repeated key gets the first answer. */
  function idempotentPost(handle: (body: unknown) => Answer) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const key = request.headers["idempotence-key"];
      if (typeof key !== "string" || key === "" || key.length > 64) {
        const answer = error(
          400,
          "invalid_request",
          "Idempotence-Key is required",
          "Idempotence-Key",
        );
        return reply.code(answer.status).send(answer.body);
      }
      const slot = `${request.url} ${key}`;
      const body = JSON.stringify(request.body);
      const seen = idempotent.get(slot);
      if (seen) {
        const answer =
          seen.body === body
            ? seen.answer
            : error(400, "invalid_request", "Idempotence key duplicated with other parameters");
        return reply.code(answer.status).send(answer.body);
      }
      const answer = handle(request.body);
      idempotent.set(slot, { body, answer });
      return reply.code(answer.status).send(answer.body);
    };
  }

  app.post(
    "/v3/payments",
    idempotentPost((raw) => {
      const parsed = createPaymentSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return error(
          400,
          "invalid_request",
          issue?.message ?? "bad request",
          issue?.path.join("."),
        );
      }
      const input = parsed.data;
      if (input.receipt && receiptTotal(input.receipt) !== kopecks(input.amount)) {
        return error(
          400,
          "invalid_request",
          "Receipt items total differs from the amount",
          "receipt",
        );
      }
      const id = randomUUID();
      const payment: FakePayment = {
        id,
        status: "pending",
        paid: false,
        amount: input.amount,
        description: input.description,
        metadata: input.metadata ?? {},
        confirmation: { type: "redirect", confirmation_url: `${baseUrl}pay/${id}` },
        payment_method: { type: input.payment_method_data?.type ?? "bank_card", id, saved: false },
        refundable: false,
        test: true,
        created_at: new Date().toISOString(),
      };
      payments.set(id, payment);
      return { status: 200, body: payment };
    }),
  );

  app.get<{ Params: { id: string } }>("/v3/payments/:id", async (request, reply) => {
    const payment = payments.get(request.params.id);
    const answer = payment
      ? { status: 200, body: payment }
      : error(404, "not_found", "Payment not found or forbidden");
    return reply.code(answer.status).send(answer.body);
  });

  app.post(
    "/v3/refunds",
    idempotentPost((raw) => {
      const parsed = createRefundSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return error(
          400,
          "invalid_request",
          issue?.message ?? "bad request",
          issue?.path.join("."),
        );
      }
      const input = parsed.data;
      const payment = payments.get(input.payment_id);
      if (!payment) return error(404, "not_found", "Payment not found or forbidden");
      if (payment.status !== "succeeded") {
        return error(
          400,
          "invalid_request",
          "Payment is not succeeded, it cannot be refunded",
          "payment_id",
        );
      }
      const left = kopecks(payment.amount) - kopecks(payment.refunded_amount ?? rub(0));
      if (kopecks(input.amount) > left) {
        return error(
          400,
          "invalid_request",
          "Refund amount exceeds the amount left to refund",
          "amount",
        );
      }
      if (input.receipt && receiptTotal(input.receipt) !== kopecks(input.amount)) {
        return error(
          400,
          "invalid_request",
          "Receipt items total differs from the amount",
          "receipt",
        );
      }
      const refund: FakeRefund = {
        id: randomUUID(),
        payment_id: payment.id,
        // Card refunds succeed at once.
        status: "succeeded",
        amount: input.amount,
        description: input.description,
        created_at: new Date().toISOString(),
      };
      refunds.set(refund.id, refund);
      payment.refunded_amount = rub(kopecks(payment.amount) - left + kopecks(input.amount));
      payment.refundable = kopecks(payment.refunded_amount) < kopecks(payment.amount);
      return { status: 200, body: refund };
    }),
  );

  app.get<{ Params: { id: string } }>("/v3/refunds/:id", async (request, reply) => {
    const refund = refunds.get(request.params.id);
    const answer = refund
      ? { status: 200, body: refund }
      : error(404, "not_found", "Refund not found or forbidden");
    return reply.code(answer.status).send(answer.body);
  });

  app.setNotFoundHandler(async (_request, reply) => {
    const answer = error(404, "not_found", "Unknown API path");
    return reply.code(answer.status).send(answer.body);
  });

  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `${address}/v3/`;

  function payment(id: string): FakePayment {
    const found = payments.get(id);
    if (!found) throw new Error(`the fake has no payment ${id}`);
    return found;
  }

  return {
    baseUrl,
    close: () => app.close(),
    payments,
    refunds,
    requests,
    failNext(count, status) {
      failing = { count, status };
    },
    hangNext(count) {
      hanging = count;
    },
    succeed(id) {
      const found = payment(id);
      if (found.status !== "pending") throw new Error(`payment ${id} is ${found.status}`);
      found.status = "succeeded";
      found.paid = true;
      found.refundable = true;
      found.captured_at = new Date().toISOString();
      delete found.confirmation;
      return found;
    },
    cancel(id, reason = "expired_on_confirmation") {
      const found = payment(id);
      if (found.status === "succeeded" || found.status === "canceled") {
        throw new Error(`payment ${id} is ${found.status}`);
      }
      found.status = "canceled";
      found.cancellation_details = { party: "yoo_money", reason };
      delete found.confirmation;
      return found;
    },
    notificationBody(id, event) {
      const object = event.startsWith("refund.") ? refunds.get(id) : payments.get(id);
      if (!object) throw new Error(`the fake has no object ${id} for ${event}`);
      return { type: "notification", event, object: structuredClone(object) };
    },
  };
}
