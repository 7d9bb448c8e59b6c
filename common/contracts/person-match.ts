/**
 * How an account is matched to a covered person by name (see issue 4): surname, name and
 * patronymic compared case-insensitively, with ё and е the same letter, extra spaces ignored.
 * The key is stored on covered_persons.name_key and compared together with the birth date.
 */
export function personNameKey(
  lastName: string,
  firstName: string,
  patronymic: string | null | undefined,
): string {
  return [lastName, firstName, patronymic ?? ""].map(normalizeNamePart).join("|");
}

function normalizeNamePart(part: string): string {
  return part.trim().replace(/\s+/g, " ").toLocaleLowerCase("ru-RU").replaceAll("ё", "е");
}
