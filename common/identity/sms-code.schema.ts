import { z } from "zod";
import { phoneInputSchema } from "./sign-in.schema.ts";

export const SMS_CODE_LENGTH = 6;

/** «Выслать код»: for registration or for password recovery. */
export const smsCodeRequestSchema = z.object({ phone: phoneInputSchema });
export type SmsCodeRequest = z.input<typeof smsCodeRequestSchema>;

/** The same answer whether or not the phone is registered (no enumeration). */
export const smsCodeSentSchema = z
  .object({
    /** Seconds before «Выслать код» may be pressed again. */
    resendAfterSeconds: z.number().int(),
    /** Seconds the code stays valid. */
    expiresInSeconds: z.number().int(),
  })
  .meta({ id: "SmsCodeSent" });
export type SmsCodeSent = z.infer<typeof smsCodeSentSchema>;

export const smsCodeSchema = z
  .string({ error: "Введите код из SMS" })
  .trim()
  .regex(/^\d{6}$/, "Введите 6 цифр кода из SMS");

export const verifyCodeRequestSchema = z.object({ phone: phoneInputSchema, code: smsCodeSchema });
export type VerifyCodeRequest = z.input<typeof verifyCodeRequestSchema>;

/** A confirmed phone: the ticket lets the next step (registration or a new password) go on. */
export const verifiedPhoneSchema = z
  .object({
    ticket: z.string(),
    phone: z.string(),
    /** Seconds the ticket stays valid. */
    expiresInSeconds: z.number().int(),
  })
  .meta({ id: "VerifiedPhone" });
export type VerifiedPhone = z.infer<typeof verifiedPhoneSchema>;
