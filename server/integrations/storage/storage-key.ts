import { randomUUID } from "node:crypto";

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
