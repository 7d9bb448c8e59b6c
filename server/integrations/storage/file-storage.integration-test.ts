import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestS3 } from "../../test/test-s3.ts";
import { createFileStorage, type FileStorage, newStorageKey } from "./file-storage.ts";

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
  const s3 = await startTestS3(await temporaryDirectory());
  cleanups.push(() => s3.close());
  return s3.storage;
}

/** Everything an async iterable yields (Node 20 has no Array.fromAsync). */
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
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

  it("lists the objects written before a time, with when they were written", async () => {
    // S3 keeps LastModified to the second.
    const before = new Date(Date.now() - 2_000);
    const key = newStorageKey();
    await storage.put(key, Readable.from([Buffer.from("x")]), "text/plain");
    const later = new Date(Date.now() + 60_000);

    const listed = await collect(storage.list(later));
    const object = listed.find((candidate) => candidate.key === key);
    expect(object?.modifiedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(object?.modifiedAt.getTime()).toBeLessThan(later.getTime());
    const keys = async (olderThan: Date) =>
      (await collect(storage.list(olderThan))).map((listedObject) => listedObject.key);
    expect(await keys(before)).not.toContain(key);

    await storage.delete(key);
    expect(await keys(later)).not.toContain(key);
  });
});

describe("S3 file storage", () => {
  it("lists every object of a bucket that takes more than one page to list", async () => {
    const storage = await s3Storage();
    // ListObjectsV2 answers at most 1,000 keys a page.
    const stored = Array.from({ length: 1_003 }, () => newStorageKey());
    for (let start = 0; start < stored.length; start += 50) {
      await Promise.all(
        stored
          .slice(start, start + 50)
          .map((key) => storage.put(key, Readable.from([Buffer.from("x")]), "text/plain")),
      );
    }
    const listed = await collect(storage.list(new Date(Date.now() + 60_000)));
    expect(new Set(listed.map((object) => object.key))).toEqual(new Set(stored));
  }, 60_000);
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

  it("removes the .part files of uploads that died an hour ago, and lists none of them", async () => {
    const directory = await temporaryDirectory();
    const storage = createFileStorage({ kind: "local", directory });
    // What a server killed mid-upload leaves: a .part file that nothing will rename or remove.
    const abandoned = async (ageMs: number) => {
      const key = newStorageKey();
      const path = join(directory, `${key}.part`);
      await mkdir(join(path, ".."), { recursive: true });
      await writeFile(path, "half a file");
      const written = new Date(Date.now() - ageMs);
      await utimes(path, written, written);
      return `${key}.part`;
    };
    const old = await abandoned(2 * 60 * 60 * 1000);
    const young = await abandoned(60 * 1000);
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);

    expect(await collect(storage.list(new Date(Date.now() + 60_000)))).toEqual([]);
    expect(await storage.removeUnfinished(hourAgo)).toBe(1);
    const left = await readdir(join(directory, young.split("/").slice(0, 2).join("/")));
    expect(left).toContain(young.split("/")[2]);
    expect(left).not.toContain(old.split("/")[2]);
    expect(await storage.removeUnfinished(hourAgo)).toBe(0);
  });

  it("lists nothing, and removes nothing, before the first file is stored", async () => {
    const storage = createFileStorage({
      kind: "local",
      directory: join(await temporaryDirectory(), "files"),
    });
    expect(await collect(storage.list(new Date()))).toEqual([]);
    expect(await storage.removeUnfinished(new Date())).toBe(0);
  });
});
