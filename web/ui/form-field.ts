import type { FieldError, FieldPath, FieldValues, UseFormReturn } from "react-hook-form";

/** What a Mantine input needs to show a field's error and announce it to screen readers. */
export interface FieldErrorProps {
  error: string | undefined;
  "aria-invalid": true | undefined;
}

/** The error props of a field whose error text a form keeps itself (a field outside react-hook-form). */
export function fieldErrorProps(message: string | null | undefined): FieldErrorProps {
  return { error: message || undefined, "aria-invalid": message ? true : undefined };
}

/** The error props of a field rendered through react-hook-form's `Controller`. */
export function controlledFieldProps(fieldState: { error?: FieldError }): FieldErrorProps {
  const message = fieldState.error?.message;
  return {
    error: message,
    "aria-invalid": fieldState.error ? true : undefined,
  };
}

/**
 * The one binding of a registered input: `register`, the error text under it and
 * `aria-invalid`, so a form spreads `{...bindField(form, "email")}` instead of wiring three props.
 */
export function bindField<V extends FieldValues, C, O extends FieldValues>(
  form: Pick<UseFormReturn<V, C, O>, "register" | "getFieldState" | "formState">,
  name: FieldPath<V>,
) {
  // getFieldState subscribes only when formState is read, so touch errors for re-rendering.
  void form.formState.errors;
  const state = form.getFieldState(name, form.formState);
  return { ...form.register(name), ...controlledFieldProps(state) };
}
