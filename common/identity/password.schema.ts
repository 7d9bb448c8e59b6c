import { z } from "zod";
import { isCleanText } from "../text.schema.ts";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * A new password as the browser can check it. The server also refuses the 10,000 most common
 * passwords and the account's own phone number, answering on the same field.
 */
export const newPasswordSchema = z
  .string({ error: "Придумайте пароль" })
  .min(1, "Придумайте пароль")
  .min(PASSWORD_MIN_LENGTH, `Пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов`)
  .max(PASSWORD_MAX_LENGTH, `Пароль должен быть не длиннее ${PASSWORD_MAX_LENGTH} символов`)
  .refine((password) => isCleanText(password), "Пароль может содержать только печатные символы");

/**
 * A password as typed to sign in or to confirm one. A NUL and a lone surrogate are refused (no
 * keyboard makes them; a lone surrogate would be hashed as «�»); other characters are left to the
 * comparison, so that no existing password stops working.
 */
export function enteredPassword(required = "Введите пароль") {
  return z
    .string({ error: required })
    .min(1, required)
    .max(PASSWORD_MAX_LENGTH, `Пароль должен быть не длиннее ${PASSWORD_MAX_LENGTH} символов`)
    .refine(
      (password) => !/[\0\p{Cs}]/u.test(password),
      "Пароль содержит недопустимый символ: наберите его заново",
    );
}
