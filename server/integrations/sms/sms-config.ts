import { z } from "zod";
import type { SmsConfig } from "./sms-provider.ts";

/** The SMS variables of the environment, for server/config.ts to spread into its schema. */
export const smsEnvShape = {
  // No default here: production must choose explicitly (see checkSmsEnv); smsConfigFromEnv
  // falls back to the outbox.
  SMS_PROVIDER: z.enum(["outbox", "smsru"], { error: "expected outbox or smsru" }).optional(),
  SMSRU_API_ID: z.string().min(1).optional(),
  // An alphanumeric sender name is at most 11 characters.
  SMSRU_SENDER: z.string().min(1).max(11).optional(),
  SMSRU_BASE_URL: z.url({ protocol: /^https?$/, error: "expected http(s)://host" }).optional(),
};

type SmsEnv = {
  NODE_ENV?: string;
  SMS_PROVIDER?: "outbox" | "smsru";
  SMSRU_API_ID?: string;
  SMSRU_SENDER?: string;
  SMSRU_BASE_URL?: string;
};

/**
 * The rules across variables, for config.ts's `.superRefine(checkSmsEnv)`: SMS.ru needs its
 * api_id, and production must name its provider, because with the outbox every sign-in code can
 * be read at /dev/outbox (fine for a demo that opts in, never by accident).
 */
export function checkSmsEnv(env: SmsEnv, ctx: z.RefinementCtx): void {
  if (env.SMS_PROVIDER === "smsru" && !env.SMSRU_API_ID) {
    ctx.addIssue({
      code: "custom",
      path: ["SMSRU_API_ID"],
      message: "required when SMS_PROVIDER=smsru (the api_id from the SMS.ru cabinet)",
    });
  }
  if (env.NODE_ENV === "production" && !env.SMS_PROVIDER) {
    ctx.addIssue({
      code: "custom",
      path: ["SMS_PROVIDER"],
      message:
        "required in production: smsru, or outbox for a demo (every SMS, codes included, is then shown at /dev/outbox)",
    });
  }
}

/** The SMS provider that the (already checked) environment asks for. */
export function smsConfigFromEnv(env: SmsEnv): SmsConfig {
  if (env.SMS_PROVIDER !== "smsru") return { provider: "outbox" };
  if (!env.SMSRU_API_ID) throw new Error("SMSRU_API_ID is required when SMS_PROVIDER=smsru");
  return {
    provider: "smsru",
    apiId: env.SMSRU_API_ID,
    sender: env.SMSRU_SENDER,
    baseUrl: env.SMSRU_BASE_URL,
  };
}
