import { z } from "zod";
import { userText } from "../text.schema.ts";
import { medcardViewSchema } from "./medcard.schema.ts";

// «Медкарта пациента» in the console (issue 16, decision 0024): a doctor opens the card of the
// person of a chat or an appeal, saying why; the reason goes to the audit log the client reads in
// «Кто смотрел мои данные».

export const MEDCARD_REASON_MIN = 3;
export const MEDCARD_REASON_MAX = 500;
export const MEDCARD_REASON_REQUIRED = "Укажите причину доступа к медкарте — не короче 3 символов";
export const MEDCARD_SOURCE_REQUIRED = "Откройте медкарту из чата или из обращения";

/** How long a doctor's opening with a reason lets them read and add to the card. */
export const MEDCARD_OPENING_HOURS = 12;

/** «Причина доступа»: what the doctor types before the card opens. */
export const medcardAccessReasonSchema = userText({
  max: MEDCARD_REASON_MAX,
  min: MEDCARD_REASON_MIN,
  multiline: true,
  required: MEDCARD_REASON_REQUIRED,
});

/** POST /api/staff/medcard/open: the chat or the appeal the card is opened from, and why. */
export const staffMedcardOpenSchema = z
  .object({
    chatId: z.uuid("Неверный идентификатор чата").optional(),
    appealId: z.uuid("Неверный идентификатор обращения").optional(),
    reason: medcardAccessReasonSchema,
  })
  .refine((body) => (body.chatId === undefined) !== (body.appealId === undefined), {
    message: MEDCARD_SOURCE_REQUIRED,
    path: ["chatId"],
  })
  .meta({ id: "StaffMedcardOpen" });
export type StaffMedcardOpen = z.infer<typeof staffMedcardOpenSchema>;

export const staffMedcardOpenedSchema = z
  .object({ cardId: z.uuid(), view: medcardViewSchema })
  .meta({ id: "StaffMedcardOpened" });
export type StaffMedcardOpened = z.infer<typeof staffMedcardOpenedSchema>;

export const staffMedcardCardParamsSchema = z.object({
  cardId: z.uuid("Неверный идентификатор медкарты"),
});

export const staffMedcardDocumentParamsSchema = staffMedcardCardParamsSchema.extend({
  documentId: z.uuid("Неверный идентификатор документа"),
});

export const staffMedcardFileQuerySchema = z.object({
  /** «Скачать»: as an attachment; otherwise inline (an image previews, a PDF opens). */
  download: z.enum(["1"]).optional(),
});
