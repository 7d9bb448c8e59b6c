import type { Db } from "../../db/client.ts";
import { outboxMessages } from "../../db/schema/outbox.ts";
import type { SmsProvider } from "./sms-provider.ts";

/**
 * The provider used when no gateway is configured: every SMS is stored in outbox_messages and
 * shown at /dev/outbox. It writes the table itself because it is that table's only writer for SMS.
 */
export function createOutboxSmsProvider(db: Db): SmsProvider {
  return {
    name: "outbox",
    async send({ to, text }) {
      await db.insert(outboxMessages).values({ channel: "sms", recipient: to, body: text });
    },
  };
}
