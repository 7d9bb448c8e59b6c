import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { ServerBusyError } from "../../errors.ts";
import { BoundedQueue, type QueueLimits } from "./hashing-queue.ts";

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** The scrypt cost of new hashes. A stored hash carries its own, so any preset verifies any hash. */
export interface ScryptPreset {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
}

// OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB per hash).
export const PRODUCTION_SCRYPT: ScryptPreset = { N: 2 ** 17, r: 8, p: 1, keyLength: 32 };

// The test suites hash hundreds of passwords, half a second of CPU each at the production cost;
// 1 MiB makes each about a millisecond. Only for NODE_ENV=test, never a default.
const TEST_SCRYPT: ScryptPreset = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 };

/** The preset new hashes get under a NODE_ENV: the cheap one for "test" only. */
export function scryptPresetFor(nodeEnv: string | undefined): ScryptPreset {
  return nodeEnv === "test" ? TEST_SCRYPT : PRODUCTION_SCRYPT;
}

/** The memory scrypt needs for N and r (128·N·r bytes), doubled so Node never refuses it. */
export function scryptMaxmem(N: number, r: number): number {
  return 256 * N * r;
}

/**
 * The process's one queue of scrypt work: the pool it bounds (libuv's threads, the cores) is the
 * process's, whichever app instance asks. It starts at one hash and four waiting, until the app
 * sets the configured limits (config.ts sizes them to the cores). Exported for tests that need it busy.
 */
export const passwordHashingQueue = new BoundedQueue({ concurrency: 1, maxWaiting: 4 });

/** Sets the process's hashing limits (PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE). */
export function setPasswordHashingLimits(limits: QueueLimits): void {
  passwordHashingQueue.setLimits(limits);
}

function hashingBusy(): ServerBusyError {
  return new ServerBusyError(
    "Сервер сейчас занят входом других пользователей. Повторите через несколько секунд.",
    passwordHashingQueue.retryAfterMs(),
  );
}

/**
 * Throws ServerBusyError when a hash asked for now would be refused: lets a sign-in be refused
 * before it spends anything (a try claimed, database writes). A place is not held; the hash itself
 * may still be refused.
 */
export function refuseWhenHashingFull(): void {
  if (passwordHashingQueue.full) throw hashingBusy();
}

/** Runs one scrypt in the queue, or throws ServerBusyError (503, Retry-After) at once when full. */
function queuedScrypt(
  password: string,
  salt: Buffer,
  keyLength: number,
  N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  const run = passwordHashingQueue.tryRun(() =>
    scrypt(password.normalize("NFKC"), salt, keyLength, { N, r, p, maxmem: scryptMaxmem(N, r) }),
  );
  if (!run) throw hashingBusy();
  return run;
}

/**
 * Hashes a password as `scrypt$N$r$p$salt$hash` (base64), so parameters can grow later. The preset
 * follows NODE_ENV (see scryptPresetFor); only a test passes another one. Throws ServerBusyError
 * when the hashing queue is full.
 */
export async function hashPassword(
  password: string,
  preset: ScryptPreset = scryptPresetFor(process.env.NODE_ENV),
): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = preset;
  const hash = await queuedScrypt(password, salt, keyLength, N, r, p);
  return ["scrypt", N, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
}

/**
 * Checks a password against a stored hash in constant time, with the parameters the hash carries.
 * Throws ServerBusyError when the hashing queue is full.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await queuedScrypt(
    password,
    Buffer.from(salt, "base64"),
    expected.length,
    Number(n),
    Number(r),
    Number(p),
  );
  return timingSafeEqual(actual, expected);
}

/**
 * A stored-hash look-alike that no password matches, at the preset's cost: checking a password
 * against it spends what checking a real one does (for unknown accounts), without hashing first.
 */
export function unmatchableHash(
  preset: ScryptPreset = scryptPresetFor(process.env.NODE_ENV),
): string {
  const zeros = (bytes: number) => Buffer.alloc(bytes).toString("base64");
  return ["scrypt", preset.N, preset.r, preset.p, zeros(16), zeros(preset.keyLength)].join("$");
}
