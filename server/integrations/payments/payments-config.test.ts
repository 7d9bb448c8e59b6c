import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.ts";
import {
  SANDBOX_NOTIFY_CIDRS,
  YOOKASSA_BASE_URL,
  YOOKASSA_NOTIFY_CIDRS,
} from "./payments-config.ts";

// Everything production needs besides the payments, so that only the payment variables differ.
const production = {
  NODE_ENV: "production",
  SMS_PROVIDER: "outbox",
  EMAIL_PROVIDER: "outbox",
  PUBLIC_ORIGIN: "https://lk.rms-med.ru",
};

const yookassa = {
  PAYMENTS_PROVIDER: "yookassa",
  YOOKASSA_SHOP_ID: "123456",
  YOOKASSA_SECRET_KEY: "live_secret",
};

/** The lines of loadConfig's refusal, or "" when it accepts the environment. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return "";
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  }
}

describe("the payment settings of the environment", () => {
  it("choose the sandbox with its loopback notification ranges when nothing is set", () => {
    expect(loadConfig({}).payments).toEqual({
      provider: "sandbox",
      vatCode: 1,
      notifyCidrs: SANDBOX_NOTIFY_CIDRS,
      sandbox: { notifyDelaySeconds: 0, sbpRefundSeconds: 30 },
    });
  });

  it("make production name its provider and its VAT code", () => {
    const message = refusal(production);
    expect(message).toMatch(/PAYMENTS_PROVIDER: required in production/);
    expect(message).toMatch(/PAYMENTS_VAT_CODE: required in production/);
    expect(refusal({ ...production, PAYMENTS_PROVIDER: "sandbox" })).toMatch(/PAYMENTS_VAT_CODE/);
    expect(refusal({ ...production, PAYMENTS_VAT_CODE: "1" })).toMatch(/PAYMENTS_PROVIDER/);
    expect(refusal({ ...production, ...yookassa, PAYMENTS_VAT_CODE: "1" })).toBe("");
  });

  it("refuse ЮKassa without its shop id or its secret key", () => {
    const message = refusal({ PAYMENTS_PROVIDER: "yookassa" });
    expect(message).toMatch(/YOOKASSA_SHOP_ID: required when PAYMENTS_PROVIDER=yookassa/);
    expect(message).toMatch(/YOOKASSA_SECRET_KEY: required when PAYMENTS_PROVIDER=yookassa/);
    expect(refusal({ ...yookassa, YOOKASSA_SECRET_KEY: "" })).toMatch(/YOOKASSA_SECRET_KEY/);
    expect(refusal({ PAYMENTS_PROVIDER: "robokassa" })).toMatch(/PAYMENTS_PROVIDER/);
  });

  it("give ЮKassa its real address and its published notification ranges by default", () => {
    expect(loadConfig({ ...production, ...yookassa, PAYMENTS_VAT_CODE: "1" }).payments).toEqual({
      provider: "yookassa",
      shopId: "123456",
      secretKey: "live_secret",
      baseUrl: YOOKASSA_BASE_URL,
      vatCode: 1,
      taxSystemCode: undefined,
      notifyCidrs: YOOKASSA_NOTIFY_CIDRS,
    });
  });

  it("take another address, a tax system and a notification list", () => {
    const { payments } = loadConfig({
      ...yookassa,
      YOOKASSA_BASE_URL: "http://127.0.0.1:9999/v3/",
      PAYMENTS_VAT_CODE: "6",
      PAYMENTS_TAX_SYSTEM_CODE: "2",
      PAYMENTS_NOTIFY_CIDRS: " 185.71.76.0/27, 2a02:5180::/32 ,",
    });
    expect(payments).toMatchObject({
      baseUrl: "http://127.0.0.1:9999/v3/",
      vatCode: 6,
      taxSystemCode: 2,
      notifyCidrs: ["185.71.76.0/27", "2a02:5180::/32"],
    });
  });

  it("refuse a notification list that is not address/prefix ranges, and codes out of range", () => {
    expect(refusal({ PAYMENTS_NOTIFY_CIDRS: "185.71.76.0/27, 185.71.77.0" })).toMatch(
      /PAYMENTS_NOTIFY_CIDRS: expected address\/prefix ranges separated by commas, not 185\.71\.77\.0/,
    );
    expect(refusal({ PAYMENTS_NOTIFY_CIDRS: "localhost/8" })).toMatch(/PAYMENTS_NOTIFY_CIDRS/);
    expect(refusal({ PAYMENTS_VAT_CODE: "13" })).toMatch(/PAYMENTS_VAT_CODE/);
    expect(refusal({ PAYMENTS_TAX_SYSTEM_CODE: "0" })).toMatch(/PAYMENTS_TAX_SYSTEM_CODE/);
    expect(refusal({ ...yookassa, YOOKASSA_BASE_URL: "ftp://api.yookassa.ru/v3/" })).toMatch(
      /YOOKASSA_BASE_URL/,
    );
  });

  it("never put the secret key in a refusal's message", () => {
    expect(refusal({ ...yookassa, YOOKASSA_SHOP_ID: "" })).not.toContain("live_secret");
  });
});
