// The upload scenario of issue 5: a client sends «Отправить сообщение» with a 24 MB file, and the
// server's resident memory is sampled while the body streams to the file storage. bench/run.ts
// runs it against the server it started (Linux: the memory is read from /proc/<pid>/status).
import { readFileSync } from "node:fs";

const MB = 1024 * 1024;
const FILE_BYTES = 24 * MB;
const CHUNK_BYTES = 64 * 1024;
const RUNS = 3;

export interface UploadMemoryResult {
  baselineMb: number;
  peakGrowthMb: number[];
  seconds: number[];
  statuses: number[];
  overLimit: { status: number; growthMb: number };
}

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kilobytes / 1024;
}

/** Samples the server's RSS every 10 ms while `work` runs; the highest value seen. */
async function peakDuring<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ peak: number; result: T }> {
  let peak = residentMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, residentMb(pid));
  }, 10);
  try {
    const result = await work();
    peak = Math.max(peak, residentMb(pid));
    return { peak, result };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A multipart body produced as it is sent: the client holds one 64 KB chunk at a time, so what
 * is measured is the server's memory, not a buffer on this side.
 */
function streamedForm(fileBytes: number): { body: ReadableStream<Uint8Array>; type: string } {
  const boundary = `----rms-bench-${Date.now()}`;
  const encoder = new TextEncoder();
  const head = encoder.encode(
    [
      `--${boundary}`,
      'Content-Disposition: form-data; name="email"',
      "",
      "bench@example.ru",
      `--${boundary}`,
      'Content-Disposition: form-data; name="message"',
      "",
      "Замер памяти при загрузке файла",
      `--${boundary}`,
      'Content-Disposition: form-data; name="files"; filename="scan.pdf"',
      "Content-Type: application/pdf",
      "",
      "%PDF-1.7\n",
    ].join("\r\n"),
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const chunk = new Uint8Array(CHUNK_BYTES).fill(0x20);
  let sent = 0;
  let stage: "head" | "file" | "tail" | "done" = "head";
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stage === "head") {
        controller.enqueue(head);
        stage = "file";
      } else if (stage === "file") {
        const size = Math.min(CHUNK_BYTES, fileBytes - sent);
        controller.enqueue(size === CHUNK_BYTES ? chunk : chunk.subarray(0, size));
        sent += size;
        if (sent >= fileBytes) stage = "tail";
      } else if (stage === "tail") {
        controller.enqueue(tail);
        stage = "done";
      } else {
        controller.close();
      }
    },
  });
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

async function upload(baseURL: string, cookie: string, contractId: string, bytes: number) {
  const form = streamedForm(bytes);
  const res = await fetch(`${baseURL}/api/contracts/${contractId}/messages`, {
    method: "POST",
    headers: { cookie, "content-type": form.type },
    body: form.body,
    duplex: "half",
  } as RequestInit & { duplex: "half" });
  await res.arrayBuffer();
  return res.status;
}

/** Signs the demo client in and uploads a 24 MB file three times, then 26 MB (refused with 413). */
export async function measureUploadMemory(
  baseURL: string,
  serverPid: number,
): Promise<UploadMemoryResult> {
  const signIn = await fetch(`${baseURL}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone: "+79261111111", password: "rms-demo-2026" }),
  });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const list = (await (
    await fetch(`${baseURL}/api/contracts`, { headers: { cookie } })
  ).json()) as {
    contracts: { id: string; status: string }[];
  };
  const contract = list.contracts.find((entry) => entry.status !== "expired");
  if (!contract) throw new Error("the demo client has no contract to write about");

  // A small upload first, so the code paths are loaded before the baseline is taken.
  await upload(baseURL, cookie, contract.id, 64 * 1024);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const baselineMb = residentMb(serverPid);

  const peakGrowthMb: number[] = [];
  const seconds: number[] = [];
  const statuses: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const before = residentMb(serverPid);
    const started = performance.now();
    const { peak, result } = await peakDuring(serverPid, () =>
      upload(baseURL, cookie, contract.id, FILE_BYTES),
    );
    seconds.push((performance.now() - started) / 1000);
    statuses.push(result);
    peakGrowthMb.push(peak - before);
  }
  const before = residentMb(serverPid);
  const over = await peakDuring(serverPid, () => upload(baseURL, cookie, contract.id, 26 * MB));
  return {
    baselineMb,
    peakGrowthMb,
    seconds,
    statuses,
    overLimit: { status: over.result, growthMb: over.peak - before },
  };
}

export function describeUploadMemory(result: UploadMemoryResult): string {
  const fixed = (value: number) => value.toFixed(1);
  return [
    `Upload of «Отправить сообщение» with one 24 MB file, streamed (chunked) from the client; server RSS ` +
      `sampled every 10 ms. Baseline RSS ${fixed(result.baselineMb)} MB.`,
    "",
    "| upload | status | seconds | peak RSS growth, MB |",
    "|---|---:|---:|---:|",
    ...result.statuses.map(
      (status, index) =>
        `| 24 MB file, run ${index + 1} | ${status} | ${fixed(result.seconds[index] ?? 0)} | ` +
        `${fixed(result.peakGrowthMb[index] ?? 0)} |`,
    ),
    `| 26 MB file (over the limit) | ${result.overLimit.status} | — | ${fixed(result.overLimit.growthMb)} |`,
  ].join("\n");
}
