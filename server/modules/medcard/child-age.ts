/** 323-FZ art. 54: from 15 a patient decides alone, so a parent keeps a child's card until then. */
export const PARENT_ACCESS_UNTIL_AGE = 15;

/** Whether a person born on `birthDate` (yyyy-mm-dd) is under 15 on `today` (yyyy-mm-dd). */
export function isUnderParentAccessAge(birthDate: string, today: string): boolean {
  const [by = 0, bm = 0, bd = 0] = birthDate.split("-").map(Number);
  const [ty = 0, tm = 0, td = 0] = today.split("-").map(Number);
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return age < PARENT_ACCESS_UNTIL_AGE;
}
