import type { FastifyServerOptions } from "fastify";

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

/** Fields that may carry personal data wherever they appear in a logged object. */
const redactedPaths = [
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
  ...["phone", "email", "firstName", "lastName", "patronymic", "birthDate", "password"].flatMap(
    (field) => [field, `*.${field}`],
  ),
];

/** pino options: a request id on every line, no unmasked phones, names or e-mails. */
export function loggerOptions(level: string): NonNullable<FastifyServerOptions["logger"]> {
  return {
    level,
    redact: { paths: redactedPaths, censor: "[скрыто]" },
    serializers: {
      req(request) {
        return {
          method: request.method,
          url: maskPersonalData(request.url),
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
