import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = mkdtempSync(join(tmpdir(), "rms-main-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(Number(match[1]));
      }
    }, 50);
    exited.then(() => {
      clearInterval(timer);
      reject(new Error(`server exited before listening:\n${output}`));
    });
  });
  // A server that is meant to fail never listens; that rejection is expected, not unhandled.
  listening.catch(() => {});
  return { child, exited, listening, output: () => output };
}

function stop(child: ChildProcess) {
  if (child.exitCode === null) child.kill("SIGKILL");
}

describe("the server process", () => {
  it("refuses to start on a bad setting and names the variable", async () => {
    const server = startServer({ PORT: "seventy" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("PORT");
  });

  // Two cold starts of a server process, each creating its embedded database: slow on 2 cores.
  it("finishes a request in flight on SIGTERM, closes the database and exits cleanly", {
    timeout: 120_000,
  }, async () => {
    const server = startServer({});
    try {
      const port = await server.listening;
      // A request whose body is still arriving when the signal comes.
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/api/not-here",
            headers: { "content-type": "application/json", "content-length": "11" },
          },
          (res) => {
            let body = "";
            res.on("data", (chunk) => {
              body += chunk;
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on("error", reject);
        req.write('{"a":');
        setTimeout(() => {
          server.child.kill("SIGTERM");
          setTimeout(() => req.end('"b12"}'), 300);
        }, 200);
      });
      const answered = await response;
      expect(answered.status).toBe(404);
      expect(JSON.parse(answered.body).title).toBe("Не найдено");
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain("shutting down");
    } finally {
      stop(server.child);
    }

    // The embedded database was closed cleanly: it opens again with its data.
    const again = startServer({});
    try {
      await again.listening;
      again.child.kill("SIGTERM");
      expect(await again.exited).toBe(0);
    } finally {
      stop(again.child);
    }
  });
});
