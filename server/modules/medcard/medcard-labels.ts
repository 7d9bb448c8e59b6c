import type {
  MedcardAuthor,
  MedcardDocumentType,
  MedcardEntryKind,
} from "../../../common/medcard/medcard.schema.ts";

// The words of the card's exports («Выписка», the FHIR Bundle's text), made on the server.

export const MEDCARD_DOCUMENT_TYPE_LABEL: Record<MedcardDocumentType, string> = {
  conclusion: "Заключение",
  test_result: "Результаты анализов",
  referral: "Направление",
  discharge: "Выписка",
  other: "Другое",
};

/** «Сводка»'s groups in the order the card shows them. */
export const MEDCARD_ENTRY_GROUP_LABEL: Record<MedcardEntryKind, string> = {
  allergy: "Аллергии",
  condition: "Хронические заболевания",
  medication: "Регулярные лекарства",
  blood_group: "Группа крови",
};

/** «со слов пациента», or the doctor's (the clinic's) name. */
export function authorLabel(author: MedcardAuthor): string {
  if (author.source === "patient") return "со слов пациента";
  return author.name ?? (author.source === "doctor" ? "врач" : "клиника");
}
