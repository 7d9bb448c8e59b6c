import { z } from "zod";
import { userText } from "../text.schema.ts";

/** A version of one of the documents a client accepts (offer, user agreement, personal data). */
export const legalDocumentSummarySchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    version: z.number().int(),
    /** Where it is shown: `/legal/<slug>`. */
    url: z.string(),
  })
  .meta({ id: "LegalDocumentSummary" });
export type LegalDocumentSummary = z.infer<typeof legalDocumentSummarySchema>;

export const legalDocumentListSchema = z.object({ documents: z.array(legalDocumentSummarySchema) });

/** The versions the client saw and accepted. */
export const acceptedDocumentsSchema = z
  .array(z.object({ slug: userText({ max: 64 }), version: z.number().int() }))
  .min(1, "Примите условия соглашений");

export const acceptDocumentsRequestSchema = z.object({ documents: acceptedDocumentsSchema });
