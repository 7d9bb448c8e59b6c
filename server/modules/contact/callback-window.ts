import { addMinutes } from "date-fns";
import {
  callbackRefusalMessages,
  callbackWindowBounds,
  callbackWindowRefusal,
} from "../../../common/contact/callback-window.ts";
import type { CallbackWhen } from "../../../common/contact/contact.schema.ts";
import { ValidationError } from "../../errors.ts";

/** An «as soon as possible» call is due within half an hour. */
export const ASAP_MINUTES = 30;

/**
 * When a call-back is due: half an hour from now for «как можно скорее», or the end of the
 * window the client chose today or tomorrow (Moscow time). A window that can no longer be kept
 * (the rule the form offers by, in common/contact/callback-window.ts) is refused.
 */
export function callbackWindow(
  when: CallbackWhen,
  now = new Date(),
): { windowStart: Date | null; windowEnd: Date | null; dueAt: Date } {
  if (when.kind === "asap") {
    return { windowStart: null, windowEnd: null, dueAt: addMinutes(now, ASAP_MINUTES) };
  }
  const refusal = callbackWindowRefusal(when, now);
  if (refusal)
    throw new ValidationError([{ field: "when.to", message: callbackRefusalMessages[refusal] }]);
  const { start, end } = callbackWindowBounds(when, now);
  return { windowStart: start, windowEnd: end, dueAt: end };
}
