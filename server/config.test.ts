import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("uses the embedded defaults when nothing is set", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.publicOrigin).toBe("http://localhost:3000");
    expect(config.seedDemo).toBeUndefined();
  });

  it("names the variable that holds a bad value", () => {
    expect(() => loadConfig({ PORT: "seventy" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "seventy" })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SEED_DEMO: "yes" })).toThrow(/SEED_DEMO/);
  });

  it("takes one or several public origins, comma-separated, as bare origins", () => {
    expect(loadConfig({}).publicOrigins).toEqual([]);
    const config = loadConfig({ PUBLIC_ORIGIN: "https://lk.rms-med.ru/, http://192.0.2.2:3000" });
    expect(config.publicOrigins).toEqual(["https://lk.rms-med.ru", "http://192.0.2.2:3000"]);
    expect(config.publicOrigin).toBe("https://lk.rms-med.ru");
    expect(() => loadConfig({ PUBLIC_ORIGIN: "lk.rms-med.ru" })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => loadConfig({ PUBLIC_ORIGIN: "https://lk.rms-med.ru/path" })).toThrow(
      /PUBLIC_ORIGIN/,
    );
    expect(() => loadConfig({ PUBLIC_ORIGIN: " , " })).toThrow(/PUBLIC_ORIGIN/);
  });

  it("requires PUBLIC_ORIGIN in production", () => {
    const production = {
      NODE_ENV: "production",
      SMS_PROVIDER: "smsru",
      SMSRU_API_ID: "test-id",
      EMAIL_PROVIDER: "smtp",
      SMTP_URL: "smtps://user:password@smtp.example.ru:465",
      MAIL_FROM: "РМС <noreply@rms-med.ru>",
      PAYMENTS_PROVIDER: "sandbox",
      PAYMENTS_VAT_CODE: "1",
    };
    expect(() => loadConfig(production)).toThrow(/PUBLIC_ORIGIN: required in production/);
    expect(
      loadConfig({ ...production, PUBLIC_ORIGIN: "https://lk.rms-med.ru" }).publicOrigins,
    ).toEqual(["https://lk.rms-med.ru"]);
  });

  it("treats an empty value as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).databaseUrl).toBeUndefined();
  });

  it("refuses SEED_DEMO=1 in production and names the setting", () => {
    const production = {
      NODE_ENV: "production",
      SMS_PROVIDER: "outbox",
      EMAIL_PROVIDER: "outbox",
      PAYMENTS_PROVIDER: "sandbox",
      PAYMENTS_VAT_CODE: "1",
      PUBLIC_ORIGIN: "https://lk.rms-med.ru",
    };
    expect(() => loadConfig({ ...production, SEED_DEMO: "1" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, SEED_DEMO: "true" })).toThrow(
      /SEED_DEMO: must not be 1 with NODE_ENV=production/,
    );
    expect(loadConfig({ ...production, SEED_DEMO: "0" }).seedDemo).toBe(false);
    expect(loadConfig(production).seedDemo).toBeUndefined();
  });

  it("reads a PostgreSQL server address and the demo seed flag", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/rms",
      SEED_DEMO: "1",
    });
    expect(config.databaseUrl).toBe("postgres://postgres@127.0.0.1:5432/rms");
    expect(config.seedDemo).toBe(true);
  });

  it("takes the chat's target reply time and SMS delay, 15 minutes and 60 seconds by default", () => {
    expect(loadConfig({}).chat).toEqual({ replyTargetMinutes: 15, smsDelaySeconds: 60 });
    expect(
      loadConfig({ CHAT_REPLY_TARGET_MINUTES: "30", CHAT_SMS_DELAY_SECONDS: "0" }).chat,
    ).toEqual({ replyTargetMinutes: 30, smsDelaySeconds: 0 });
    expect(() => loadConfig({ CHAT_REPLY_TARGET_MINUTES: "0" })).toThrow(
      /CHAT_REPLY_TARGET_MINUTES/,
    );
    expect(() => loadConfig({ CHAT_REPLY_TARGET_MINUTES: "quarter" })).toThrow(
      /CHAT_REPLY_TARGET_MINUTES/,
    );
  });
});
