import { lazyModule } from "../../lazy.ts";
import type { EmailConfig, EmailProvider } from "./email-provider.ts";
import { EmailSendError } from "./email-send-error.ts";

// 5xx SMTP replies are final (no such mailbox, refused); 4xx and network errors are worth a retry.
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** E-mail through an SMTP server, with nodemailer. */
export function createSmtpEmailProvider(
  config: Extract<EmailConfig, { provider: "smtp" }>,
): EmailProvider {
  // nodemailer loads with the first message, not at start. Short timeouts: a hung server must fail
  // the job well before the queue counts it as lost.
  const transport = lazyModule(async () =>
    (await import("nodemailer")).default.createTransport({
      url: config.url,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    }),
  );
  return {
    name: "smtp",
    async send({ to, subject, text, attachments = [] }) {
      try {
        await (await transport()).sendMail({
          from: config.from,
          to,
          subject,
          text,
          attachments: attachments.map((file) => ({
            filename: file.fileName,
            contentType: file.contentType,
            content: Buffer.from(file.contentBase64, "base64"),
          })),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new EmailSendError(message, isPermanent(error));
      }
    },
  };
}
