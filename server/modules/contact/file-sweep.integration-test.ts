import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import { medcardCards, medcardDocuments } from "../../db/schema/index.ts";
import { createJobQueue, type JobQueue } from "../../integrations/jobs/job-queue.ts";
import {
  createFileStorage,
  type FileStorage,
  newStorageKey,
} from "../../integrations/storage/file-storage.ts";
import { createTestDatabase } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import { createTestClient } from "../../test/factories.ts";
import { startTestS3 } from "../../test/test-s3.ts";
import { createFileSweep, ORPHAN_AGE_MS, sweepOrphanFiles } from "./file-sweep.ts";
import { insertMessage } from "./messages.repository.ts";

const cleanups: (() => Promise<void>)[] = [];
let database: DatabaseHandle;
let clientId: string;
let contractId: string;

beforeAll(async () => {
  const test = await createTestDatabase();
  cleanups.push(test.dispose);
  database = test.database;
  await database.migrate();
  const db = database.db;
  clientId = (await createTestClient(db)).id;
  const program = await createTestProgram(db);
  contractId = (
    await createTestContract(db, {
      programId: program.id,
      startsOn: "2026-01-01",
      endsOn: "2027-12-31",
      persons: [{ slot: 1, lastName: "Петрова", firstName: "Анна", birthDate: "1990-03-15" }],
    })
  ).id;
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "rms-sweep-"));
  cleanups.push(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

async function store(storage: FileStorage): Promise<string> {
  const key = newStorageKey();
  await storage.put(key, Readable.from([Buffer.from("%PDF-1.7 анализы")]), "application/pdf");
  return key;
}

/** A message whose attachment row refers to `key`. */
async function attach(key: string): Promise<void> {
  await insertMessage(
    database.db,
    { clientId, contractId, email: "anna@example.ru", body: "Результаты анализов" },
    [{ storageKey: key, originalName: "анализы.pdf", mediaType: "application/pdf", sizeBytes: 20 }],
  );
}

/** A document of the client's own medical card whose file is `key`. */
async function fileInMedcard(key: string): Promise<void> {
  const [card] = await database.db
    .insert(medcardCards)
    .values({ ownerClientId: clientId, subject: "self" })
    .onConflictDoNothing()
    .returning();
  const [own] = card ? [card] : await database.db.select().from(medcardCards).limit(1);
  if (!own) throw new Error("no medical card");
  await database.db.insert(medcardDocuments).values({
    cardId: own.id,
    type: "test_result",
    title: "Общий анализ крови",
    documentDate: "2026-11-30",
    source: "patient",
    storageKey: key,
    originalName: "анализы.pdf",
    mediaType: "application/pdf",
    sizeBytes: 20,
  });
}

const exists = async (storage: FileStorage, key: string) => (await storage.get(key)) !== null;

/**
 * Stores what `before` stores, then what `after` stores at least a second later, and answers a
 * sweep's `now` that makes the first an hour old and the second younger. S3 keeps LastModified to
 * the second and cannot be set back, so the hour is moved instead of the files.
 */
async function storedAnHourApart<A, B>(before: () => Promise<A>, after: () => Promise<B>) {
  const old = await before();
  const boundary = Math.floor(Date.now() / 1000) * 1000 + 1000;
  await new Promise((resolve) => setTimeout(resolve, boundary + 1100 - Date.now()));
  const young = await after();
  return { old, young, now: new Date(boundary + ORPHAN_AGE_MS) };
}

describe.each([
  [
    "local disk",
    async () => createFileStorage({ kind: "local", directory: await temporaryDirectory() }),
  ],
  [
    "S3 (s3rver)",
    async () => {
      const s3 = await startTestS3(await temporaryDirectory());
      cleanups.push(() => s3.close());
      return s3.storage;
    },
  ],
])("the sweep of stored files on %s", (_name, open) => {
  let storage: FileStorage;
  beforeAll(async () => {
    storage = await open();
  });

  it("removes an hour-old file that no row refers to, and keeps a message's, a medical card's and a young one", async () => {
    const { old, young, now } = await storedAnHourApart(
      async () => {
        const orphan = await store(storage);
        const referenced = await store(storage);
        await attach(referenced);
        const inMedcard = await store(storage);
        await fileInMedcard(inMedcard);
        return { orphan, referenced, inMedcard };
      },
      () => store(storage),
    );

    const removed = await sweepOrphanFiles(database.db, storage, now);

    expect(removed.orphans).toBe(1);
    expect(await exists(storage, old.orphan)).toBe(false);
    expect(await exists(storage, old.referenced)).toBe(true);
    expect(await exists(storage, old.inMedcard)).toBe(true);
    // Younger than an hour: it may be an upload whose message is not committed yet.
    expect(await exists(storage, young)).toBe(true);
  });

  it("is safe when two sweeps run at once", async () => {
    const { old, young, now } = await storedAnHourApart(
      async () => {
        const orphans = [await store(storage), await store(storage), await store(storage)];
        const referenced = await store(storage);
        await attach(referenced);
        return { orphans, referenced };
      },
      () => store(storage),
    );

    // Each lists the same files and removes what the other may have removed already.
    await Promise.all([
      sweepOrphanFiles(database.db, storage, now),
      sweepOrphanFiles(database.db, storage, now),
    ]);

    for (const orphan of old.orphans) expect(await exists(storage, orphan)).toBe(false);
    expect(await exists(storage, old.referenced)).toBe(true);
    expect(await exists(storage, young)).toBe(true);
    expect((await sweepOrphanFiles(database.db, storage, now)).orphans).toBe(0);
  });
});

describe("the sweep of stored files on local disk", () => {
  it("removes the .part file an upload left when its server was killed an hour ago, and keeps a young one", async () => {
    const directory = await temporaryDirectory();
    const storage = createFileStorage({ kind: "local", directory });
    const partFile = async (ageMs: number) => {
      const key = newStorageKey();
      await mkdir(join(directory, key, ".."), { recursive: true });
      await writeFile(join(directory, `${key}.part`), "%PDF-1.7 половина файла");
      const written = new Date(Date.now() - ageMs);
      await utimes(join(directory, `${key}.part`), written, written);
      return key;
    };
    const dead = await partFile(ORPHAN_AGE_MS + 60_000);
    const uploading = await partFile(5_000);

    expect(await sweepOrphanFiles(database.db, storage)).toEqual({ orphans: 0, unfinished: 1 });
    const month = (key: string) => readdir(join(directory, key.split("/").slice(0, 2).join("/")));
    expect(await month(dead)).not.toContain(`${dead.split("/")[2]}.part`);
    expect(await month(uploading)).toContain(`${uploading.split("/")[2]}.part`);
  });
});

describe("the scheduled file sweep", () => {
  it("runs once a period however many instances of the app tick at the same moment", async () => {
    const directory = await temporaryDirectory();
    const storage = createFileStorage({ kind: "local", directory });
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };
    const dead = newStorageKey();
    await mkdir(join(directory, dead, ".."), { recursive: true });
    await writeFile(join(directory, `${dead}.part`), "половина");
    const longAgo = new Date(Date.now() - 2 * ORPHAN_AGE_MS);
    await utimes(join(directory, `${dead}.part`), longAgo, longAgo);

    // Two app instances on one database: each its own pg-boss and its own sweep.
    const queues: JobQueue[] = [createJobQueue(database, log), createJobQueue(database, log)];
    for (const queue of queues) await queue.start();
    const sweeps = queues.map((jobs) => createFileSweep({ jobs, db: database.db, storage, log }));
    for (const sweep of sweeps) await sweep.start();
    try {
      const ran = await Promise.all([...sweeps.map((sweep) => sweep.tick()), sweeps[0]?.tick()]);
      expect(ran.filter(Boolean)).toHaveLength(1);
      // Within the same period, a later tick finds the job done.
      expect(await Promise.all(sweeps.map((sweep) => sweep.tick()))).toEqual([false, false]);
      // What it removed is logged as counts; no file's name reaches the log.
      expect(log.info.mock.calls).toEqual([
        [{ storage: "local", orphans: 0, unfinished: 1 }, "file sweep removed stored files"],
      ]);
      expect(log.error).not.toHaveBeenCalled();
    } finally {
      for (const sweep of sweeps) await sweep.stop();
      for (const queue of queues) await queue.stop();
    }
  });
});
