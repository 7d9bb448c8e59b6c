import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeYookassa, startFakeYookassa } from "../../../test/fake-yookassa.ts";
import {
  type CreatePaymentInput,
  type PaymentProvider,
  PaymentProviderError,
  type Receipt,
} from "../payment-provider.ts";
import { YOOKASSA_NOTIFY_CIDRS } from "../payments-config.ts";
import { createYookassaPaymentProvider, type YookassaConfig } from "./yookassa-payment-provider.ts";

const account = { shopId: "123456", secretKey: "test_secret-key-never-logged" };

let fake: FakeYookassa;
let config: YookassaConfig;
const logged: unknown[] = [];
const log = {
  warn: (...args: unknown[]) => logged.push(args),
  error: (...args: unknown[]) => logged.push(args),
};

function provider(overrides: Partial<YookassaConfig> = {}, timeoutMs = 2000): PaymentProvider {
  return createYookassaPaymentProvider(
    { ...config, ...overrides },
    { retryDelaysMs: [5, 10, 20], timeoutMs, log },
  );
}

/** What the provider logged, errors with their messages and causes. */
function loggedText(): string {
  return inspect(logged, { depth: 10 });
}

function receipt(amountKopecks: number): Receipt {
  return {
    customer: { email: "buyer@example.ru" },
    items: [
      {
        description: "Сертификат «Вызов врача+», 12 мес.",
        quantity: 1,
        amountKopecks,
        vatCode: 1,
        paymentSubject: "service",
        paymentMode: "full_payment",
      },
    ],
  };
}

function paymentInput(overrides: Partial<CreatePaymentInput> = {}): CreatePaymentInput {
  const orderId = randomUUID();
  const attemptId = randomUUID();
  return {
    idempotenceKey: attemptId,
    amountKopecks: 290_000,
    description: "Заказ № 100123",
    returnUrl: `https://lk.example.ru/cabinet/orders/${orderId}/return`,
    method: "bank_card",
    receipt: receipt(290_000),
    metadata: { orderId, attemptId },
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<PaymentProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof PaymentProviderError)) {
    throw new Error(`expected a PaymentProviderError, got ${error}`);
  }
  return error;
}

function paymentRequests() {
  return fake.requests.filter(
    (request) => request.method === "POST" && request.path === "payments",
  );
}

beforeAll(async () => {
  fake = await startFakeYookassa(account);
  config = {
    provider: "yookassa",
    ...account,
    baseUrl: fake.baseUrl,
    vatCode: 1,
    taxSystemCode: undefined,
    notifyCidrs: YOOKASSA_NOTIFY_CIDRS,
  };
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  logged.length = 0;
});

