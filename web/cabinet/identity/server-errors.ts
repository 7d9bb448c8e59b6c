import type { TFunction } from "i18next";
import { ApiError, NetworkError } from "../../ui/api.ts";

/**
 * Puts each server field error on its form field (the first one gets focus) and returns the text
 * for the form's alert: the messages that name no field of this form, or the problem's own text.
 * Null when every message found its field.
 */
export function placeServerErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  setFieldError: (name: F, message: string, focus: boolean) => void,
  t: TFunction<"common">,
): string | null {
  if (!(error instanceof ApiError)) return describeError(error, t);

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
  return describeError(error, t);
}

/** A Russian sentence for an error that belongs to no field. */
export function describeError(error: unknown, t: TFunction<"common">): string {
  if (error instanceof NetworkError) return t("errors.network");
  if (!(error instanceof ApiError)) return t("errors.unexpected");
  if (error.detail) return error.detail;
  if (error.isProblem && error.title && error.status < 500) return error.title;
  if (error.status === 429) return t("errors.tooManyRequests");
  return t("errors.unexpected");
}

/** The answer says the confirmed-phone ticket is no longer good (expired or used). */
export function isTicketProblem(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 410) return true;
  return (
    error.status === 400 &&
    error.fieldErrors.some((fieldError) => fieldError.field.split(".").at(-1) === "ticket")
  );
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
