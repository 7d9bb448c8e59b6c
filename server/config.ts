import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { z } from "zod";
import {
  checkEmailEnv,
  emailConfigFromEnv,
  emailEnvShape,
} from "./integrations/email/email-config.ts";
import type { EmailConfig } from "./integrations/email/email-provider.ts";
import type { PaymentsConfig } from "./integrations/payments/payment-provider.ts";
import {
  checkPaymentsEnv,
  paymentsConfigFromEnv,
  paymentsEnvShape,
} from "./integrations/payments/payments-config.ts";
import type { PushConfig } from "./integrations/push/push-config.ts";
import { checkPushEnv, pushConfigFromEnv, pushEnvShape } from "./integrations/push/push-config.ts";
import { checkSmsEnv, smsConfigFromEnv, smsEnvShape } from "./integrations/sms/sms-config.ts";
import type { SmsConfig } from "./integrations/sms/sms-provider.ts";
import type { FileStorageConfig } from "./integrations/storage/file-storage.ts";
import {
  checkStorageEnv,
  storageConfigFromEnv,
  storageEnvShape,
} from "./integrations/storage/storage-config.ts";

const booleanFlag = z
  .enum(["0", "1", "true", "false"], { error: "expected 0, 1, true or false" })
  .transform((value) => value === "1" || value === "true");

const originPattern = /^https?:\/\/[^/?#\s]+\/?$/;

/** `PUBLIC_ORIGIN`: one origin or several, comma-separated, each http(s)://host[:port]. */
const originList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== ""),
  )
  .pipe(
    z
      .array(
        z.string().regex(originPattern, {
          error: "expected http(s)://host[:port], several separated by commas",
        }),
      )
      .min(1, { error: "expected http(s)://host[:port], several separated by commas" }),
  )
  .transform((origins) => origins.map((origin) => new URL(origin).origin));

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: "expected postgres://user:password@host:port/db" })
      .optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    SEED_DEMO: booleanFlag.optional(),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    PUBLIC_ORIGIN: originList.optional(),
    TRUST_PROXY: booleanFlag.default(false),
    LIVE_HEARTBEAT_MS: z.coerce.number().int().min(50).max(120_000).default(25_000),
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(1000).optional(),
    CHAT_REPLY_TARGET_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    CHAT_SMS_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    ...smsEnvShape,
    ...emailEnvShape,
    ...storageEnvShape,
    ...paymentsEnvShape,
    ...pushEnvShape,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && env.PUBLIC_ORIGIN === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLIC_ORIGIN"],
        message: "required in production: the site's address, e.g. https://lk.rms-med.ru",
      });
    }
    checkSmsEnv(env, ctx);
    checkEmailEnv(env, ctx);
    checkStorageEnv(env, ctx);
    checkPaymentsEnv(env, ctx);
    checkPushEnv(env, ctx);
    // The demo accounts' password is published in the README: they never enter production.
    if (env.NODE_ENV === "production" && env.SEED_DEMO === true) {
      ctx.addIssue({
        code: "custom",
        path: ["SEED_DEMO"],
        message:
          "must not be 1 with NODE_ENV=production: the demo accounts have a published password",
      });
    }
  });

export type Config = {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  /** Where the embedded database and uploaded files live. Absolute. */
  dataDir: string;
  /** A PostgreSQL server to use instead of the embedded database. */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  /**
   * true: always seed demo data; false: never; undefined: only into a new embedded database.
   * Never in production, whatever it says (SEED_DEMO=1 there is refused at start).
   */
  seedDemo: boolean | undefined;
  logLevel: string;
  /**
   * PUBLIC_ORIGIN: the origins the site is served from. When set, only these pass the Origin check;
   * when empty, a request passes when its Origin is the address it was itself sent to.
   */
  publicOrigins: string[];
  /** The address for links made without a request (SMS, e-mail): the first public origin. */
  publicOrigin: string;
  trustProxy: boolean;
  /**
   * LIVE_HEARTBEAT_MS: how often an open live stream gets a comment line and its session is
   * checked again; under the idle timeout of any proxy in front (25 s by default).
   */
  liveHeartbeatMs: number;
  /**
   * PASSWORD_HASH_CONCURRENCY: scrypt hashes run at once (default: one fewer than the cores, at
   * least one); PASSWORD_HASH_QUEUE: how many more may wait (default four per running one, at
   * least five).
   * Sign-ins beyond both get 503 with Retry-After (docs/decisions/0016).
   */
  passwordHashing: { concurrency: number; maxWaiting: number };
  /**
   * «Чат с врачом»: CHAT_REPLY_TARGET_MINUTES, the target reply time (a longer wait is escalated,
   * 15 by default); CHAT_SMS_DELAY_SECONDS, how long a doctor's answer may stay undelivered to an
   * open cabinet before the client is told by SMS (60 by default).
   */
  chat: { replyTargetMinutes: number; smsDelaySeconds: number };
  /** Which provider sends SMS (SMS_PROVIDER and its credentials). */
  sms: SmsConfig;
  /** Which provider sends e-mail (EMAIL_PROVIDER, SMTP_URL, MAIL_FROM). */
  email: EmailConfig;
  /** Where uploaded files are kept: DATA_DIR/files, or an S3 bucket (FILE_STORAGE=s3, S3_*). */
  storage: FileStorageConfig;
  /** Who takes payments: the embedded sandbox or ЮKassa (PAYMENTS_PROVIDER, YOOKASSA_*). */
  payments: PaymentsConfig;
  /** Web Push: VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT, or keys kept in DATA_DIR. */
  push: PushConfig;
};

/**
 * The hashing limits the environment asks for, the rest sized to the machine: one hash fewer than
 * its cores (at least one), so the event loop keeps a core and libuv's pool (4 threads, shared with
 * file reads) keeps threads free; four waiting per running hash, and never fewer than five, so
 * that one account's tries in flight (at most 5, sign-in.service's PHONE_FAILURE_LIMIT) cannot fill
 * the queue: a burst on one account meets its lock (429), not a busy server.
 */
function passwordHashingLimits(
  concurrency = Math.max(1, availableParallelism() - 1),
  maxWaiting = Math.max(5, 4 * concurrency),
): Config["passwordHashing"] {
  return { concurrency, maxWaiting };
}

/** Raised when the environment holds a bad value; the message names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates the configuration from the environment; throws ConfigError on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "not set", as in a .env file with `DATABASE_URL=`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration in the environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    publicOrigins: e.PUBLIC_ORIGIN ?? [],
    publicOrigin: e.PUBLIC_ORIGIN?.[0] ?? `http://localhost:${e.PORT}`,
    trustProxy: e.TRUST_PROXY,
    liveHeartbeatMs: e.LIVE_HEARTBEAT_MS,
    passwordHashing: passwordHashingLimits(e.PASSWORD_HASH_CONCURRENCY, e.PASSWORD_HASH_QUEUE),
    chat: {
      replyTargetMinutes: e.CHAT_REPLY_TARGET_MINUTES,
      smsDelaySeconds: e.CHAT_SMS_DELAY_SECONDS,
    },
    sms: smsConfigFromEnv(e),
    email: emailConfigFromEnv(e),
    storage: storageConfigFromEnv(e, resolve(e.DATA_DIR)),
    payments: paymentsConfigFromEnv(e),
    push: pushConfigFromEnv(e, {
      dataDir: resolve(e.DATA_DIR),
      embedded: e.DATABASE_URL === undefined,
      publicOrigin: e.PUBLIC_ORIGIN?.[0] ?? `http://localhost:${e.PORT}`,
    }),
  };
}
