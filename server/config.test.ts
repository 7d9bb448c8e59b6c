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

  it("treats an empty value as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).databaseUrl).toBeUndefined();
  });

  it("refuses SEED_DEMO=1 in production and names the setting", () => {
    const production = {
      NODE_ENV: "production",
      SMS_PROVIDER: "outbox",
      EMAIL_PROVIDER: "outbox",
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
});
