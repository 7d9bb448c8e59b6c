import { ApiError, NetworkError } from "./api.ts";

/** The sentences an app shows for errors the server did not put into words. */
export interface FallbackMessages {
  network: string;
  unexpected: string;
  tooManyRequests: string;
}

/** A Russian sentence for an error that belongs to no field. */
export function describeProblem(error: unknown, messages: FallbackMessages): string {
  if (error instanceof NetworkError) return messages.network;
  if (!(error instanceof ApiError)) return messages.unexpected;
  if (error.detail) return error.detail;
  if (error.isProblem && error.title && error.status < 500) return error.title;
  if (error.status === 429) return messages.tooManyRequests;
  return messages.unexpected;
}

/**
 * Puts each server field error on its form field (the first one gets focus) and returns the text
 * for the form's alert: the messages that name no field of this form, or the problem's own text.
 * Null when every message found its field.
 */
export function placeProblem<F extends string>(
  error: unknown,
  fields: readonly F[],
  setFieldError: (name: F, message: string, focus: boolean) => void,
  messages: FallbackMessages,
): string | null {
  if (!(error instanceof ApiError)) return describeProblem(error, messages);

  const unplaced: string[] = [];
  let placed = false;
  for (const { field, message } of error.fieldErrors) {
    const last = field.split(".").at(-1);
    const name = fields.find((candidate) => candidate === last);
    if (name) {
      setFieldError(name, message, !placed);
      placed = true;
    } else {
      unplaced.push(message);
    }
  }
  if (unplaced.length > 0) return unplaced.join(" ");
  if (placed) return null;
  return describeProblem(error, messages);
}

/**
 * Focuses the first invalid field in the order the form shows them. react-hook-form would go by
 * the order of registration, in which a Controller's field comes after every register() call.
 */
export function focusFirstInvalid<F extends string>(
  errors: Partial<Record<string, unknown>>,
  fieldsInOrder: readonly F[],
  setFocus: (name: F) => void,
): void {
  const first = fieldsInOrder.find((name) => errors[name] !== undefined);
  if (first) setFocus(first);
}
