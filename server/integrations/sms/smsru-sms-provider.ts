import { z } from "zod";
import type { SmsProvider } from "./sms-provider.ts";
import { SmsSendError } from "./sms-send-error.ts";

export interface SmsRuOptions {
  apiId: string;
  sender?: string;
  /** Defaults to https://sms.ru. */
  baseUrl?: string;
  /** How long to wait for the gateway before giving the attempt up; the job retries it. */
  timeoutMs?: number;
}

// The answer of POST /sms/send with json=1 (https://sms.ru/api/send). Unknown fields are ignored.
const statusCode = z.coerce.number().int();
const smsRuAnswerSchema = z.object({
  status: z.string(),
  status_code: statusCode.optional(),
  status_text: z.string().optional(),
  sms: z
    .record(
      z.string(),
      z.object({
        status: z.string(),
        status_code: statusCode.optional(),
        status_text: z.string().optional(),
        sms_id: z.string().optional(),
      }),
    )
    .optional(),
});

/**
 * Per-number codes after which SMS.ru will not take the same message however often it is sent:
 * 202 bad number or no route, 203 no text, 205 text too long, 207 sending to this number is not
 * allowed, 209 the number is in the account's stop list. Everything else (auth, balance, limits,
 * the service being down) may pass, so it is retried.
 */
const PERMANENT_CODES = new Set([202, 203, 205, 207, 209]);

const DEFAULT_TIMEOUT_MS = 10_000;

/** The SMS.ru HTTP API adapter: one POST /sms/send per message, answer in JSON. */
export function createSmsRuProvider(options: SmsRuOptions): SmsProvider {
  const endpoint = new URL("/sms/send", options.baseUrl ?? "https://sms.ru");
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    name: "smsru",
    async send({ to, text }) {
      // SMS.ru wants the number as digits with the country code and no plus sign.
      const number = to.replace(/\D/g, "");
      // POST, not GET: api_id and the text (a sign-in code) stay out of URLs and proxy logs.
      const form = new URLSearchParams({ api_id: options.apiId, to: number, msg: text, json: "1" });
      if (options.sender) form.set("from", options.sender);

      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: "POST",
          headers: { accept: "application/json" },
          body: form,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new SmsSendError(`SMS.ru is unreachable: ${fetchFailure(error, timeoutMs)}`);
      }
      if (!response.ok) {
        throw new SmsSendError(`SMS.ru answered HTTP ${response.status}`);
      }

      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new SmsSendError("SMS.ru answered with something that is not JSON");
      }
      const answer = smsRuAnswerSchema.safeParse(body);
      if (!answer.success) {
        throw new SmsSendError("SMS.ru answered JSON of an unexpected shape");
      }

      const { status, status_code, status_text, sms } = answer.data;
      if (status !== "OK") {
        throw new SmsSendError(`SMS.ru refused the request: ${describe(status_code, status_text)}`);
      }
      const result = sms?.[number];
      if (!result) {
        throw new SmsSendError("SMS.ru accepted the request but reported nothing for the number");
      }
      if (result.status !== "OK") {
        const permanent =
          result.status_code !== undefined && PERMANENT_CODES.has(result.status_code);
        throw new SmsSendError(
          `SMS.ru refused the message: ${describe(result.status_code, result.status_text)}`,
          permanent,
        );
      }
    },
  };
}

function describe(code: number | undefined, text: string | undefined): string {
  return [code === undefined ? "no code" : `code ${code}`, text].filter(Boolean).join(", ");
}

/** Why fetch() threw: a timeout, or the network error that undici wraps as the cause. */
function fetchFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  return error.cause instanceof Error ? error.cause.message : error.message;
}
