import { z } from "zod";
import type { PaymentsConfig } from "./payment-provider.ts";

/** ЮKassa's published notification addresses (wave2-facts; yookassa.ru/developers). */
export const YOOKASSA_NOTIFY_CIDRS = [
  "185.71.76.0/27",
  "185.71.77.0/27",
  "77.75.153.0/25",
  "77.75.156.11/32",
  "77.75.156.35/32",
  "77.75.154.128/25",
  "2a02:5180::/32",
];

/** The sandbox notifies through the app itself (app.inject from 127.0.0.1). */
export const SANDBOX_NOTIFY_CIDRS = ["127.0.0.1/32", "::1/128"];

export const YOOKASSA_BASE_URL = "https://api.yookassa.ru/v3/";

/** The payment variables of the environment, for server/config.ts to spread into its schema. */
export const paymentsEnvShape = {
  // No default here: production must choose (checkPaymentsEnv); elsewhere the sandbox.
  PAYMENTS_PROVIDER: z
    .enum(["sandbox", "yookassa"], { error: "expected sandbox or yookassa" })
    .optional(),
  YOOKASSA_SHOP_ID: z.string().min(1).optional(),
  YOOKASSA_SECRET_KEY: z.string().min(1).optional(),
  YOOKASSA_BASE_URL: z
    .url({ protocol: /^https?$/, error: "expected http(s)://host/v3/" })
    .optional(),
  PAYMENTS_VAT_CODE: z.coerce.number().int().min(1).max(12).optional(),
  PAYMENTS_TAX_SYSTEM_CODE: z.coerce.number().int().min(1).max(6).optional(),
  PAYMENTS_NOTIFY_CIDRS: z.string().optional(),
  PAYMENTS_SANDBOX_NOTIFY_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).optional(),
  PAYMENTS_SANDBOX_SBP_REFUND_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
};

type PaymentsEnv = {
  NODE_ENV?: string;
  PAYMENTS_PROVIDER?: "sandbox" | "yookassa";
  YOOKASSA_SHOP_ID?: string;
  YOOKASSA_SECRET_KEY?: string;
  YOOKASSA_BASE_URL?: string;
  PAYMENTS_VAT_CODE?: number;
  PAYMENTS_TAX_SYSTEM_CODE?: number;
  PAYMENTS_NOTIFY_CIDRS?: string;
  PAYMENTS_SANDBOX_NOTIFY_DELAY_SECONDS?: number;
  PAYMENTS_SANDBOX_SBP_REFUND_SECONDS?: number;
};

function cidrList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

const CIDR = /^[0-9a-f:.]+\/\d{1,3}$/i;

/**
 * The rules across variables: ЮKassa needs its shop id and secret key; production must name its
 * provider and its VAT code (1, «без НДС», fits medical services only where the company
 * qualifies: accounting decides, not a default).
 */
export function checkPaymentsEnv(env: PaymentsEnv, ctx: z.RefinementCtx): void {
  if (env.PAYMENTS_PROVIDER === "yookassa") {
    for (const name of ["YOOKASSA_SHOP_ID", "YOOKASSA_SECRET_KEY"] as const) {
      if (!env[name]) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: "required when PAYMENTS_PROVIDER=yookassa (from the ЮKassa merchant profile)",
        });
      }
    }
  }
  if (env.NODE_ENV === "production") {
    if (!env.PAYMENTS_PROVIDER) {
      ctx.addIssue({
        code: "custom",
        path: ["PAYMENTS_PROVIDER"],
        message:
          "required in production: yookassa, or sandbox for a demo (its payment page takes no money)",
      });
    }
    if (env.PAYMENTS_VAT_CODE === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["PAYMENTS_VAT_CODE"],
        message: "required in production: the receipts' vat_code, as the company's accounting says",
      });
    }
  }
  if (env.PAYMENTS_NOTIFY_CIDRS !== undefined) {
    const bad = cidrList(env.PAYMENTS_NOTIFY_CIDRS).filter((item) => !CIDR.test(item));
    if (bad.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["PAYMENTS_NOTIFY_CIDRS"],
        message: `expected address/prefix ranges separated by commas, not ${bad.join(", ")}`,
      });
    }
  }
}

/** The payment provider the (already checked) environment asks for. */
export function paymentsConfigFromEnv(env: PaymentsEnv): PaymentsConfig {
  const vatCode = env.PAYMENTS_VAT_CODE ?? 1;
  const configuredCidrs =
    env.PAYMENTS_NOTIFY_CIDRS === undefined ? undefined : cidrList(env.PAYMENTS_NOTIFY_CIDRS);
  if (env.PAYMENTS_PROVIDER === "yookassa") {
    if (!env.YOOKASSA_SHOP_ID || !env.YOOKASSA_SECRET_KEY) {
      throw new Error("YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY are required with yookassa");
    }
    return {
      provider: "yookassa",
      shopId: env.YOOKASSA_SHOP_ID,
      secretKey: env.YOOKASSA_SECRET_KEY,
      baseUrl: env.YOOKASSA_BASE_URL ?? YOOKASSA_BASE_URL,
      vatCode,
      taxSystemCode: env.PAYMENTS_TAX_SYSTEM_CODE,
      notifyCidrs: configuredCidrs ?? YOOKASSA_NOTIFY_CIDRS,
    };
  }
  return {
    provider: "sandbox",
    vatCode,
    notifyCidrs: configuredCidrs ?? SANDBOX_NOTIFY_CIDRS,
    sandbox: {
      notifyDelaySeconds: env.PAYMENTS_SANDBOX_NOTIFY_DELAY_SECONDS ?? 0,
      sbpRefundSeconds: env.PAYMENTS_SANDBOX_SBP_REFUND_SECONDS ?? 30,
    },
  };
}
