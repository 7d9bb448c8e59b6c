import type { Db } from "../../db/client.ts";
import { createOutboxEmailProvider } from "./outbox-email-provider.ts";
import { createSmtpEmailProvider } from "./smtp-email-provider.ts";

export { EmailSendError } from "./email-send-error.ts";

/** One plain-text e-mail to one address. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends one e-mail. Resolves once the provider has accepted it; throws otherwise, so that the
 * delivery job is retried (see email-delivery.ts).
 */
export interface EmailProvider {
  readonly name: string;
  send(message: EmailMessage): Promise<void>;
}

/** Which provider sends e-mail: the outbox (nothing leaves the server) or an SMTP server. */
export type EmailConfig =
  | { provider: "outbox" }
  | {
      provider: "smtp";
      /** `smtps://user:password@smtp.example.ru:465` or `smtp://…:587` (STARTTLS). */
      url: string;
      /** The From header: `РМС <noreply@rms-med.ru>`. */
      from: string;
    };

export function createEmailProvider(config: EmailConfig, db: Db): EmailProvider {
  switch (config.provider) {
    case "outbox":
      return createOutboxEmailProvider(db);
    case "smtp":
      return createSmtpEmailProvider(config);
  }
}
