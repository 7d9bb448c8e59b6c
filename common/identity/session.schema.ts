import { z } from "zod";
import { legalDocumentSummarySchema } from "./legal.schema.ts";

/** The signed-in client as the cabinet sees them. */
export const clientProfileSchema = z
  .object({
    id: z.uuid(),
    phone: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
    /** yyyy-mm-dd: «Пациент 1» of a checkout defaults to the account's own person. */
    birthDate: z.iso.date(),
    email: z.string(),
  })
  .meta({ id: "ClientProfile" });

export const clientSessionSchema = z
  .object({
    client: clientProfileSchema,
    /** New versions of the documents to accept before going on (asked at sign-in). */
    pendingDocuments: z.array(legalDocumentSummarySchema),
  })
  .meta({ id: "ClientSession" });

export type ClientProfile = z.infer<typeof clientProfileSchema>;
export type ClientSession = z.infer<typeof clientSessionSchema>;

/** «Who is signed in here?»: answered 200 either way, so a signed-out page load logs no error. */
export const currentClientSessionSchema = z
  .object({ session: clientSessionSchema.nullable() })
  .meta({ id: "CurrentClientSession" });
