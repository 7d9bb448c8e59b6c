import { z } from "zod";
import { userText } from "../text.schema.ts";

/** An integration token as the admin sees it later: never the token itself, only its prefix. */
export const integrationTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    /** The token's first characters, to tell tokens apart. */
    prefix: z.string(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    /** Null: the company's information system (contracts); set: that clinic's token (its slots). */
    clinic: z.object({ id: z.uuid(), name: z.string(), address: z.string() }).nullable(),
  })
  .meta({ id: "IntegrationToken" });
export type IntegrationToken = z.infer<typeof integrationTokenSchema>;

export const integrationTokenListSchema = z
  .object({ tokens: z.array(integrationTokenSchema) })
  .meta({ id: "IntegrationTokenList" });

export const issueIntegrationTokenSchema = z
  .object({
    name: userText({ max: 100, min: 1, required: "Введите название токена" }),
    /** A clinic's token may call only the clinic API, for that clinic; none: the contracts API. */
    clinicId: z.uuid({ error: "Выберите клинику из списка" }).nullish(),
  })
  .meta({ id: "IssueIntegrationToken" });
export type IssueIntegrationToken = z.input<typeof issueIntegrationTokenSchema>;

/** The answer to «Выпустить токен»: the token is in it this once, and never again. */
export const issuedIntegrationTokenSchema = z
  .object({ token: z.string(), info: integrationTokenSchema })
  .meta({ id: "IssuedIntegrationToken" });
export type IssuedIntegrationToken = z.infer<typeof issuedIntegrationTokenSchema>;

export const integrationTokenIdParamsSchema = z.object({
  id: z.uuid({ error: "Неверный идентификатор токена" }),
});
