import { z } from "zod";
import { parseRubles } from "../contracts/programs.schema.ts";
import { userText } from "../text.schema.ts";
import { orderKindSchema, orderStatusSchema, paymentMethodSchema } from "./shop.schema.ts";

// «Заказы и платежи» in the staff console (issue 15, decision 0023 §7): operators and admins read,
// only admins refund and export. Dates are Moscow calendar dates, `yyyy-mm-dd`.
//
//   GET  /api/staff/orders?q&status&from&to&page   → staffOrderSearchResultSchema
//   GET  /api/staff/orders/totals?date             → staffOrderTotalsSchema
//   GET  /api/staff/orders/export.xlsx?from&to     → the XLSX (admins)
//   GET  /api/staff/orders/:id                     → staffOrderCardSchema
//   POST /api/staff/orders/:id/refund              → staffOrderCardSchema (admins)

export const STAFF_ORDERS_PAGE = 25;
/** The longest range one export covers. */
export const EXPORT_MAX_DAYS = 366;

const DATE_MESSAGE = "Укажите дату в формате ГГГГ-ММ-ДД";
const moscowDate = z.iso.date(DATE_MESSAGE);
/** A filter left empty in the form arrives as `?from=`: the same as none. */
const optionalDate = z.union([z.literal(""), moscowDate]).optional();

/** Whole days from `from` to `to` (calendar dates, no time zone involved). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const staffOrderSearchQuerySchema = z
  .object({
    /** A phone in any format, a client's surname (and name), «100123», a provider payment id. */
    q: z.union([z.literal(""), userText({ max: 200 })]).optional(),
    status: z
      .union([z.literal(""), orderStatusSchema], { error: "Выберите статус из списка" })
      .optional(),
    from: optionalDate,
    to: optionalDate,
    page: z.coerce
      .number({ error: "Номер страницы — целое число" })
      .int("Номер страницы — целое число")
      .min(1, "Номер страницы — не меньше 1")
      .max(10_000, "Слишком далёкая страница")
      .default(1),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "Дата «по» раньше даты «с»" });
    }
  });
export type StaffOrderSearchQuery = z.input<typeof staffOrderSearchQuerySchema>;

const moment = z.iso.datetime({ offset: true });

export const staffOrderClientSchema = z.object({
  id: z.uuid(),
  fullName: z.string(),
  phone: z.string(),
  email: z.string(),
});

export const staffOrderRowSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    createdAt: moment,
    kind: orderKindSchema,
    status: orderStatusSchema,
    /** What was bought: the item's description. */
    description: z.string(),
    client: z.object({ id: z.uuid(), fullName: z.string(), phone: z.string() }),
    totalKopecks: z.number().int(),
    paidKopecks: z.number().int(),
    refundedKopecks: z.number().int(),
  })
  .meta({ id: "StaffOrderRow" });
export type StaffOrderRow = z.infer<typeof staffOrderRowSchema>;

export const staffOrderSearchResultSchema = z
  .object({
    /** What the text was read as. */
    matchedBy: z.array(z.enum(["number", "phone", "name", "payment"])),
    orders: z.array(staffOrderRowSchema),
    page: z.number().int(),
    hasMore: z.boolean(),
  })
  .meta({ id: "StaffOrderSearchResult" });
export type StaffOrderSearchResult = z.infer<typeof staffOrderSearchResultSchema>;

const attemptStatusSchema = z.enum(["creating", "pending", "succeeded", "canceled", "superseded"]);
const refundStatusSchema = z.enum(["creating", "pending", "succeeded", "canceled"]);
export const refundKindSchema = z.enum([
  "cancellation",
  "client",
  "admin",
  "late_payment",
  "double_payment",
]);
export const notificationOutcomeSchema = z.enum([
  "applied",
  "no_change",
  "refused_source",
  "unparseable",
  "unknown_object",
  "fetch_failed",
]);
export const orderEventKindSchema = z.enum([
  "created",
  "attempt_created",
  "paid",
  "fulfilled",
  "expired",
  "cancelled",
  "refund_requested",
  "refund_succeeded",
  "refund_failed",
  "late_payment",
]);
export const orderActorKindSchema = z.enum(["client", "staff", "system", "provider"]);

export const staffOrderNotificationSchema = z.object({
  id: z.uuid(),
  receivedAt: moment,
  sourceIp: z.string(),
  sourceAllowed: z.boolean(),
  event: z.string().nullable(),
  outcome: notificationOutcomeSchema,
  /** The body as it came, pretty-printed JSON (it holds no card data). */
  body: z.string(),
});
export type StaffOrderNotification = z.infer<typeof staffOrderNotificationSchema>;

export const staffOrderAttemptSchema = z.object({
  id: z.uuid(),
  provider: z.string(),
  providerPaymentId: z.string().nullable(),
  method: paymentMethodSchema,
  amountKopecks: z.number().int(),
  status: attemptStatusSchema,
  createdAt: moment,
  succeededAt: moment.nullable(),
  cancellationReason: z.string().nullable(),
  notifications: z.array(staffOrderNotificationSchema),
});
export type StaffOrderAttempt = z.infer<typeof staffOrderAttemptSchema>;

