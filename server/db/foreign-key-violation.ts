/** A foreign key refused the change (PostgreSQL 23503): a row still pointed at, or gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  for (let cause = error; cause && typeof cause === "object"; ) {
    if ((cause as { code?: unknown }).code === "23503") return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
