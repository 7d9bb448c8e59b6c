import type { Db } from "../../db/client.ts";
import { createOutboxSmsProvider } from "./outbox-sms-provider.ts";
import { createSmsRuProvider } from "./smsru-sms-provider.ts";

/** One SMS to one Russian mobile number. */
export interface SmsMessage {
  /** E.164, `+79261111111`. */
  to: string;
  text: string;
}

/**
 * Sends one SMS. Resolves once the gateway has accepted it; throws otherwise, so that the delivery
 * job is retried (see sms-delivery.ts).
 */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

/** Which provider sends SMS: the outbox (nothing leaves the server) or SMS.ru. */
export type SmsConfig =
  | { provider: "outbox" }
  | {
      provider: "smsru";
      /** The account's api_id from the SMS.ru cabinet. */
      apiId: string;
      /** An approved sender name; the account's default sender when omitted. */
      sender?: string;
      /** Defaults to https://sms.ru; tests point it at a local fake. */
      baseUrl?: string;
    };

/** The provider chosen by the configuration. */
export function createSmsProvider(config: SmsConfig, db: Db): SmsProvider {
  switch (config.provider) {
    case "outbox":
      return createOutboxSmsProvider(db);
    case "smsru":
      return createSmsRuProvider(config);
  }
}
