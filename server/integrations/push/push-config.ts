import { z } from "zod";

/** The VAPID keys pushes are signed with (RFC 8292), and who to contact about them. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** `mailto:` or `https:`: push services refuse (403) anything else. */
  subject: string;
}

/**
 * VAPID keys from the environment, or, with none, keys generated once into DATA_DIR for the
 * embedded database (every instance of a shared database must sign with one key pair, so with
 * DATABASE_URL and no keys push is off).
 */
export type PushConfig =
  | { keys: "given"; vapid: VapidKeys }
  | { keys: "generated"; dataDir: string; subject: string }
  | { keys: "none" };

const base64url = /^[A-Za-z0-9_-]+$/;

function decodedLength(value: string): number {
  return Buffer.from(value, "base64url").length;
}

/** The push variables of the environment, for server/config.ts to spread into its schema. */
export const pushEnvShape = {
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(base64url, { error: "expected the URL-safe base64 of a P-256 public key" })
    .refine((value) => decodedLength(value) === 65, {
      error: "expected the URL-safe base64 of a 65-byte uncompressed P-256 public key",
    })
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(base64url, { error: "expected the URL-safe base64 of a P-256 private key" })
    .refine((value) => decodedLength(value) === 32, {
      error: "expected the URL-safe base64 of a 32-byte P-256 private key",
    })
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s/]+(\/\S*)?)$/, {
      error: "expected mailto:address or https://site (push services refuse anything else)",
    })
    .optional(),
};

type PushEnv = {
  VAPID_PUBLIC_KEY?: string;
  VAPID_PRIVATE_KEY?: string;
  VAPID_SUBJECT?: string;
};

/** The rule across the variables: all three keys' parts, or none. */
export function checkPushEnv(env: PushEnv, ctx: z.RefinementCtx): void {
  const given = [env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY, env.VAPID_SUBJECT];
  if (given.every((value) => value === undefined)) return;
  for (const name of ["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"] as const) {
    if (env[name] === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: "required with the other VAPID_ variables: set all three, or none",
      });
    }
  }
}

/** The push configuration the (already checked) environment asks for. */
export function pushConfigFromEnv(
  env: PushEnv,
  context: { dataDir: string; embedded: boolean; publicOrigin: string },
): PushConfig {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY && env.VAPID_SUBJECT) {
    return {
      keys: "given",
      vapid: {
        publicKey: env.VAPID_PUBLIC_KEY,
        privateKey: env.VAPID_PRIVATE_KEY,
        subject: env.VAPID_SUBJECT,
      },
    };
  }
  if (!context.embedded) return { keys: "none" };
  // An https site names itself; a local one gives a mailbox (Apple's service refuses localhost).
  const subject = context.publicOrigin.startsWith("https://")
    ? context.publicOrigin
    : "mailto:noreply@rms-med.ru";
  return { keys: "generated", dataDir: context.dataDir, subject };
}
