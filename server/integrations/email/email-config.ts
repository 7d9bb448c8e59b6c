import { z } from "zod";
import type { EmailConfig } from "./email-provider.ts";

/** The e-mail variables of the environment, for server/config.ts to spread into its schema. */
export const emailEnvShape = {
  EMAIL_PROVIDER: z.enum(["outbox", "smtp"], { error: "expected outbox or smtp" }).optional(),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "expected smtp(s)://user:password@host:port" })
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
};

type EmailEnv = {
  NODE_ENV?: string;
  EMAIL_PROVIDER?: "outbox" | "smtp";
  SMTP_URL?: string;
  MAIL_FROM?: string;
};

/**
 * For config.ts's superRefine: SMTP needs its URL and sender, and production names its provider,
 * because with the outbox every reply to a client can be read at /dev/outbox.
 */
export function checkEmailEnv(env: EmailEnv, ctx: z.RefinementCtx): void {
  if (env.EMAIL_PROVIDER === "smtp") {
    for (const name of ["SMTP_URL", "MAIL_FROM"] as const) {
      if (!env[name]) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "required when EMAIL_PROVIDER=smtp",
        });
      }
    }
  }
  if (env.NODE_ENV === "production" && !env.EMAIL_PROVIDER) {
    ctx.addIssue({
      code: "custom",
      path: ["EMAIL_PROVIDER"],
      message:
        "required in production: smtp, or outbox for a demo (every e-mail is then shown at /dev/outbox)",
    });
  }
}

export function emailConfigFromEnv(env: EmailEnv): EmailConfig {
  if (env.EMAIL_PROVIDER !== "smtp") return { provider: "outbox" };
  if (!env.SMTP_URL || !env.MAIL_FROM) throw new Error("SMTP_URL and MAIL_FROM are required");
  return { provider: "smtp", url: env.SMTP_URL, from: env.MAIL_FROM };
}
