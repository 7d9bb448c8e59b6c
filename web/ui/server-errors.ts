import type { TFunction } from "i18next";
import type { FieldPath, FieldValues, UseFormSetError } from "react-hook-form";
import { ApiError } from "./api.ts";
import { describeProblem, type FallbackMessages, placeProblem } from "./problem-errors.ts";

export { focusFirstInvalid } from "./problem-errors.ts";

function fallbacks(t: TFunction<"common">): FallbackMessages {
  return {
    network: t("errors.network"),
    unexpected: t("errors.unexpected"),
    tooManyRequests: t("errors.tooManyRequests"),
  };
}

/**
 * Puts each server field error on its form field (the first one gets focus) and returns the text
 * for the form's alert, with the cabinet's own words for errors the server did not explain.
 */
export function placeServerErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  setFieldError: (name: F, message: string, focus: boolean) => void,
  t: TFunction<"common">,
): string | null {
  return placeProblem(error, fields, setFieldError, fallbacks(t));
}

/**
 * The `setFieldError` of placeServerErrors for a react-hook-form form: the message becomes the
 * field's "server" error, and the field takes the focus when asked.
 */
export function serverFieldError<V extends FieldValues>(setError: UseFormSetError<V>) {
  return (name: FieldPath<V>, message: string, focus: boolean): void =>
    setError(name, { type: "server", message }, { shouldFocus: focus });
}

/** A Russian sentence for an error that belongs to no field. */
export function describeError(error: unknown, t: TFunction<"common">): string {
  return describeProblem(error, fallbacks(t));
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
