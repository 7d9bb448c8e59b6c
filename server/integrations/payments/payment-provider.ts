// The payment provider behind the shop (issue 15, decision 0023): the embedded sandbox or ЮKassa,
// chosen by configuration. The shop never believes a provider's notification: it asks the provider
// for the object again (getPayment / getRefund) before anything changes.

export type PaymentMethod = "bank_card" | "sbp";
export type ProviderPaymentStatus = "pending" | "waiting_for_capture" | "succeeded" | "canceled";

/** One line of the 54-FZ receipt. */
export interface ReceiptItem {
  /** ≤ 128 characters: «Сертификат «Вызов врача+», 12 мес.». */
  description: string;
  quantity: number;
  /** Per unit. */
  amountKopecks: number;
  /** From configuration (PAYMENTS_VAT_CODE). */
  vatCode: number;
  paymentSubject: "service";
  paymentMode: "full_payment";
}

export interface Receipt {
  /** The e-mail, or the phone in E.164. */
  customer: { email: string } | { phone: string };
  items: ReceiptItem[];
}

export interface CreatePaymentInput {
  /** The attempt's uuid, the same on every retry: the provider answers a retry with the same payment. */
  idempotenceKey: string;
  amountKopecks: number;
  /** «Заказ № 100123». */
  description: string;
  /** Where the payer comes back: <origin>/cabinet/orders/<id>/return. */
  returnUrl: string;
  method: PaymentMethod;
  receipt: Receipt;
  metadata: { orderId: string; attemptId: string };
}

export interface ProviderPayment {
  id: string;
  status: ProviderPaymentStatus;
  amountKopecks: number;
  /** Where to send the payer, while the payment is pending. */
  confirmationUrl: string | null;
  method: PaymentMethod | null;
  cancellationReason: string | null;
  metadata: Record<string, string>;
}

export interface CreateRefundInput {
  /** The refund row's uuid. */
  idempotenceKey: string;
  providerPaymentId: string;
  /** Full or part of the payment. */
  amountKopecks: number;
  /** Always sent: a partial refund needs one, a full one may carry it. */
  receipt: Receipt;
  description?: string;
}

export interface ProviderRefund {
  id: string;
  paymentId: string;
  status: "pending" | "succeeded" | "canceled";
  amountKopecks: number;
}

/** What a notification claims; nothing is changed on its word: the caller fetches the object. */
export type NotificationClaim =
  | { kind: "payment"; providerPaymentId: string; event: string }
  | { kind: "refund"; providerRefundId: string; event: string };

export type NotificationCheck =
  | { accepted: true; claim: NotificationClaim }
  | { accepted: false; reason: "source_not_allowed" | "unparseable" };

export type PaymentProviderName = "sandbox" | "yookassa";

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  createPayment(input: CreatePaymentInput): Promise<ProviderPayment>;
  getPayment(providerPaymentId: string): Promise<ProviderPayment>;
  createRefund(input: CreateRefundInput): Promise<ProviderRefund>;
  getRefund(providerRefundId: string): Promise<ProviderRefund>;
  /** The source address against the configured CIDRs, then the body's shape. */
  checkNotification(input: { body: unknown; sourceIp: string }): NotificationCheck;
}

/**
 * A provider call that failed. retryable: a network error, a timeout or a 5xx (try again with the
 * same key); not retryable: a 4xx (the request itself is wrong). notFound: the provider has no
 * such object (a forged notification's id).
 */
export class PaymentProviderError extends Error {
  override name = "PaymentProviderError";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly notFound = false,
  ) {
    super(message);
  }
}

export type PaymentsConfig =
  | { provider: "sandbox"; vatCode: number; notifyCidrs: string[]; sandbox: SandboxOptions }
  | {
      provider: "yookassa";
      shopId: string;
      secretKey: string;
      baseUrl: string;
      vatCode: number;
      taxSystemCode: number | undefined;
      notifyCidrs: string[];
    };

export interface SandboxOptions {
  /** PAYMENTS_SANDBOX_NOTIFY_DELAY_SECONDS: how late the first notification comes (0). */
  notifyDelaySeconds: number;
  /** PAYMENTS_SANDBOX_SBP_REFUND_SECONDS: how long an SBP refund stays pending (30). */
  sbpRefundSeconds: number;
}
