import { createECDH, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, globalAgent, type Server } from "node:https";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

// A push service of the test's own, on 127.0.0.1 over TLS (web-push speaks only https): it keeps
// what it was sent and answers each endpoint with the status the test chose (201 by default).

const here = new URL("./fixtures/", import.meta.url);
const cert = readFileSync(new URL("fake-push-service.cert.pem", here));
const key = readFileSync(new URL("fake-push-service.key.pem", here));

export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface FakePushService {
  /** An endpoint URL of this service (a browser's subscription points at one). */
  endpoint(name: string): string;
  /** Answers every later push to that endpoint with `status`. */
  answer(name: string, status: number): void;
  received(name: string): ReceivedPush[];
  close(): Promise<void>;
}

/**
 * Starts the service and makes this test process trust its certificate (the app's web-push
 * requests use Node's global HTTPS agent).
 */
export async function startFakePushService(): Promise<FakePushService> {
  const statuses = new Map<string, number>();
  const pushes: ReceivedPush[] = [];
  const server: Server = createServer({ cert, key }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      pushes.push({ path, headers: request.headers, body: Buffer.concat(chunks) });
      response.statusCode = statuses.get(path) ?? 201;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const trusted = globalAgent.options.ca;
  globalAgent.options.ca = [cert];
  const pathOf = (name: string) => `/push/${name}`;
  return {
    endpoint: (name) => `https://127.0.0.1:${port}${pathOf(name)}`,
    answer: (name, status) => statuses.set(pathOf(name), status),
    received: (name) => pushes.filter((push) => push.path === pathOf(name)),
    async close() {
      globalAgent.options.ca = trusted;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Ece = {
  decrypt(
    buffer: Buffer,
    params: { version: string; privateKey: unknown; authSecret: Buffer },
  ): Buffer;
};
// http_ece is what web-push encrypts with; the test decrypts as a browser would.
const ece = createRequire(import.meta.url)("http_ece") as Ece;

/** A browser's side of a subscription: its keys, and the decryption of what it is pushed. */
export function browserKeys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    p256dh: ecdh.getPublicKey().toString("base64url"),
    auth: auth.toString("base64url"),
    decrypt(body: Buffer): unknown {
      const plain = ece.decrypt(body, { version: "aes128gcm", privateKey: ecdh, authSecret: auth });
      return JSON.parse(plain.toString("utf8"));
    },
  };
}
