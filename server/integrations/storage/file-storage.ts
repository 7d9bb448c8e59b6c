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

const KEY = /^\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

/** Whether a name is one that newStorageKey could have made. */
export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

/** A fresh random key, grouped by month so no directory grows without bound. */
export function newStorageKey(now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `${now.getUTCFullYear()}/${month}/${randomUUID()}`;
}

/** Guards every adapter: a key must be one that newStorageKey made. */
export function assertStorageKey(key: string): void {
  if (!isStorageKey(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
}

export function createFileStorage(config: FileStorageConfig): FileStorage {
  switch (config.kind) {
    case "local":
      return createLocalFileStorage(config.directory);
    case "s3":
      return createS3FileStorage(config);
  }
}
