import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { TFunction } from "i18next";
import { formatRuDate, MOSCOW } from "../../../common/format/date.ts";
import type {
  MedcardAuthor,
  MedcardCardSummary,
  MedcardDocument,
} from "../../../common/medcard/medcard.schema.ts";

/**
 * «Петрова А. В.» from «Петрова Анна Викторовна»: the surname whole, the other names as
 * initials. A name that is already short («Петрова А. В.») or a single word stays as it is.
 */
export function shortPersonName(name: string): string {
  const [surname, ...given] = name.trim().split(/\s+/);
  if (!surname) return "";
  const initials = given.map((part) => (part.endsWith(".") ? part : `${part.charAt(0)}.`));
  return [surname, ...initials].join(" ");
}

/** Who wrote an entry: «со слов пациента», «Врач: Петрова А. В.», «Клиника: …». */
export function authorMark(t: TFunction<"medcard">, author: MedcardAuthor): string {
  if (author.source === "patient") return t("author.patient");
  if (author.source === "doctor") {
    return author.name
      ? t("author.doctor", { name: shortPersonName(author.name) })
      : t("author.doctorUnnamed");
  }
  return author.name ? t("author.clinic", { name: author.name }) : t("author.clinicUnnamed");
}

/** Who added a document: the client, a doctor by name, a clinic by name. */
export function documentAuthor(t: TFunction<"medcard">, author: MedcardAuthor): string {
  if (author.source === "patient") return t("documents.addedBy.patient");
  if (author.source === "doctor") {
    return author.name
      ? t("documents.addedBy.doctor", { name: shortPersonName(author.name) })
      : t("documents.addedBy.doctorUnnamed");
  }
  return author.name
    ? t("documents.addedBy.clinic", { name: author.name })
    : t("documents.addedBy.clinicUnnamed");
}

/** The switcher's item: the account's own card by its full name, a child's with its birth date. */
export function cardLabel(t: TFunction<"medcard">, card: MedcardCardSummary): string {
  return card.subject === "self"
    ? card.fullName
    : t("switcher.child", { name: card.fullName, birthDate: formatRuDate(card.birthDate) });
}

/** A moment in Moscow as «03.12.2026» and «15:20», for «Открыта 03.12.2026 в 15:20». */
export function moscowDayAndTime(moment: string): { date: string; time: string } {
  const zoned = new TZDate(new Date(moment), MOSCOW);
  return { date: format(zoned, "dd.MM.yyyy"), time: format(zoned, "HH:mm") };
}

/** A moment's calendar day in Moscow: «03.12.2026». */
export function moscowDay(moment: string): string {
  return moscowDayAndTime(moment).date;
}

/** Latest document date first; of one day, the one added last. */
export function documentsInOrder(documents: readonly MedcardDocument[]): MedcardDocument[] {
  return [...documents].sort(
    (a, b) =>
      b.documentDate.localeCompare(a.documentDate) || b.createdAt.localeCompare(a.createdAt),
  );
}
