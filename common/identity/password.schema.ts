import { z } from "zod";

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
  .max(PASSWORD_MAX_LENGTH, `Пароль должен быть не длиннее ${PASSWORD_MAX_LENGTH} символов`);
