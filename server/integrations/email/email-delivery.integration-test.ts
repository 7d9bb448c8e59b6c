import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { listOutboxMessages } from "../../modules/dev/dev-outbox.repository.ts";
import { createTestDatabase } from "../../test/build-test-app.ts";
import { createJobQueue, type JobQueue } from "../jobs/job-queue.ts";
import { createEmailDelivery, type EmailDelivery } from "./email-delivery.ts";
import { createEmailProvider } from "./email-provider.ts";

let database: DatabaseHandle;
let dispose: () => Promise<void>;
let jobs: JobQueue;
const quietLog = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

interface Received {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** A local SMTP server that takes every mail, or refuses a recipient with the code given. */
async function fakeSmtp(refuse?: { address: string; code: number }) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse && address.address === refuse.address) {
        const error = Object.assign(new Error("mailbox unavailable"), {
          responseCode: refuse.code,
        });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          received.push({
            from: mail.from?.text ?? "",
            to: to?.text ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const deliveries: EmailDelivery[] = [];
async function startDelivery(config: Parameters<typeof createEmailProvider>[0]) {
  const delivery = createEmailDelivery({
    jobs,
    provider: createEmailProvider(config, database.db),
    log: quietLog,
    retry: { delaySeconds: 1, backoff: false, limit: 2 },
    pollingIntervalMs: 100,
  });
  await delivery.start();
  deliveries.push(delivery);
  return delivery;
}

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  await database.migrate();
  jobs = createJobQueue(database, quietLog);
  await jobs.start();
});
// Every delivery works the one e-mail queue: one left running would take the next test's message
// (an outbox worker "sending" the 550 test's mail marked it completed under load).
afterEach(async () => {
  await Promise.all(deliveries.splice(0).map((delivery) => delivery.stop()));
});
afterAll(async () => {
  await jobs.stop();
  await dispose();
});

describe("e-mail delivery", () => {
  it("stores e-mail in the outbox when no SMTP server is configured", async () => {
    const delivery = await startDelivery({ provider: "outbox" });
    await delivery.enqueue({
      to: "Client@Example.ru",
      subject: "Ответ на ваше сообщение",
      text: "Здравствуйте! Результаты анализов в норме.",
    });
    await delivery.whenSettled();
    const [message] = await listOutboxMessages(database.db, {
      email: "client@example.ru",
      limit: 5,
    });
    expect(message).toMatchObject({
      channel: "email",
      to: "client@example.ru",
      subject: "Ответ на ваше сообщение",
      text: "Здравствуйте! Результаты анализов в норме.",
    });
  });

  it("sends through an SMTP server with the configured sender", async () => {
    const smtp = await fakeSmtp();
    try {
      const delivery = await startDelivery({
        provider: "smtp",
        url: smtp.url,
        from: "РМС <noreply@rms.test>",
      });
      await delivery.enqueue({ to: "anna@example.ru", subject: "Ответ РМС", text: "Текст ответа" });
      await delivery.whenSettled();
      expect(smtp.received).toEqual([
        {
          from: '"РМС" <noreply@rms.test>',
          to: "anna@example.ru",
          subject: "Ответ РМС",
          text: "Текст ответа",
        },
      ]);
    } finally {
      await smtp.close();
    }
  });

  it("drops a message the server refuses for good (5xx) instead of retrying it", async () => {
    const smtp = await fakeSmtp({ address: "nobody@example.ru", code: 550 });
    try {
      const delivery = await startDelivery({
        provider: "smtp",
        url: smtp.url,
        from: "noreply@rms.test",
      });
      const id = await delivery.enqueue({ to: "nobody@example.ru", subject: "x", text: "x" });
      await delivery.whenSettled();
      const { rows } = await jobs.db.executeSql("select state from pgboss.job where id = $1", [id]);
      expect(rows[0]?.state).toBe("cancelled");
      expect(smtp.received).toEqual([]);
    } finally {
      await smtp.close();
    }
  });
});
