// Payment notifications under duplication (issue 15): `npm run bench:payments` (the server runs
// from source on a fresh embedded database with the demo data, or on a throwaway database of
// DATABASE_URL's server, two instances then). For each of ROUNDS orders: the demo client buys a
// certificate with the sandbox provider over HTTP, pays on the sandbox's page, and the payment's
// «payment.succeeded» notification is fired COPIES times at once at the listening server(s)
// (split between the instances on PostgreSQL); then COPIES GET /api/health at once, as the same
// moment's measure of the machine. Checked every round, the bench exits with 1 otherwise: every
// answer 200, exactly one «applied», the order paid, exactly one new certificate in «Мои договоры».
// The sandbox's own notifications are delayed 10 minutes so that the bench's copies are the first.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Instance,
  percentile,
  signInCookie,
  startInstance,
  stopInstance,
  throwawayDatabase,
} from "./support/server.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const COPIES = Number(process.env.BENCH_COPIES ?? 100);
const FROM_SOURCE = { main: "server/main.ts", nodeOptions: ["--import", "tsx"] };
const DEMO = { phone: "+79261111111", password: "rms-demo-2026" };

interface Timed {
  status: number;
  body: string;
  ms: number;
}

async function timed(url: string, init?: RequestInit): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = await response.text();
  return { status: response.status, body, ms: performance.now() - started };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 };
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function main(): Promise<void> {
  process.env.PAYMENTS_SANDBOX_NOTIFY_DELAY_SECONDS = "600";
  const serverUrl = process.env.DATABASE_URL;
  const dataDir = serverUrl ? undefined : mkdtempSync(join(tmpdir(), "rms-bench-payments-"));
  const database = serverUrl ? await throwawayDatabase(serverUrl, "rms_bench_payments") : null;
  const instances: Instance[] = [];
  let failed = false;
  try {
    instances.push(
      await startInstance({ databaseUrl: database?.url, dataDir, seed: true, ...FROM_SOURCE }),
    );
    if (database) {
      instances.push(
        await startInstance({ databaseUrl: database.url, seed: false, ...FROM_SOURCE }),
      );
    }
    const [first] = instances;
    if (!first) throw new Error("no instance");
    const base = first.base;
    const cookie = await signInCookie(base, "/api/auth/sign-in", DEMO, "rms_session");
    const headers = { cookie, origin: base, "content-type": "application/json" };
    const { programs } = await json<{ programs: { id: string }[] }>(
      await fetch(`${base}/api/shop/programs`),
    );
    const { documents } = await json<{ documents: { slug: string; version: number }[] }>(
      await fetch(`${base}/api/legal/documents`),
    );
    const offer = documents.find((document) => document.slug === "offer");
    const program = programs[0];
    if (!program || !offer) throw new Error("no program sold online, or no offer agreement");
    const startsOn = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const contractCount = async () =>
      (await json<{ contracts: unknown[] }>(await fetch(`${base}/api/contracts`, { headers })))
        .contracts.length;

    const notifyMs: number[] = [];
    const healthMs: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await contractCount();
      const { orderId, confirmationUrl } = await json<{ orderId: string; confirmationUrl: string }>(
        await fetch(`${base}/api/orders`, {
          method: "POST",
          headers,
          body: JSON.stringify({
            kind: "certificate",
            checkoutKey: crypto.randomUUID(),
            programId: program.id,
            persons: [
              {
                lastName: "Иванов",
                firstName: "Иван",
                patronymic: "Иванович",
                birthDate: "20.05.1985",
              },
            ],
            startsOn,
            receiptEmail: "bench@example.ru",
            acceptedDocuments: [{ slug: "offer", version: offer.version }],
            method: "bank_card",
          }),
        }),
      );
      const paymentId = new URL(confirmationUrl).pathname.split("/").at(-1) ?? "";
      const paid = await fetch(`${base}/sandbox-pay/${paymentId}/pay`, {
        method: "POST",
        headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
        redirect: "manual",
      });
      if (paid.status !== 303) throw new Error(`the sandbox page answered ${paid.status}`);
      const body = JSON.stringify({
        type: "notification",
        event: "payment.succeeded",
        object: { id: paymentId, status: "succeeded" },
      });
      const answers = await Promise.all(
        Array.from({ length: COPIES }, (_, i) =>
          timed(`${instances[i % instances.length]?.base}/api/payments/notifications/sandbox`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          }),
        ),
      );
      const health = await Promise.all(
        Array.from({ length: COPIES }, (_, i) =>
          timed(`${instances[i % instances.length]?.base}/api/health`),
        ),
      );
      notifyMs.push(...answers.map((answer) => answer.ms));
      healthMs.push(...health.map((answer) => answer.ms));
      const applied = answers.filter((answer) => answer.body.includes('"applied"')).length;
      const statuses = new Set(answers.map((answer) => answer.status));
      const order = await json<{ status: string }>(
        await fetch(`${base}/api/orders/${orderId}`, { headers }),
      );
      const added = (await contractCount()) - before;
      const ok =
        statuses.size === 1 &&
        statuses.has(200) &&
        applied === 1 &&
        order.status === "paid" &&
        added === 1;
      console.log(
        `round ${round}: ${COPIES} copies → statuses ${[...statuses].join(",")}, applied ${applied}, order ${order.status}, certificates +${added}${ok ? "" : "  ← FAILED"}`,
      );
      if (!ok) failed = true;
    }
    const notify = stats(notifyMs);
    const health = stats(healthMs);
    const round1 = (n: number) => n.toFixed(1);
    console.log(
      `\n${ROUNDS} rounds × ${COPIES} at once, ${instances.length} instance(s) on ${serverUrl ? "PostgreSQL" : "the embedded database"}; ${cpus().length} CPUs, load ${loadavg()[0]?.toFixed(2)}\n`,
    );
    console.log("| request | p50, ms | p95, ms | max, ms | p95 ÷ health's p95 |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    console.log(
      `| POST /api/payments/notifications/sandbox (a copy of one paid payment) | ${round1(notify.p50)} | ${round1(notify.p95)} | ${round1(notify.max)} | ${(notify.p95 / health.p95).toFixed(1)} |`,
    );
    console.log(
      `| GET /api/health (as many at once) | ${round1(health.p50)} | ${round1(health.p95)} | ${round1(health.max)} | 1.0 |`,
    );
  } finally {
    for (const instance of instances) await stopInstance(instance);
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) {
    console.error("\nFAILED: a payment was not fulfilled exactly once");
    process.exit(1);
  }
}

await main();
