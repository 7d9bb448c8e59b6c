import { z } from "zod";
import { emailAddress, userText } from "../text.schema.ts";
import { birthDateInputSchema, checkPatronymic, personName } from "./registration.schema.ts";
import { clientProfileSchema } from "./session.schema.ts";
import { phoneInputSchema } from "./sign-in.schema.ts";
import { smsCodeSchema } from "./sms-code.schema.ts";

export const personalDataRequestKinds = ["name", "phone"] as const;
export const personalDataRequestStatuses = ["pending", "approved", "rejected"] as const;
export type PersonalDataRequestKind = (typeof personalDataRequestKinds)[number];
export type PersonalDataRequestStatus = (typeof personalDataRequestStatuses)[number];

/** A change request as its client sees it: what was asked, its status and the operator's comment. */
export const personalDataRequestSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(personalDataRequestKinds),
    status: z.enum(personalDataRequestStatuses),
    lastName: z.string().nullable(),
    firstName: z.string().nullable(),
    patronymic: z.string().nullable(),
    /** yyyy-mm-dd. */
    birthDate: z.iso.date().nullable(),
    /** E.164: the new phone of a «phone» request. */
    phone: z.string().nullable(),
    reason: z.string(),
    comment: z.string().nullable(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: "PersonalDataRequest" });
export type PersonalDataRequest = z.infer<typeof personalDataRequestSchema>;

/** «Личные данные»: the account's data and its latest request of each kind. */
export const personalDataSchema = z
  .object({
    profile: clientProfileSchema,
    nameRequest: personalDataRequestSchema.nullable(),
    phoneRequest: personalDataRequestSchema.nullable(),
  })
  .meta({ id: "PersonalData" });
export type PersonalData = z.infer<typeof personalDataSchema>;

export const emailCodeSchema = z
  .string({ error: "Введите код из письма" })
  .trim()
  .regex(/^\d{6}$/, "Введите 6 цифр кода из письма");

/** «Изменить e-mail», step 1: the code goes to the new address. */
export const emailCodeRequestSchema = z.object({ email: emailAddress() });
export type EmailCodeRequest = z.input<typeof emailCodeRequestSchema>;

/** «Изменить e-mail», step 2. */
export const emailChangeRequestSchema = z.object({ email: emailAddress(), code: emailCodeSchema });
export type EmailChangeRequest = z.input<typeof emailChangeRequestSchema>;

/** A code was sent (or, for a phone change, both codes). */
export const codeSentSchema = z
  .object({ resendAfterSeconds: z.number().int(), expiresInSeconds: z.number().int() })
  .meta({ id: "PersonalDataCodeSent" });
export type CodeSent = z.infer<typeof codeSentSchema>;

/** «Изменить телефон», step 1: codes to the current and the new number. */
export const phoneCodesRequestSchema = z.object({ phone: phoneInputSchema });
export type PhoneCodesRequest = z.input<typeof phoneCodesRequestSchema>;

/** «Изменить телефон», step 2: both codes. */
export const phoneChangeRequestSchema = z.object({
  phone: phoneInputSchema,
  oldCode: smsCodeSchema,
  newCode: smsCodeSchema,
});
export type PhoneChangeRequest = z.input<typeof phoneChangeRequestSchema>;

export const phoneChangedSchema = z
  .object({ data: personalDataSchema, revoked: z.number().int() })
  .meta({ id: "PhoneChanged" });

const reasonSchema = userText({
  max: 1000,
  min: 3,
  multiline: true,
  required: "Укажите причину изменения",
});

/** «Нет доступа к старому номеру»: the new number (its code proves it) and a reason, to an operator. */
export const phoneRequestSchema = z.object({
  phone: phoneInputSchema,
  code: smsCodeSchema,
  reason: reasonSchema,
});
export type PhoneRequestInput = z.input<typeof phoneRequestSchema>;

/** «Изменить» surname, name, patronymic and birth date: the new values and a reason. */
export const nameRequestSchema = z
  .object({
    lastName: personName("Введите фамилию", "Фамилия может содержать только буквы, дефис и пробел"),
    firstName: personName("Введите имя", "Имя может содержать только буквы, дефис и пробел"),
    patronymic: userText({ max: 100 }).default(""),
    noPatronymic: z.boolean().default(false),
    birthDate: birthDateInputSchema,
    reason: reasonSchema,
  })
  .superRefine(checkPatronymic);
export type NameRequestInput = z.input<typeof nameRequestSchema>;

export const personalDataRequestEnvelopeSchema = z
  .object({ request: personalDataRequestSchema })
  .meta({ id: "PersonalDataRequestEnvelope" });

// The console's side.

export const staffPersonalDataListQuerySchema = z.object({
  status: z.enum([...personalDataRequestStatuses, "all"]).default("pending"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type StaffPersonalDataListQuery = z.input<typeof staffPersonalDataListQuerySchema>;

const currentDataSchema = z.object({
  lastName: z.string(),
  firstName: z.string(),
  patronymic: z.string().nullable(),
  birthDate: z.iso.date(),
  phone: z.string(),
});

/** A request in the console: the asked values beside the account's current ones. */
export const staffPersonalDataRequestSchema = personalDataRequestSchema
  .extend({
    clientId: z.uuid(),
    current: currentDataSchema,
    decidedByName: z.string().nullable(),
  })
  .meta({ id: "StaffPersonalDataRequest" });
export type StaffPersonalDataRequest = z.infer<typeof staffPersonalDataRequestSchema>;

export const staffPersonalDataListSchema = z
  .object({ requests: z.array(staffPersonalDataRequestSchema), hasMore: z.boolean() })
  .meta({ id: "StaffPersonalDataRequestList" });

export const staffPersonalDataEnvelopeSchema = z
  .object({ request: staffPersonalDataRequestSchema })
  .meta({ id: "StaffPersonalDataRequestEnvelope" });

export const approvePersonalDataSchema = z.object({
  comment: userText({ max: 1000, multiline: true }).default(""),
});
export const rejectPersonalDataSchema = z.object({
  comment: userText({
    max: 1000,
    min: 3,
    multiline: true,
    required: "Напишите клиенту, почему заявка отклонена",
  }),
});
