import { z } from "zod";
import { parseRussianPhone } from "../format/phone.ts";
import { enteredPassword } from "./password.schema.ts";

/** A Russian mobile number as people type it, normalised to E.164. */
export const phoneInputSchema = z
  .string({ error: "Введите номер телефона" })
  .trim()
  .min(1, "Введите номер телефона")
  .transform((value, ctx) => {
    const phone = parseRussianPhone(value);
    if (!phone) {
      ctx.addIssue({
        code: "custom",
        message: "Введите номер мобильного телефона в формате +7 900 000-00-00",
      });
      return z.NEVER;
    }
    return phone;
  });

export const signInRequestSchema = z.object({
  phone: phoneInputSchema,
  password: enteredPassword(),
  remember: z.boolean().default(false),
});
export type SignInRequest = z.input<typeof signInRequestSchema>;
