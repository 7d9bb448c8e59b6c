import { z } from "zod";

/** One failing field of a validation error: `field` is a dotted path into the request. */
export const fieldErrorSchema = z.object({
  field: z.string(),
  message: z.string(),
});

/** An error answer, RFC 9457 `application/problem+json`, with Russian text fit to show a user. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    /** The failing fields of a validation error. */
    errors: z.array(fieldErrorSchema).optional(),
    /** Quote it to support: it finds the request in the server's logs. */
    requestId: z.string().optional(),
  })
  .meta({ id: "Problem" });

export type Problem = z.infer<typeof problemSchema>;
export type FieldError = z.infer<typeof fieldErrorSchema>;
