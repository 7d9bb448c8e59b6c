import { z } from "zod";
import { staffAppealSchema } from "../appeals/appeals.schema.ts";
import { userText } from "../text.schema.ts";

export const contractKindSchema = z.enum(["certificate", "dms_policy"]);
export const contractStatusSchema = z.enum(["not-started", "active", "expired", "annulled"]);
export const replacementStatuses = ["pending", "approved", "rejected"] as const;
export const replacementStatusSchema = z.enum(replacementStatuses);
export type ReplacementStatus = z.infer<typeof replacementStatusSchema>;

export const CONTRACT_SEARCH_MAX = 100;

/** «Договоры»: one search box for a number, a phone or a name. */
export const contractSearchQuerySchema = z.object({
  q: userText({
    max: 200,
    min: 2,
    required: "Введите номер договора, телефон или фамилию — не меньше 2 символов",
  }),
  limit: z.coerce.number().int().min(1).max(CONTRACT_SEARCH_MAX).default(25),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
export type ContractSearchQuery = z.input<typeof contractSearchQuerySchema>;

export const contractPersonNameSchema = z.object({
  slot: z.number().int(),
  fullName: z.string(),
});

export const contractSearchRowSchema = z
  .object({
    id: z.uuid(),
    kind: contractKindSchema,
    number: z.string(),
    insurerName: z.string().nullable(),
    programName: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    status: contractStatusSchema,
    /** The current persons, «Пациент 1» first. */
    persons: z.array(contractPersonNameSchema),
  })
  .meta({ id: "StaffContractSearchRow" });
export type ContractSearchRow = z.infer<typeof contractSearchRowSchema>;

export const contractSearchResultSchema = z
  .object({
    /** What the query was read as: a number, a phone (E.164), a name. */
    matchedBy: z.array(z.enum(["number", "phone", "name"])),
    contracts: z.array(contractSearchRowSchema),
    hasMore: z.boolean(),
  })
  .meta({ id: "StaffContractSearchResult" });
export type ContractSearchResult = z.infer<typeof contractSearchResultSchema>;

export const coveredPersonSchema = z
  .object({
    id: z.uuid(),
    slot: z.number().int(),
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
    fullName: z.string(),
    birthDate: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    /** Set on a person who was replaced: kept for the appeals they received. */
    replacedAt: z.string().nullable(),
  })
  .meta({ id: "StaffCoveredPerson" });
export type CoveredPerson = z.infer<typeof coveredPersonSchema>;

export const replacementSummarySchema = z
  .object({
    id: z.uuid(),
    contractId: z.uuid(),
    contractNumber: z.string(),
    contractKind: contractKindSchema,
    /** The person to be replaced. */
    currentPersonName: z.string(),
    requestedName: z.string(),
    requestedBirthDate: z.string(),
    reason: z.string(),
    status: replacementStatusSchema,
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    decidedByName: z.string().nullable(),
    decisionComment: z.string().nullable(),
  })
  .meta({ id: "StaffReplacementSummary" });
export type ReplacementSummary = z.infer<typeof replacementSummarySchema>;

export const holderSourceSchema = z.enum(["phone", "number", "migration", "purchase"]);
export type HolderSource = z.infer<typeof holderSourceSchema>;

/** An account that holds the contract: it sees the contract in its cabinet (decision 0011). */
export const contractHolderSchema = z
  .object({
    clientId: z.uuid(),
    fullName: z.string(),
    phone: z.string(),
    /** How the link was made: by the account's phone, by «Добавить договор», by migration 0008. */
    source: holderSourceSchema,
    since: z.string(),
  })
  .meta({ id: "StaffContractHolder" });
export type ContractHolder = z.infer<typeof contractHolderSchema>;

export const staffContractCardSchema = z
  .object({
    id: z.uuid(),
    kind: contractKindSchema,
    number: z.string(),
    insurerName: z.string().nullable(),
    program: z.object({ id: z.uuid(), name: z.string(), maxPersons: z.number().int() }),
    startsOn: z.string(),
    endsOn: z.string(),
    status: contractStatusSchema,
    persons: z.array(coveredPersonSchema),
    appeals: z.array(staffAppealSchema),
    replacementRequests: z.array(replacementSummarySchema),
    /** The accounts that see the contract, oldest link first. */
    holders: z.array(contractHolderSchema),
  })
  .meta({ id: "StaffContractCard" });

export const holderParamsSchema = z.object({
  id: z.uuid("Неверный идентификатор договора"),
  clientId: z.uuid("Неверный идентификатор учётной записи"),
});
export type StaffContractCard = z.infer<typeof staffContractCardSchema>;

export const doctorSchema = z.object({ id: z.uuid(), fullName: z.string() }).meta({ id: "Doctor" });
export const doctorListSchema = z
  .object({ doctors: z.array(doctorSchema) })
  .meta({ id: "DoctorList" });
export type Doctor = z.infer<typeof doctorSchema>;

export const replacementListQuerySchema = z.object({
  status: z.enum([...replacementStatuses, "all"]).default("pending"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ReplacementListQuery = z.input<typeof replacementListQuerySchema>;

export const replacementListSchema = z
  .object({ requests: z.array(replacementSummarySchema), hasMore: z.boolean() })
  .meta({ id: "StaffReplacementList" });

export const replacementDetailSchema = replacementSummarySchema
  .extend({
    requested: z.object({
      lastName: z.string(),
      firstName: z.string(),
      patronymic: z.string().nullable(),
      birthDate: z.string(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
    }),
    currentPerson: coveredPersonSchema,
    contractStartsOn: z.string(),
    contractEndsOn: z.string(),
    programName: z.string(),
    /** The phone of the account that sent the request: the decision goes there by SMS. */
    requesterPhone: z.string(),
  })
  .meta({ id: "StaffReplacementDetail" });
export type ReplacementDetail = z.infer<typeof replacementDetailSchema>;

export const REPLACEMENT_COMMENT_MAX = 1000;

/** «Одобрить»: a comment may be added. */
export const approveReplacementSchema = z.object({
  comment: userText({ max: REPLACEMENT_COMMENT_MAX, multiline: true }).default(""),
});
export type ApproveReplacement = z.input<typeof approveReplacementSchema>;

/** «Отклонить»: the client is told why, so the comment is required. */
export const rejectReplacementSchema = z.object({
  comment: userText({
    max: REPLACEMENT_COMMENT_MAX,
    min: 1,
    multiline: true,
    required: "Напишите причину отказа: её получит клиент",
  }),
});
export type RejectReplacement = z.input<typeof rejectReplacementSchema>;

export const replacementEnvelopeSchema = z
  .object({ request: replacementDetailSchema })
  .meta({ id: "StaffReplacementEnvelope" });
