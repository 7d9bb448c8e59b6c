import { join } from "node:path";
import { z } from "zod";
import type { FileStorageConfig } from "./file-storage.ts";

/** The file-storage variables of the environment, for server/config.ts to spread into its schema. */
export const storageEnvShape = {
  FILE_STORAGE: z.enum(["local", "s3"], { error: "expected local or s3" }).default("local"),
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default("ru-central1"),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "expected http(s)://host[:port]" }).optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(["0", "1", "true", "false"], { error: "expected 0, 1, true or false" })
    .transform((value) => value === "1" || value === "true")
    .default(false),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
};

type StorageEnv = {
  FILE_STORAGE: "local" | "s3";
  S3_BUCKET?: string;
  S3_REGION: string;
  S3_ENDPOINT?: string;
  S3_FORCE_PATH_STYLE: boolean;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
};

/** For config.ts's superRefine: S3 needs its bucket, and keys come in pairs. */
export function checkStorageEnv(env: StorageEnv, ctx: z.RefinementCtx): void {
  if (env.FILE_STORAGE === "s3" && !env.S3_BUCKET) {
    ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "required when FILE_STORAGE=s3" });
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    ctx.addIssue({
      code: "custom",
      path: ["S3_SECRET_ACCESS_KEY"],
      message:
        "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together (or neither, for the SDK's own credentials chain)",
    });
  }
}

/** Files go to DATA_DIR/files unless FILE_STORAGE=s3. */
export function storageConfigFromEnv(env: StorageEnv, dataDir: string): FileStorageConfig {
  if (env.FILE_STORAGE === "local" || !env.S3_BUCKET) {
    return { kind: "local", directory: join(dataDir, "files") };
  }
  return {
    kind: "s3",
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    endpoint: env.S3_ENDPOINT,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
  };
}
