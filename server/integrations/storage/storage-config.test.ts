import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkStorageEnv, storageConfigFromEnv, storageEnvShape } from "./storage-config.ts";

const envSchema = z.object(storageEnvShape).superRefine(checkStorageEnv);

function load(env: Record<string, string>) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((issue) => issue.path.join(".")) };
  }
  return { storage: storageConfigFromEnv(parsed.data, "/srv/rms/data") };
}

describe("the file-storage settings of the environment", () => {
  it("keep files under DATA_DIR/files when nothing is set", () => {
    expect(load({})).toEqual({ storage: { kind: "local", directory: "/srv/rms/data/files" } });
  });

  it("read an S3-compatible bucket", () => {
    expect(
      load({
        FILE_STORAGE: "s3",
        S3_BUCKET: "rms-files",
        S3_ENDPOINT: "https://storage.yandexcloud.net",
        S3_FORCE_PATH_STYLE: "1",
        S3_ACCESS_KEY_ID: "key",
        S3_SECRET_ACCESS_KEY: "secret",
      }),
    ).toEqual({
      storage: {
        kind: "s3",
        bucket: "rms-files",
        region: "ru-central1",
        endpoint: "https://storage.yandexcloud.net",
        forcePathStyle: true,
        accessKeyId: "key",
        secretAccessKey: "secret",
      },
    });
  });

  it("refuse S3 without a bucket, and a key without its secret", () => {
    expect(load({ FILE_STORAGE: "s3" })).toEqual({ issues: ["S3_BUCKET"] });
    expect(load({ FILE_STORAGE: "s3", S3_BUCKET: "b", S3_ACCESS_KEY_ID: "key" })).toEqual({
      issues: ["S3_SECRET_ACCESS_KEY"],
    });
  });
});
