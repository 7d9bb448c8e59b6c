import { z } from "zod";

/**
 * Text a person typed, as every request schema takes it. PostgreSQL cannot store a NUL, a lone
 * UTF-16 surrogate is not a character at all (the driver would silently turn it into «�»), and
 * other control characters come from no keyboard: they are refused here, with a message the
 * form shows, rather than by the database as a 500.
 */
export const CONTROL_CHARACTERS_MESSAGE =
  "Текст содержит недопустимые служебные символы: удалите их и попробуйте снова";

// \p{Cc}: C0 controls, DEL and C1 controls; \p{Cs}: a surrogate not in a pair.
const FORBIDDEN = /[\p{Cc}\p{Cs}]/u;
// Line breaks and tabs are text in a message or a description.
const LINE_BREAKS_AND_TABS = /[\n\r\t]/g;

/** True when the text holds no control character (but for \n \r \t in multiline text). */
export function isCleanText(text: string, multiline = false): boolean {
  return !FORBIDDEN.test(multiline ? text.replace(LINE_BREAKS_AND_TABS, "") : text);
}

export interface UserTextOptions {
  max: number;
  /** The fewest characters after trimming; with `required`, the message for fewer. */
  min?: number;
  /** Line breaks and tabs allowed (messages, descriptions). */
  multiline?: boolean;
  /** The message for a missing, empty or too short value. */
  required?: string;
}

/** A trimmed string of user text: control characters refused, at most `max` characters. */
export function userText({ max, min = 0, multiline = false, required }: UserTextOptions) {
  let schema = z.string(required ? { error: required } : undefined).trim();
  if (min > 0) schema = schema.min(min, required ?? `Не короче ${min} символов`);
  return schema
    .max(max, `Не длиннее ${max} символов`)
    .refine((text) => isCleanText(text, multiline), CONTROL_CHARACTERS_MESSAGE);
}

/** RFC 5321 caps a forward path at 254 characters; no address is longer. */
export const EMAIL_MAX_LENGTH = 254;
export const EMAIL_TOO_LONG = `Не длиннее ${EMAIL_MAX_LENGTH} символов`;

/** The one e-mail rule: trimmed, lower-cased, at most 254 characters, name@domain. */
export function emailAddress({
  required = "Введите e-mail",
  invalid = "Введите e-mail в формате name@example.ru",
}: {
  required?: string;
  invalid?: string;
} = {}) {
  return z
    .string({ error: required })
    .trim()
    .toLowerCase()
    .min(1, required)
    .max(EMAIL_MAX_LENGTH, EMAIL_TOO_LONG)
    .pipe(z.email(invalid));
}
