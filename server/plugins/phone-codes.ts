import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { SmsCodeSent, VerifiedPhone } from "../../common/identity/sms-code.schema.ts";
import type { Db } from "../db/client.ts";
import type { SmsMessage } from "../integrations/sms/sms-provider.ts";

/** What a phone code confirms for a module other than identity: a visitor's «Заказать звонок». */
export type SharedCodePurpose = "callback";

export interface CodeRequestMeta {
  ip: string;
  userAgent: string | undefined;
}

/**
 * Identity's SMS codes and their tickets, for the modules that confirm a phone without an account
 * (the contact module's «Заказать звонок»). Passed in at registration in app.ts: a module reaching
 * identity's index directly would close an import cycle (identity → notifications → booking →
 * contact → identity).
 */
export interface PhoneCodes {
  sendCode(
    db: Db,
    sms: { enqueue(message: SmsMessage): Promise<unknown> },
    phone: string,
    purpose: SharedCodePurpose,
    meta: CodeRequestMeta,
  ): Promise<SmsCodeSent>;
  verifyCode(
    db: Db,
    phone: string,
    purpose: SharedCodePurpose,
    code: string,
    meta: CodeRequestMeta,
  ): Promise<VerifiedPhone>;
  /** The phone an unused, unexpired ticket confirmed, or null. */
  phoneOfTicket(
    db: Db,
    ticket: string,
    purpose: SharedCodePurpose,
    now?: Date,
  ): Promise<string | null>;
  /** Uses the ticket up in the caller's transaction; the phone, or null when it was not good. */
  redeemTicket(
    db: Db,
    ticket: string,
    purpose: SharedCodePurpose,
    now?: Date,
  ): Promise<string | null>;
}

declare module "fastify" {
  interface FastifyInstance {
    phoneCodes: PhoneCodes;
  }
}

export const phoneCodesPlugin = fp(
  async (app: FastifyInstance, codes: PhoneCodes) => {
    app.decorate("phoneCodes", {
      sendCode: codes.sendCode,
      verifyCode: codes.verifyCode,
      phoneOfTicket: codes.phoneOfTicket,
      redeemTicket: codes.redeemTicket,
    });
  },
  { name: "phone-codes" },
);
