import type { FastifyServerOptions } from "fastify";
import { stdSerializers } from "pino";

const PHONE = /(?:\+7|\b8|\b7)?[\s(-]*9\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b/g;
const ENCODED_PHONE = /(?:%2B|\+)7\d{10}\b/gi;
const EMAIL = /[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+/gi;

/** Masks phone numbers and e-mail addresses in free text: `+7 926 ***-**-11`, `i***@ya.ru`. */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, (email) => {
      const at = email.includes("@") ? "@" : "%40";
      const [local = "", domain = ""] = email.split(at);
      return `${local.slice(0, 1)}***${at}${domain}`;
    })
    .replace(ENCODED_PHONE, (phone) => `${phone.slice(0, -8)}*****${phone.slice(-2)}`)
    .replace(PHONE, (phone) => {
      const digits = phone.replace(/\D/g, "");
      return `${phone.startsWith("+") ? "+" : ""}${digits.slice(0, -8)}*****${digits.slice(-2)}`;
    });
}

// A shared medical card's link is its secret (with the code): the log keeps only its first letters.
const SHARE_TOKEN = /(\/medcard-shares?\/)([\w-]{4})[\w-]+/g;

/** A request's URL as logged: personal data masked, a shared card's token cut to 4 characters. */
export function maskRequestUrl(url: string): string {
  return maskPersonalData(url).replace(SHARE_TOKEN, "$1$2…");
}

/** Fields that may carry personal data wherever they appear in a logged object. */
const redactedPaths = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  ...["phone", "email", "firstName", "lastName", "patronymic", "birthDate", "password"].flatMap(
    (field) => [field, `*.${field}`],
  ),
];

/** An error of PostgreSQL as both drivers report it (node-postgres and PGlite). */
export interface DatabaseError {
  code: string;
  severity?: string;
  table?: string;
  constraint?: string;
  column?: string;
  message: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The database's own error behind a Drizzle query error, or null for any other error. */
export function databaseErrorOf(error: unknown): DatabaseError | null {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const candidate = current as Partial<DatabaseError> & { cause?: unknown };
    if (
      typeof candidate.code === "string" &&
      SQLSTATE.test(candidate.code) &&
      typeof candidate.severity === "string" &&
      typeof candidate.message === "string"
    ) {
      return candidate as DatabaseError;
    }
    current = candidate.cause;
  }
  return null;
}

/** A database error's message without the values it quotes: `value "…" is out of range`. */
export function shortDatabaseMessage(message: string): string {
  return (message.split(":")[0] ?? "").replace(/"[^"]*"/g, '"…"').slice(0, 120);
}

/**
 * What the log may say about a database error: the SQLSTATE, where, and the message without
 * the values it quotes. Never the query's parameters (they carry phones, names, token hashes).
 */
export function loggableDatabaseError(error: DatabaseError) {
  return {
    sqlstate: error.code,
    table: error.table,
    constraint: error.constraint,
    column: error.column,
    message: shortDatabaseMessage(error.message),
  };
}

type SerializedError = Record<string, unknown> & { type: string; message: string; stack: string };

// Drizzle's query error says «Failed query: <sql> params: <values>»; the driver's error under it
// may quote a value, and PGlite's carries the query and its parameters as fields.
const QUERY_FIELDS = ["params", "query", "queryOptions", "detail", "where", "internalQuery"];

function isQueryError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Object && depth < 5; depth++) {
    const candidate: object = current;
    if (QUERY_FIELDS.some((field) => field in candidate)) return true;
    current = (candidate as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * pino's error serializer, but a failed query is reduced to its type, a message without values,
 * the stack frames (no «caused by» text) and the database's SQLSTATE, table and constraint.
 */
export function serializeError(error: Error): SerializedError {
  const serialized = stdSerializers.err(error) as unknown as SerializedError;
  const database = databaseErrorOf(error);
  if (!database && !isQueryError(error)) return serialized;
  const clean: SerializedError = { ...serialized };
  for (const field of QUERY_FIELDS) delete clean[field];
  delete clean.cause;
  clean.message = clean.message.startsWith("Failed query:")
    ? "Failed query"
    : shortDatabaseMessage(clean.message);
  const frames = String(serialized.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line));
  clean.stack = [`${clean.type}: ${clean.message}`, ...frames].join("\n");
  if (database) clean.db = loggableDatabaseError(database);
  return clean;
}

/** pino options: a request id on every line, no unmasked phones, names or e-mails. */
export function loggerOptions(level: string): NonNullable<FastifyServerOptions["logger"]> {
  return {
    level,
    redact: { paths: redactedPaths, censor: "[скрыто]" },
    serializers: {
      err: serializeError,
      req(request) {
        return {
          method: request.method,
          url: maskRequestUrl(request.url),
          remoteAddress: request.ip,
        };
      },
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === "string" ? maskPersonalData(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
}
