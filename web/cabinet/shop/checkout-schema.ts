import type { FieldPath } from "react-hook-form";
import type { z } from "zod";
import { parseRuDate } from "../../../common/format/date.ts";
import { audienceProblem } from "../../../common/shop/certificate-terms.ts";
import {
  type CertificateOrderRequest,
  certificateOrderRequestSchema,
  type ProgramAudience,
} from "../../../common/shop/shop.schema.ts";
import type { ApiError } from "../../ui/api.ts";

/** What the checkout form holds: the request as typed (the server parses it with the same schema). */
export type CheckoutValues = CertificateOrderRequest;
export type CheckoutBody = z.output<typeof certificateOrderRequestSchema>;
export type CheckoutField = FieldPath<CheckoutValues>;

/**
 * The server's schema plus the program's «для кого» on the chosen start date, so an age that
 * does not fit is said at the birth date before anything is sent (the server checks it again).
 */
export function checkoutSchema(audience: ProgramAudience) {
  return certificateOrderRequestSchema.superRefine((value, ctx) => {
    const startsOn = /^\d{4}-\d{2}-\d{2}$/.test(value.startsOn)
      ? value.startsOn
      : parseRuDate(value.startsOn);
    if (!startsOn) return;
    value.persons.forEach((person, index) => {
      const problem = audienceProblem(audience, person.birthDate, startsOn);
      if (problem)
        ctx.addIssue({ code: "custom", path: ["persons", index, "birthDate"], message: problem });
    });
  });
}

const personFields = ["lastName", "firstName", "patronymic", "noPatronymic", "birthDate"] as const;

/** The form's fields in the order the screen shows them (the first invalid one takes the focus). */
export function checkoutFieldOrder(persons: number): CheckoutField[] {
  const fields: CheckoutField[] = [];
  for (let index = 0; index < persons; index += 1) {
    for (const name of personFields) fields.push(`persons.${index}.${name}`);
  }
  fields.push("startsOn", "receiptEmail", "method", "acceptedDocuments");
  return fields;
}

/**
 * Puts the server's field errors (`persons.1.birthDate`, `startsOn`…) on the form's fields, the
 * first one focused; returns the messages that name no field of the form (`persons`), or null.
 */
export function placeCheckoutErrors(
  error: ApiError,
  fields: readonly CheckoutField[],
  setFieldError: (name: CheckoutField, message: string, focus: boolean) => void,
): string | null {
  const unplaced: string[] = [];
  let placed = false;
  for (const { field, message } of error.fieldErrors) {
    const name = fields.find((candidate) => candidate === field);
    if (name) {
      setFieldError(name, message, !placed);
      placed = true;
    } else {
      unplaced.push(message);
    }
  }
  return unplaced.length > 0 ? unplaced.join(" ") : null;
}
