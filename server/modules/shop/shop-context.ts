import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/client.ts";
import type { PaymentProvider } from "../../integrations/payments/payment-provider.ts";

/** What the shop's services work with: the database, the configured provider, the receipts' VAT. */
export interface ShopContext {
  db: Db;
  provider: PaymentProvider;
  vatCode: number;
  log: Pick<FastifyBaseLogger, "info" | "warn" | "error">;
}

/** An unpaid order waits this long for its payment, then expires. */
export const ORDER_LIFETIME_MINUTES = 60;
