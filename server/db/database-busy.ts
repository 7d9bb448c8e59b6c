/** A `FOR UPDATE NOWAIT` found the row locked by another transaction (PostgreSQL 55P03). */
export function isLockNotAvailable(error: unknown): boolean {
  for (let cause = error; cause && typeof cause === "object"; ) {
    if ((cause as { code?: unknown }).code === "55P03") return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * node-postgres's pool gave up waiting for a free connection (`connectionTimeoutMillis`): every
 * connection is busy. Not the request's fault, and not a failure either — the server is full.
 */
export function isPoolExhausted(error: unknown): boolean {
  for (let depth = 0, cause = error; cause && typeof cause === "object" && depth < 5; depth++) {
    const { message } = cause as { message?: unknown };
    if (
      typeof message === "string" &&
      message.startsWith("timeout exceeded when trying to connect")
    ) {
      return true;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
