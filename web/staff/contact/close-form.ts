import { z } from "zod";
import {
  type CloseContact,
  closeContactSchema,
} from "../../../common/contact/contact-queue.schema.ts";

const fields = closeContactSchema.shape;

export const closeFieldNames = ["serviceTypeId", "personId", "doctorId", "outcome"] as const;
export type CloseFieldName = (typeof closeFieldNames)[number];

/** What the «Закрыть» dialog holds: the selects' values, "" while nothing is chosen. */
export interface CloseFormValues {
  serviceTypeId: string;
  personId: string;
  doctorId: string;
  outcome: string;
}

/**
 * The «Закрыть» dialog's rules, with the API's own messages. A message names its person (a
 * call-back already has one); a doctor may leave «Врач» empty — the server records them.
 */
export function closeFormSchema(options: { withPerson: boolean; doctorRequired: boolean }) {
  return z
    .object({
      serviceTypeId: fields.serviceTypeId,
      personId: options.withPerson ? fields.personId.unwrap() : z.literal(""),
      doctorId: options.doctorRequired
        ? fields.doctorId.unwrap()
        : z.union([z.literal(""), fields.doctorId.unwrap()]),
      outcome: fields.outcome,
    })
    .transform(
      (values): CloseContact => ({
        serviceTypeId: values.serviceTypeId,
        outcome: values.outcome,
        ...(values.personId ? { personId: values.personId } : {}),
        ...(values.doctorId ? { doctorId: values.doctorId } : {}),
      }),
    );
}
