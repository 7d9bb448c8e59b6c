import type { Readable } from "node:stream";
import { lazyModule } from "../../lazy.ts";
import { createLocalFileStorage } from "./local-file-storage.ts";

export { assertStorageKey, isStorageKey, newStorageKey } from "./storage-key.ts";

/**
 * Where uploaded files live: local disk under DATA_DIR/files by default, any S3-compatible store
 * in production (DESIGN.md, "Scale path"). Keys are random (newStorageKey); nothing a client sent
 * becomes part of a path.
 */
export interface FileStorage {
  readonly name: "local" | "s3";
  /**
   * Streams `body` into a new object under `key` without holding it in memory; resolves with the
   * bytes written. When the stream fails (a size limit, a dropped connection) nothing is left.
   */
  put(key: string, body: Readable, contentType: string): Promise<{ size: number }>;
  /** The object's bytes as a stream, or null when there is no such object. */
  get(key: string): Promise<Readable | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /**
   * The whole objects last written before `olderThan`, in no particular order; an upload still
   * in progress is not among them. Only keys that newStorageKey made are listed.
   */
  list(olderThan: Date): AsyncIterable<StoredObject>;
  /**
   * Removes what uploads that never finished left behind (a server killed mid-upload) when it was
   * last written before `olderThan`; resolves with how many it removed.
   */
  removeUnfinished(olderThan: Date): Promise<number>;
}

export interface StoredObject {
  key: string;
  modifiedAt: Date;
}

export type FileStorageConfig =
  | { kind: "local"; directory: string }
  | {
      kind: "s3";
      bucket: string;
      region: string;
      /** For S3-compatible stores (Yandex Object Storage, MinIO, s3rver in tests). */
      endpoint?: string;
      forcePathStyle: boolean;
      accessKeyId?: string;
      secretAccessKey?: string;
    };

export function createFileStorage(config: FileStorageConfig): FileStorage {
  switch (config.kind) {
    case "local":
      return createLocalFileStorage(config.directory);
    case "s3":
      return lazyS3FileStorage(config);
  }
}

/** The S3 adapter behind a door that loads the AWS SDK (half a second of start) on first use. */
function lazyS3FileStorage(config: Extract<FileStorageConfig, { kind: "s3" }>): FileStorage {
  const storage = lazyModule(async () =>
    (await import("./s3-file-storage.ts")).createS3FileStorage(config),
  );
  return {
    name: "s3",
    async put(key, body, contentType) {
      return (await storage()).put(key, body, contentType);
    },
    async get(key) {
      return (await storage()).get(key);
    },
    async delete(key) {
      return (await storage()).delete(key);
    },
    async *list(olderThan) {
      yield* (await storage()).list(olderThan);
    },
    async removeUnfinished(olderThan) {
      return (await storage()).removeUnfinished(olderThan);
    },
  };
}
