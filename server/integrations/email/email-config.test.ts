import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkEmailEnv, emailConfigFromEnv, emailEnvShape } from "./email-config.ts";

// The way server/config.ts uses these pieces.
const envSchema = z
  .object({ NODE_ENV: z.enum(["development", "production", "test"]), ...emailEnvShape })
  .superRefine(checkEmailEnv);

function load(env: Record<string, string>) {
  const parsed = envSchema.safeParse({ NODE_ENV: "development", ...env });
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((issue) => issue.path.join(".")) };
  }
  return { email: emailConfigFromEnv(parsed.data) };
}

describe("the e-mail settings of the environment", () => {
  it("choose the outbox when nothing is set", () => {
    expect(load({})).toEqual({ email: { provider: "outbox" } });
  });

  it("read the SMTP server and the sender", () => {
    expect(
      load({
        EMAIL_PROVIDER: "smtp",
        SMTP_URL: "smtps://user:secret@smtp.example.ru:465",
        MAIL_FROM: "РМС <noreply@rms-med.ru>",
      }),
    ).toEqual({
      email: {
        provider: "smtp",
        url: "smtps://user:secret@smtp.example.ru:465",
        from: "РМС <noreply@rms-med.ru>",
      },
    });
  });

  it("refuse SMTP without its URL and sender, and a URL of another scheme", () => {
    expect(load({ EMAIL_PROVIDER: "smtp" })).toEqual({ issues: ["SMTP_URL", "MAIL_FROM"] });
    expect(
      load({ EMAIL_PROVIDER: "smtp", SMTP_URL: "http://mail.example.ru", MAIL_FROM: "a@b.ru" }),
    ).toEqual({ issues: ["SMTP_URL"] });
  });

  it("make production name its provider, so replies never land in the outbox by accident", () => {
    expect(load({ NODE_ENV: "production" })).toEqual({ issues: ["EMAIL_PROVIDER"] });
    expect(load({ NODE_ENV: "production", EMAIL_PROVIDER: "outbox" })).toEqual({
      email: { provider: "outbox" },
    });
  });
});
