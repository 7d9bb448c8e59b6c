import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { createLocalFileStorage } from "./local-file-storage.ts";
import { createS3FileStorage } from "./s3-file-storage.ts";

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

const KEY = /^\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

/** A fresh random key, grouped by month so no directory grows without bound. */
export function newStorageKey(now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

/** Guards every adapter: a key must be one that newStorageKey made. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
}

export function createFileStorage(config: FileStorageConfig): FileStorage {
  switch (config.kind) {
    case "local":
      return createLocalFileStorage(config.directory);
    case "s3":
      return createS3FileStorage(config);
  }
}
