import { z } from "zod";

/**
 * What a certificate order's checkout chose, as stored in orders.checkout (already validated):
 * read back at fulfilment, which may run in another instance hours later.
 */
export const certificateCheckoutSchema = z.object({
  programId: z.uuid(),
  persons: z
    .array(
      z.object({
        lastName: z.string(),
        firstName: z.string(),
        patronymic: z.string().nullable(),
        birthDate: z.iso.date(),
      }),
    )
    .min(1)
    .max(2),
  startsOn: z.iso.date(),
});
export type CertificateCheckout = z.infer<typeof certificateCheckoutSchema>;

/** What a visit order's checkout chose: the person and the time (the hold is its appointment). */
export const visitCheckoutSchema = z.object({ personId: z.uuid(), slotId: z.uuid() });