export const staffOrderEventSchema = z.object({
  id: z.uuid(),
  at: moment,
  kind: orderEventKindSchema,
  fromStatus: orderStatusSchema.nullable(),
  toStatus: orderStatusSchema.nullable(),
  actorKind: orderActorKindSchema,
  /** The staff member's or client's name, when the actor was one. */
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
});
export type StaffOrderEvent = z.infer<typeof staffOrderEventSchema>;

export const staffOrderRefundSchema = z.object({
  id: z.uuid(),
  amountKopecks: z.number().int(),
  status: refundStatusSchema,
  kind: refundKindSchema,
  reason: z.string().nullable(),
  staffName: z.string().nullable(),
  providerRefundId: z.string().nullable(),
  createdAt: moment,
  succeededAt: moment.nullable(),
});
export type StaffOrderRefund = z.infer<typeof staffOrderRefundSchema>;

export const staffOrderItemSchema = z.object({
  id: z.uuid(),
  kind: orderKindSchema,
  description: z.string(),
  quantity: z.number().int(),
  unitKopecks: z.number().int(),
  amountKopecks: z.number().int(),
});

export const staffOrderCardSchema = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    kind: orderKindSchema,
    status: orderStatusSchema,
    createdAt: moment,
    paidAt: moment.nullable(),
    expiresAt: moment,
    receiptEmail: z.string(),
    client: staffOrderClientSchema,
    items: z.array(staffOrderItemSchema),
    totalKopecks: z.number().int(),
    paidKopecks: z.number().int(),
    refundedKopecks: z.number().int(),
    /** What an admin may still return: paid − refunded − refunds in flight. */
    refundableKopecks: z.number().int(),
    /** The certificate issued for the order. */
    contract: z.object({ id: z.uuid(), number: z.string(), annulled: z.boolean() }).nullable(),
    events: z.array(staffOrderEventSchema),
    attempts: z.array(staffOrderAttemptSchema),
    refunds: z.array(staffOrderRefundSchema),
  })
  .meta({ id: "StaffOrderCard" });
export type StaffOrderCard = z.infer<typeof staffOrderCardSchema>;

export const staffOrderTotalsQuerySchema = z.object({ date: moscowDate.optional() });

export const staffOrderTotalsSchema = z
  .object({
    date: z.iso.date(),
    paidKopecks: z.number().int(),
    paidCount: z.number().int(),
    refundedKopecks: z.number().int(),
    refundedCount: z.number().int(),
    netKopecks: z.number().int(),
  })
  .meta({ id: "StaffOrderTotals" });
export type StaffOrderTotals = z.infer<typeof staffOrderTotalsSchema>;

export const REFUND_REASON_REQUIRED = "Укажите причину возврата";

/** «Вернуть»: the amount in kopecks (no more than is left: the server checks it, locked). */
export const staffRefundRequestSchema = z
  .object({
    amountKopecks: z
      .number({ error: "Укажите сумму возврата" })
      .int("Сумма — в копейках, целым числом")
      .positive("Сумма возврата должна быть больше нуля")
      .max(1_000_000_000, "Проверьте сумму"),
    reason: userText({ max: 500, min: 3, required: REFUND_REASON_REQUIRED }),
    annulCertificate: z.boolean().default(false),
  })
  .strict();
export type StaffRefundRequest = z.input<typeof staffRefundRequestSchema>;

/** The refund dialog: the amount typed in roubles. */
export const staffRefundFormSchema = z
  .object({
    amountRubles: z.string().trim(),
    reason: userText({ max: 500, min: 3, required: REFUND_REASON_REQUIRED }),
    annulCertificate: z.boolean(),
  })
  .transform((value, ctx): z.output<typeof staffRefundRequestSchema> => {
    const amountKopecks = parseRubles(value.amountRubles);
    if (amountKopecks === null || amountKopecks <= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["amountRubles"],
        message:
          value.amountRubles === ""
            ? "Укажите сумму возврата"
            : "Сумма — в рублях больше нуля, например 900 или 900,50",
      });
      return z.NEVER;
    }
    return { amountKopecks, reason: value.reason, annulCertificate: value.annulCertificate };
  });
export type StaffRefundForm = z.input<typeof staffRefundFormSchema>;

export const staffOrderExportQuerySchema = z
  .object({ from: moscowDate, to: moscowDate })
  .superRefine((value, ctx) => {
    if (value.from > value.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "Дата «по» раньше даты «с»" });
    } else if (daysBetween(value.from, value.to) + 1 > EXPORT_MAX_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `Выгрузка — не больше чем за ${EXPORT_MAX_DAYS} дней`,
      });
    }
  });
export type StaffOrderExportQuery = z.input<typeof staffOrderExportQuerySchema>;
