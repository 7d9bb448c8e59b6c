import { describe, expect, it } from "vitest";
import webPush from "web-push";
import { ConfigError, loadConfig } from "../../config.ts";

describe("the VAPID configuration", () => {
  const keys = webPush.generateVAPIDKeys();

  it("takes all three variables", () => {
    const config = loadConfig({
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
      VAPID_SUBJECT: "mailto:support@rms-med.ru",
    });
    expect(config.push).toEqual({
      keys: "given",
      vapid: { ...keys, subject: "mailto:support@rms-med.ru" },
    });
  });

  it("stops the start when one is missing, a key is not one, or the subject is neither mailto: nor https:", () => {
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: keys.publicKey })).toThrow(/VAPID_PRIVATE_KEY/);
    expect(() =>
      loadConfig({
        VAPID_PUBLIC_KEY: "not a key",
        VAPID_PRIVATE_KEY: keys.privateKey,
        VAPID_SUBJECT: "mailto:a@b.ru",
      }),
    ).toThrow(/VAPID_PUBLIC_KEY/);
    expect(() =>
      loadConfig({
        VAPID_PUBLIC_KEY: keys.publicKey,
        VAPID_PRIVATE_KEY: keys.privateKey,
        VAPID_SUBJECT: "http://rms-med.ru",
      }),
    ).toThrow(ConfigError);
  });

  it("generates keys into DATA_DIR for the embedded database only", () => {
    expect(loadConfig({ DATA_DIR: "/tmp/rms" }).push).toEqual({
      keys: "generated",
      dataDir: "/tmp/rms",
      subject: "mailto:noreply@rms-med.ru",
    });
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/rms" }).push).toEqual({
      keys: "none",
    });
  });
});
