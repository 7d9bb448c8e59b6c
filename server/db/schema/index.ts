// One file per aggregate; this index is what Drizzle and drizzle-kit see.

export * from "./appeals.ts";
export * from "./booking.ts";
export * from "./calendar.ts";
export * from "./chat.ts";
export * from "./contact.ts";
export * from "./contracts.ts";
export * from "./data-export.ts";
export * from "./events.ts";
export * from "./identity.ts";
export * from "./integration.ts";
export * from "./legal.ts";
export * from "./medcard.ts";
export * from "./notifications.ts";
export * from "./outbox.ts";
export * from "./payments-sandbox.ts";
export * from "./personal-data.ts";
export * from "./privacy.ts";
export * from "./security-log.ts";
export * from "./sessions.ts";
export * from "./shop.ts";
export * from "./sms-codes.ts";
export * from "./staff-audit.ts";
export * from "./staff-sign-in.ts";
