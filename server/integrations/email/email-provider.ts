import type { Db } from "../../db/client.ts";
import { createOutboxEmailProvider } from "./outbox-email-provider.ts";
import { createSmtpEmailProvider } from "./smtp-email-provider.ts";

export { EmailSendError } from "./email-send-error.ts";

/** A file sent with an e-mail (a certificate's PDF), kept in the job so a retry sends the same. */
export interface EmailAttachment {
  fileName: string;
  contentType: "application/pdf";
  contentBase64: string;
}

/** One plain-text e-mail to one address, with files at times (≤ 1 MB in all). */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: EmailAttachment[];
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
