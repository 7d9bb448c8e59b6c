import { z } from "zod";
import { acceptedDocumentsSchema } from "../identity/legal.schema.ts";
import {
  birthDateInputSchema,
  checkPatronymic,
  personName,
} from "../identity/registration.schema.ts";
import { emailAddress, userText } from "../text.schema.ts";

// The shop's API (issue 15, decision 0023): the programs sold online, orders and their payments.
// Amounts are integer kopecks and come only from the server: no request carries one.

export const programAudienceSchema = z.enum(["adult", "child", "any"]);
export type ProgramAudience = z.infer<typeof programAudienceSchema>;

const isoDateTime = z.iso.datetime({ offset: true });

/** One card of «Купить сертификат». */
export const shopProgramSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    /** What is included, Markdown (rendered with common/contracts/safe-markdown). */
    coverage: z.string(),
    priceKopecks: z.number().int().positive(),
    termMonths: z.number().int().positive(),
    /** «Для кого»: adults (18+ on the start date), children (under 18), anyone. */
    audience: programAudienceSchema,
    /** How many persons one certificate covers (1 or 2). */
    maxPersons: z.union([z.literal(1), z.literal(2)]),
    includesChat: z.boolean(),
  })
  .meta({ id: "ShopProgram" });
export type ShopProgram = z.infer<typeof shopProgramSchema>;

export const shopProgramListSchema = z
  .object({ programs: z.array(shopProgramSchema) })
  .meta({ id: "ShopProgramList" });
export type ShopProgramList = z.infer<typeof shopProgramListSchema>;

/** The start date's rules (tomorrow to 30 days ahead, ages): common/shop/certificate-terms.ts. */
export { START_DAYS_AHEAD as CERTIFICATE_START_DAYS_AHEAD } from "./certificate-terms.ts";

export const shopProgramParamsSchema = z.object({
  id: z.uuid("Неверный идентификатор программы"),
});

/** A person the certificate will cover, as typed at checkout. */
export const checkoutPersonSchema = z
  .object({
    lastName: personName("Введите фамилию", "Фамилия может содержать только буквы, дефис и пробел"),
    firstName: personName("Введите имя", "Имя может содержать только буквы, дефис и пробел"),
    patronymic: userText({ max: 100 }).default(""),
    noPatronymic: z.boolean().default(false),
    birthDate: birthDateInputSchema,
  })
  .superRefine(checkPatronymic);
export type CheckoutPersonInput = z.input<typeof checkoutPersonSchema>;

/**
 * «Перейти к оплате» for a certificate. `checkoutKey` is made once per form: sending it twice
 * (a double click, a retry) gives the same order. The start date is `dd.mm.yyyy` or ISO.
 */
export const certificateOrderRequestSchema = z
  .object({
    kind: z.literal("certificate"),
    checkoutKey: z.uuid(),
    programId: z.uuid("Выберите программу"),
    persons: z
      .array(checkoutPersonSchema)
      .min(1, "Укажите пациента")
      .max(2, "Не больше двух пациентов"),
    startsOn: z.string({ error: "Выберите дату начала" }).trim().min(1, "Выберите дату начала"),
    receiptEmail: emailAddress(),
    /** The offer agreement's version the client saw and accepted. */
    acceptedDocuments: acceptedDocumentsSchema,
    method: z.enum(["bank_card", "sbp"]).default("bank_card"),
  })
  .strict();
export type CertificateOrderRequest = z.input<typeof certificateOrderRequestSchema>;

/**
 * «Оплатить и записаться»: a time the program does not cover, at the company's price (the
 * server's, from the slot's clinic and service). The time is held for the person until paid.
 */
export const visitOrderRequestSchema = z
  .object({
    kind: z.literal("visit"),
    checkoutKey: z.uuid(),
    personId: z.uuid("Выберите, кого записать"),
    slotId: z.uuid("Выберите время"),
    receiptEmail: emailAddress(),
    acceptedDocuments: acceptedDocumentsSchema,
    method: z.enum(["bank_card", "sbp"]).default("bank_card"),
  })
  .strict();
