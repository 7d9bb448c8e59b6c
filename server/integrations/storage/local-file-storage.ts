import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { FileStorage } from "./file-storage.ts";
import { assertStorageKey, isStorageKey } from "./storage-key.ts";

const PART = ".part";

/** The names in a directory; none when it does not exist (nothing was ever stored there). */
async function namesIn(directory: string): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** When the file was last written, or null when it is gone (removed by a concurrent sweep). */
async function modifiedAt(path: string): Promise<Date | null> {
  try {
    return (await stat(path)).mtime;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Every file under the yyyy/mm directories that keys use, as "yyyy/mm/name". */
async function* storedNames(directory: string): AsyncGenerator<string> {
  for (const year of await namesIn(directory)) {
    if (!/^\d{4}$/.test(year)) continue;
    for (const month of await namesIn(join(directory, year))) {
      if (!/^\d{2}$/.test(month)) continue;
      for (const name of await namesIn(join(directory, year, month))) {
        yield `${year}/${month}/${name}`;
      }
    }
  }
}

/**
 * Files on the local disk, under a directory outside any served folder. A file is written under a
 * temporary name and renamed when complete, so a reader never sees half of one.
 */
export function createLocalFileStorage(directory: string): FileStorage {
  const pathOf = (key: string) => {
    assertStorageKey(key);
    return join(directory, key);
  };
  return {
    name: "local",
    async put(key, body) {
      const path = pathOf(key);
      const partial = `${path}${PART}`;
      await mkdir(dirname(path), { recursive: true });
      let size = 0;
      body.on("data", (chunk: Buffer) => {
        size += chunk.length;
      });
      try {
        await pipeline(body, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return { size };
    },
    async get(key) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        return null;
      }
      return createReadStream(path);
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async *list(olderThan) {
      for await (const key of storedNames(directory)) {
        if (!isStorageKey(key)) continue;
        const modified = await modifiedAt(join(directory, key));
        if (modified && modified < olderThan) yield { key, modifiedAt: modified };
      }
    },
    async removeUnfinished(olderThan) {
      // A .part file is written to as its upload streams in: an old one belongs to an upload
      // that died (put() removes its own on any failure it lives to see).
      let removed = 0;
      for await (const name of storedNames(directory)) {
        if (!name.endsWith(PART) || !isStorageKey(name.slice(0, -PART.length))) continue;
        const path = join(directory, name);
        const modified = await modifiedAt(path);
        if (!modified || modified >= olderThan) continue;
        try {
          await rm(path);
          removed += 1;
        } catch (error) {
          // Removed meanwhile by a sweep running beside this one.
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        }
      }
      return removed;
    },
  };
}
