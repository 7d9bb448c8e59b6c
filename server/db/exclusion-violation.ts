/** An exclusion constraint refused the row (PostgreSQL 23P01): the constraint's name, or null. */
export function isExclusionViolation(error: unknown): string | null {
  for (let cause = error; cause && typeof cause === "object"; ) {
    const { code, constraint } = cause as { code?: unknown; constraint?: unknown };
    if (code === "23P01") return typeof constraint === "string" ? constraint : "";
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}
