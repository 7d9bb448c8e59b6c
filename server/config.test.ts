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

  it("reads a PostgreSQL server address and the demo seed flag", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/rms",
      SEED_DEMO: "1",
    });
    expect(config.databaseUrl).toBe("postgres://postgres@127.0.0.1:5432/rms");
    expect(config.seedDemo).toBe(true);
  });
});
