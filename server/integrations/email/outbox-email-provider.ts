import type { Db } from "../../db/client.ts";
import { outboxMessages } from "../../db/schema/outbox.ts";
import type { EmailProvider } from "./email-provider.ts";

/**
 * The provider used when no SMTP server is configured: every e-mail is stored in outbox_messages
 * and shown at /dev/outbox and GET /api/dev/outbox?email= (DESIGN.md).
 */
export function createOutboxEmailProvider(db: Db): EmailProvider {
  return {
    name: "outbox",
    async send({ to, subject, text, attachments = [] }) {
      // The files themselves are not kept: the outbox names them, with their size.
      const files = attachments.map(
        (file) =>
          `${file.fileName} (${Math.ceil(Buffer.byteLength(file.contentBase64, "base64") / 1024)} КБ)`,
      );
      const body = files.length > 0 ? `${text}\n\nВложения: ${files.join(", ")}` : text;
      await db
        .insert(outboxMessages)
        .values({ channel: "email", recipient: to.toLowerCase(), subject, body });
    },
  };
}