export type VisitOrderRequest = z.input<typeof visitOrderRequestSchema>;

export const orderRequestSchema = z.discriminatedUnion("kind", [
  certificateOrderRequestSchema,
  visitOrderRequestSchema,
]);
export type OrderRequest = z.input<typeof orderRequestSchema>;

export const orderKindSchema = z.enum(["certificate", "visit"]);
export const orderStatusSchema = z.enum([
  "awaiting_payment",
  "paid",
  "cancelled",
  "partially_refunded",
  "refunded",
]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;
export const paymentMethodSchema = z.enum(["bank_card", "sbp"]);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

export const orderIdParamsSchema = z.object({ id: z.uuid("Неверный идентификатор заказа") });

export const paymentAttemptRequestSchema = z
  .object({ method: paymentMethodSchema.default("bank_card") })
  .strict();

/** What «Перейти к оплате» answers: where to send the browser. */
export const paymentRedirectSchema = z
  .object({ orderId: z.uuid(), confirmationUrl: z.string() })
  .meta({ id: "PaymentRedirect" });
export type PaymentRedirect = z.infer<typeof paymentRedirectSchema>;

export const orderAttemptSchema = z.object({
  method: paymentMethodSchema,
  status: z.enum(["creating", "pending", "succeeded", "canceled", "superseded"]),
  createdAt: isoDateTime,
  succeededAt: isoDateTime.nullable(),
});

export const orderRefundSchema = z.object({
  amountKopecks: z.number().int().positive(),
  status: z.enum(["creating", "pending", "succeeded", "canceled"]),
  createdAt: isoDateTime,
  succeededAt: isoDateTime.nullable(),
});

/** One order in «Мои платежи» and on the return page. */
export const orderSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    kind: orderKindSchema,
    status: orderStatusSchema,
    /** «Сертификат «Вызов врача+», 12 мес.» */
    description: z.string(),
    totalKopecks: z.number().int(),
    paidKopecks: z.number().int(),
    refundedKopecks: z.number().int(),
    receiptEmail: z.string(),
    createdAt: isoDateTime,
    expiresAt: isoDateTime,
    paidAt: isoDateTime.nullable(),
    /** The certificate issued for it, once fulfilled. */
    contract: z.object({ id: z.uuid(), number: z.string() }).nullable(),
    /** The visit it pays for: held until paid, then confirmed. */
    appointment: z
      .object({ id: z.uuid(), status: z.string(), startsAt: isoDateTime.nullable() })
      .nullable(),
    attempts: z.array(orderAttemptSchema),
    refunds: z.array(orderRefundSchema),
    /** «Оплатить» again: the order still awaits payment and has not expired. */
    canPay: z.boolean(),
    /** «Вернуть деньги»: the rules allow the client's own refund now. */
    canRefund: z.boolean(),
  })
  .meta({ id: "Order" });
export type Order = z.infer<typeof orderSchema>;

export const orderListSchema = z.object({ orders: z.array(orderSchema) }).meta({ id: "OrderList" });
export type OrderList = z.infer<typeof orderListSchema>;

/** The public check of a «Направление»: its number (the order's) and the patient's birth date. */
export const referralVerificationRequestSchema = z
  .object({
    number: z
      .string({ error: "Введите номер направления" })
      .trim()
      .regex(/^\d{1,12}$/, "Номер направления — только цифры"),
    birthDate: birthDateInputSchema,
  })
  .meta({ id: "ReferralVerificationRequest" });
export type ReferralVerificationRequest = z.input<typeof referralVerificationRequestSchema>;

/** Only whether the paid visit is valid, and when it is, where, what and when. */
export const referralVerificationResultSchema = z
  .discriminatedUnion("valid", [
    z.object({
      valid: z.literal(true),
      clinicName: z.string(),
      serviceName: z.string(),
      startsAt: isoDateTime,
    }),
    z.object({ valid: z.literal(false) }),
  ])
  .meta({ id: "ReferralVerificationResult" });
export type ReferralVerificationResult = z.infer<typeof referralVerificationResultSchema>;
