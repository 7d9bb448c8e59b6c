import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkSmsEnv, smsConfigFromEnv, smsEnvShape } from "./sms-config.ts";

// The way server/config.ts uses these pieces.
const envSchema = z
  .object({ NODE_ENV: z.enum(["development", "production", "test"]), ...smsEnvShape })
  .superRefine(checkSmsEnv);

function load(env: Record<string, string>) {
  const parsed = envSchema.safeParse({ NODE_ENV: "development", ...env });
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((issue) => issue.path.join(".")) };
  }
  return { sms: smsConfigFromEnv(parsed.data) };
}

describe("the SMS settings of the environment", () => {
  it("choose the outbox when nothing is set", () => {
    expect(load({})).toEqual({ sms: { provider: "outbox" } });
  });

  it("read SMS.ru's api_id, sender and address", () => {
    expect(
      load({
        SMS_PROVIDER: "smsru",
        SMSRU_API_ID: "abc",
        SMSRU_SENDER: "RMS",
        SMSRU_BASE_URL: "http://127.0.0.1:9999",
      }),
    ).toEqual({
      sms: { provider: "smsru", apiId: "abc", sender: "RMS", baseUrl: "http://127.0.0.1:9999" },
    });
  });

  it("refuse SMS.ru without its api_id, an unknown provider and a too long sender", () => {
    expect(load({ SMS_PROVIDER: "smsru" })).toEqual({ issues: ["SMSRU_API_ID"] });
    expect(load({ SMS_PROVIDER: "smsc" })).toEqual({ issues: ["SMS_PROVIDER"] });
    expect(
      load({ SMS_PROVIDER: "smsru", SMSRU_API_ID: "abc", SMSRU_SENDER: "TwelveLetter" }),
    ).toEqual({ issues: ["SMSRU_SENDER"] });
  });

  it("make production name its provider, so the outbox is never on by accident", () => {
    expect(load({ NODE_ENV: "production" })).toEqual({ issues: ["SMS_PROVIDER"] });
    expect(load({ NODE_ENV: "production", SMS_PROVIDER: "outbox" })).toEqual({
      sms: { provider: "outbox" },
    });
  });
});