describe("the ЮKassa provider", () => {
  it("creates a pending payment and returns where to send the payer", async () => {
    const input = paymentInput();

    const payment = await provider().createPayment(input);

    expect(payment).toEqual({
      id: expect.any(String),
      status: "pending",
      amountKopecks: 290_000,
      confirmationUrl: `${fake.baseUrl}pay/${payment.id}`,
      method: "bank_card",
      cancellationReason: null,
      metadata: { orderId: input.metadata.orderId, attemptId: input.metadata.attemptId },
    });
    expect(fake.payments.get(payment.id)?.status).toBe("pending");
  });

  it("sends the body of decision 0023 §3 with the attempt's key", async () => {
    const input = paymentInput({ method: "sbp" });

    await provider({ taxSystemCode: 2 }).createPayment(input);

    const [request] = paymentRequests();
    expect(request?.idempotenceKey).toBe(input.idempotenceKey);
    expect(request?.body).toEqual({
      amount: { value: "2900.00", currency: "RUB" },
      capture: true,
      confirmation: { type: "redirect", return_url: input.returnUrl },
      payment_method_data: { type: "sbp" },
      description: "Заказ № 100123",
      metadata: { order_id: input.metadata.orderId, attempt_id: input.metadata.attemptId },
      receipt: {
        customer: { email: "buyer@example.ru" },
        items: [
          {
            description: "Сертификат «Вызов врача+», 12 мес.",
            quantity: "1",
            amount: { value: "2900.00", currency: "RUB" },
            vat_code: 1,
            payment_subject: "service",
            payment_mode: "full_payment",
          },
        ],
        tax_system_code: 2,
      },
    });
  });

  it("leaves tax_system_code out when none is configured and cuts a long description to 128 characters", async () => {
    await provider().createPayment(paymentInput({ description: "Я".repeat(200) }));

    const body = paymentRequests()[0]?.body as { description: string; receipt: object };
    expect(body.description).toHaveLength(128);
    expect(body.receipt).not.toHaveProperty("tax_system_code");
  });

  it("answers the same key twice with one payment", async () => {
    const input = paymentInput();
    const before = fake.payments.size;

    const first = await provider().createPayment(input);
    const second = await provider().createPayment(input);

    expect(second.id).toBe(first.id);
    expect(fake.payments.size).toBe(before + 1);
  });

  it("retries two 5xx answers with the same key and body, and makes one payment", async () => {
    const input = paymentInput();
    const before = fake.payments.size;
    fake.failNext(2, 500);

    const payment = await provider().createPayment(input);

    expect(payment.status).toBe("pending");
    expect(fake.payments.size).toBe(before + 1);
    const sent = paymentRequests();
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((request) => request.idempotenceKey))).toEqual(
      new Set([input.idempotenceKey]),
    );
    expect(new Set(sent.map((request) => JSON.stringify(request.body))).size).toBe(1);
  });

  it("gives up after three retries with a retryable error", async () => {
    fake.failNext(4, 503);

    const error = await failure(provider().createPayment(paymentInput()));

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/HTTP 503/);
    expect(paymentRequests()).toHaveLength(4);
    expect(loggedText()).toMatch(/retrying with the same key/);
    expect(loggedText()).not.toContain(account.secretKey);
  });

  it("retries a 429 (too many requests), which the same key makes safe", async () => {
    fake.failNext(1, 429);

    const payment = await provider().createPayment(paymentInput());

    expect(payment.status).toBe("pending");
    expect(paymentRequests()).toHaveLength(2);
  });

  it("retries a request that gets no answer in time", async () => {
    fake.hangNext(1);

    const payment = await provider({}, 300).createPayment(paymentInput());

    expect(payment.status).toBe("pending");
    expect(paymentRequests()).toHaveLength(2);
  });

  it("does not retry a 4xx and gives ЮKassa's description, never the secret key", async () => {
    // The receipt's total differs from the payment's amount.
    const error = await failure(
      provider().createPayment(paymentInput({ receipt: receipt(100_000) })),
    );

    expect(error.retryable).toBe(false);
    expect(error.notFound).toBe(false);
    expect(error.message).toMatch(/HTTP 400: invalid_request Receipt items total differs/);
    expect(paymentRequests()).toHaveLength(1);
    expect(loggedText()).toMatch(/Receipt items total differs/);
    expect(loggedText()).not.toContain(account.secretKey);
  });

  it("is refused with wrong credentials", async () => {
    const error = await failure(
      provider({ secretKey: "test_wrong" }).createPayment(paymentInput()),
    );

    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/HTTP 401: invalid_credentials/);
    expect(error.message).not.toContain("test_wrong");
  });

  it("fails as retryable when nothing listens at the address", async () => {
    const gone = await startFakeYookassa(account);
    await gone.close();

    const error = await failure(provider({ baseUrl: gone.baseUrl }).getPayment(randomUUID()));

    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/unreachable/);
  });

  it("fetches a payment after it succeeded or was cancelled", async () => {
    const paid = await provider().createPayment(paymentInput());
    const unpaid = await provider().createPayment(paymentInput());
    fake.succeed(paid.id);
    fake.cancel(unpaid.id, "insufficient_funds");

    expect(await provider().getPayment(paid.id)).toMatchObject({
      id: paid.id,
      status: "succeeded",
      amountKopecks: 290_000,
      confirmationUrl: null,
    });
    expect(await provider().getPayment(unpaid.id)).toMatchObject({
      status: "canceled",
      cancellationReason: "insufficient_funds",
      confirmationUrl: null,
    });
  });

  it("returns waiting_for_capture as it is, with a warning", async () => {
    const payment = await provider().createPayment(paymentInput());
    const held = fake.payments.get(payment.id);
    if (held) held.status = "waiting_for_capture";

    expect((await provider().getPayment(payment.id)).status).toBe("waiting_for_capture");
    expect(loggedText()).toMatch(/waiting_for_capture/);
  });

  it("says notFound for an unknown payment or refund", async () => {
    const missingPayment = await failure(provider().getPayment(randomUUID()));
    const missingRefund = await failure(provider().getRefund(randomUUID()));

    for (const error of [missingPayment, missingRefund]) {
      expect(error.notFound).toBe(true);
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(/HTTP 404: not_found/);
    }
  });

  it("refunds part of a payment and then the rest, each with its receipt and key", async () => {
    const payment = await provider().createPayment(paymentInput());
    fake.succeed(payment.id);
    const partKey = randomUUID();

    const part = await provider().createRefund({
      idempotenceKey: partKey,
      providerPaymentId: payment.id,
      amountKopecks: 90_000,
      receipt: receipt(90_000),
      description: "Возврат по заказу № 100123",
    });
    const rest = await provider().createRefund({
      idempotenceKey: randomUUID(),
      providerPaymentId: payment.id,
      amountKopecks: 200_000,
      receipt: receipt(200_000),
    });

    expect(part).toEqual({
      id: expect.any(String),
      paymentId: payment.id,
      status: "succeeded",
      amountKopecks: 90_000,
    });
    expect(rest.amountKopecks).toBe(200_000);
    expect(await provider().getRefund(part.id)).toEqual(part);
    const refundRequests = fake.requests.filter((request) => request.path === "refunds");
    expect(refundRequests[0]?.idempotenceKey).toBe(partKey);
    expect(refundRequests[0]?.body).toEqual({
      payment_id: payment.id,
      amount: { value: "900.00", currency: "RUB" },
      description: "Возврат по заказу № 100123",
      receipt: {
        customer: { email: "buyer@example.ru" },
        items: [
          expect.objectContaining({ quantity: "1", amount: { value: "900.00", currency: "RUB" } }),
        ],
      },
    });
  });

  it("refunds a whole payment once for a repeated key", async () => {
    const payment = await provider().createPayment(paymentInput());
    fake.succeed(payment.id);
    const input = {
      idempotenceKey: randomUUID(),
      providerPaymentId: payment.id,
      amountKopecks: 290_000,
      receipt: receipt(290_000),
    };

    const first = await provider().createRefund(input);
    const again = await provider().createRefund(input);

    expect(again.id).toBe(first.id);
    expect(fake.payments.get(payment.id)?.refunded_amount?.value).toBe("2900.00");
  });

  it("is refused a refund over what is left and a refund of an unpaid payment", async () => {
    const payment = await provider().createPayment(paymentInput());
    const unpaidRefund = await failure(
      provider().createRefund({
        idempotenceKey: randomUUID(),
        providerPaymentId: payment.id,
        amountKopecks: 290_000,
        receipt: receipt(290_000),
      }),
    );
    fake.succeed(payment.id);
    const tooMuch = await failure(
      provider().createRefund({
        idempotenceKey: randomUUID(),
        providerPaymentId: payment.id,
        amountKopecks: 290_001,
        receipt: receipt(290_001),
      }),
    );

    expect(unpaidRefund.retryable).toBe(false);
    expect(unpaidRefund.message).toMatch(/not succeeded/);
    expect(tooMuch.retryable).toBe(false);
    expect(tooMuch.message).toMatch(/exceeds the amount left/);
  });

  it("accepts a notification from ЮKassa's ranges and claims the payment or the refund", async () => {
    const payment = await provider().createPayment(paymentInput());
    fake.succeed(payment.id);
    const refund = await provider().createRefund({
      idempotenceKey: randomUUID(),
      providerPaymentId: payment.id,
      amountKopecks: 1000,
      receipt: receipt(1000),
    });

    expect(
      provider().checkNotification({
        body: fake.notificationBody(payment.id, "payment.succeeded"),
        sourceIp: "185.71.76.5",
      }),
    ).toEqual({
      accepted: true,
      claim: { kind: "payment", providerPaymentId: payment.id, event: "payment.succeeded" },
    });
    expect(
      provider().checkNotification({
        body: fake.notificationBody(refund.id, "refund.succeeded"),
        sourceIp: "::ffff:77.75.153.10",
      }),
    ).toEqual({
      accepted: true,
      claim: { kind: "refund", providerRefundId: refund.id, event: "refund.succeeded" },
    });
  });

  it("refuses a notification from elsewhere and one of another shape", async () => {
    const payment = await provider().createPayment(paymentInput());
    const body = fake.notificationBody(payment.id, "payment.canceled");

    expect(provider().checkNotification({ body, sourceIp: "203.0.113.7" })).toEqual({
      accepted: false,
      reason: "source_not_allowed",
    });
    for (const bad of [
      null,
      "payment.succeeded",
      { ...body, type: "event" },
      { ...body, event: "payout.succeeded" },
      { ...body, object: {} },
      { type: "notification", event: "payment.succeeded" },
    ]) {
      expect(provider().checkNotification({ body: bad, sourceIp: "185.71.77.1" })).toEqual({
        accepted: false,
        reason: "unparseable",
      });
    }
  });
});
