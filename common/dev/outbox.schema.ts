import { z } from "zod";
import { parseRussianPhone } from "../format/phone.ts";

const PHONE_MESSAGE = "Введите номер мобильного телефона в формате +7 900 000-00-00";
const EMAIL_MESSAGE = "Введите адрес электронной почты, например name@example.ru";

// Query strings carry empty fields from a form as "", which means "not given".
const phoneFilter = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === "") return undefined;
    const phone = parseRussianPhone(value);
    if (!phone) {
      ctx.addIssue({ code: "custom", message: PHONE_MESSAGE });
      return z.NEVER;
    }
    return phone;
  })
  .meta({ description: "Телефон в любом привычном виде: +7 926 111-11-11, 89261111111…" });

const emailFilter = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const email = value?.trim().toLowerCase();
    if (!email) return undefined;
    if (!z.email().safeParse(email).success) {
      ctx.addIssue({ code: "custom", message: EMAIL_MESSAGE });
      return z.NEVER;
    }
    return email;
  })
  .meta({ description: "Адрес электронной почты" });

/** Whose messages the /dev/outbox page shows: one phone, one e-mail address, or everyone's. */
export const outboxPageFilterSchema = z
  .object({ phone: phoneFilter, email: emailFilter })
  .refine((filter) => !(filter.phone && filter.email), {
    message: "Укажите что-то одно: телефон или e-mail.",
  });
export type OutboxFilter = z.output<typeof outboxPageFilterSchema>;

/** GET /api/dev/outbox: exactly one of `phone` and `email`. */
export const outboxQuerySchema = outboxPageFilterSchema.refine(
  (filter) => Boolean(filter.phone || filter.email),
  { message: "Укажите телефон (phone) или e-mail (email), чьи сообщения показать." },
);

/** One message that the outbox provider stored instead of sending. */
export const outboxMessageSchema = z
  .object({
    /** E.164 phone for SMS, lower-cased address for e-mail. */
    to: z.string(),
    /** The SMS text or the letter's body. */
    text: z.string(),
    /** E-mail only. */
    subject: z.string().optional(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "OutboxMessage" });

export const outboxMessagesSchema = z.array(outboxMessageSchema);
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
