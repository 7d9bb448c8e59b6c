/** A unique index refused the row (PostgreSQL 23505): the constraint's name, or null. */
export function isUniqueViolation(error: unknown): string | null {
  for (let cause = error; cause && typeof cause === "object"; ) {
    const { code, constraint } = cause as { code?: unknown; constraint?: unknown };
    if (code === "23505") return typeof constraint === "string" ? constraint : "";
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}
