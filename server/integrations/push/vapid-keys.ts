import { randomUUID } from "node:crypto";
import { chmod, link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import webPush from "web-push";
import { z } from "zod";
import type { PushConfig, VapidKeys } from "./push-config.ts";

/** Where the embedded default keeps its generated key pair. */
export const VAPID_KEYS_FILE = "vapid-keys.json";

const storedKeysSchema = z.object({ publicKey: z.string().min(1), privateKey: z.string().min(1) });

async function readStored(path: string): Promise<{ publicKey: string; privateKey: string }> {
  return storedKeysSchema.parse(JSON.parse(await readFile(path, "utf8")));
}

/**
 * The key pair in `dataDir`, generated on first use and then reused (browsers' subscriptions are
 * bound to the public key: a new pair would orphan them). Written to a temporary file (0600) and
 * linked into place, so two processes starting at once agree on one pair and none reads half a file.
 */
export async function generatedVapidKeys(
  dataDir: string,
): Promise<{ publicKey: string; privateKey: string }> {
  const path = join(dataDir, VAPID_KEYS_FILE);
  try {
    return await readStored(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const keys = webPush.generateVAPIDKeys();
  const temporary = join(dataDir, `.${VAPID_KEYS_FILE}.${randomUUID()}`);
  await writeFile(temporary, JSON.stringify(keys), { mode: 0o600 });
  await chmod(temporary, 0o600);
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(temporary);
  }
  return readStored(path);
}

/** The keys pushes are signed with, or null when push is off. */
export async function resolveVapidKeys(config: PushConfig): Promise<VapidKeys | null> {
  if (config.keys === "none") return null;
  if (config.keys === "given") return config.vapid;
  const keys = await generatedVapidKeys(config.dataDir);
  return { ...keys, subject: config.subject };
}
