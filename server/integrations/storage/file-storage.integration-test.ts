import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStorage, type FileStorage, newStorageKey } from "./file-storage.ts";

const S3_BUCKET = "rms-files";
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "rms-storage-"));
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

async function localStorage(): Promise<FileStorage> {
  return createFileStorage({ kind: "local", directory: await temporaryDirectory() });
}

/** The S3 adapter against s3rver, a fake S3 server on a local port. */
async function s3Storage(): Promise<FileStorage> {
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: await temporaryDirectory(),
    configureBuckets: [{ name: S3_BUCKET }],
  });
  const { port } = await server.run();
  cleanups.push(() => server.close());
  return createFileStorage({
    kind: "s3",
    bucket: S3_BUCKET,
    region: "ru-central1",
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
  });
}

/** A stream of `size` bytes that fails after `failAfter` bytes when given. */
function bytes(size: number, failAfter?: number): Readable {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) {
        this.destroy(new Error("the upload was cut off"));
        return;
      }
      if (sent >= size) {
        this.push(null);
        return;
      }
      const next = chunk.subarray(0, Math.min(chunk.length, size - sent));
      sent += next.length;
      this.push(next);
    },
  });
}

describe.each([
  ["local disk", localStorage],
  ["S3 (s3rver)", s3Storage],
])("file storage on %s", (_name, open) => {
  let storage: FileStorage;
  beforeAll(async () => {
    storage = await open();
  });

  it("stores a stream and gives back the same bytes", async () => {
    const key = newStorageKey();
    const result = await storage.put(
      key,
      Readable.from([Buffer.from("Анализы: норма")]),
      "text/plain",
    );
    expect(result.size).toBe(Buffer.byteLength("Анализы: норма"));
    const stored = await storage.get(key);
    expect(stored && (await text(stored))).toBe("Анализы: норма");
  });

  it("stores a file larger than one S3 part", async () => {
    const key = newStorageKey();
    const size = 7 * 1024 * 1024 + 123;
    expect((await storage.put(key, bytes(size), "application/pdf")).size).toBe(size);
    const stored = await storage.get(key);
    let read = 0;
    for await (const chunk of stored ?? []) read += (chunk as Buffer).length;
    expect(read).toBe(size);
  });

  it("leaves nothing behind when the stream fails midway", async () => {
    const key = newStorageKey();
    await expect(
      storage.put(key, bytes(6 * 1024 * 1024, 1024 * 1024), "image/png"),
    ).rejects.toThrow();
    expect(await storage.get(key)).toBeNull();
  });

  it("answers null for a missing object and deletes idempotently", async () => {
    const key = newStorageKey();
    await storage.put(key, Readable.from([Buffer.from("x")]), "text/plain");
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
  });

  it("refuses a key that newStorageKey did not make", async () => {
    await expect(storage.get("../../etc/passwd")).rejects.toThrow(/not a storage key/);
  });
});

describe("local file storage", () => {
  it("keeps no partial file after a failed upload", async () => {
    const directory = await temporaryDirectory();
    const storage = createFileStorage({ kind: "local", directory });
    const key = newStorageKey();
    await expect(storage.put(key, bytes(1024 * 1024, 64 * 1024), "image/png")).rejects.toThrow();
    const month = key.split("/").slice(0, 2).join("/");
    expect(await readdir(join(directory, month))).toEqual([]);
  });
});
