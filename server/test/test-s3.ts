import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { createFileStorage, type FileStorage } from "../integrations/storage/file-storage.ts";

// s3rver signs ListObjectsV2's continuation tokens with DES, which Node 20's OpenSSL 3 offers only
// with its legacy provider: it runs in a process of its own so that a listing can take more than
// one page without weakening the test process's crypto.
const SERVER = `
const S3rver = require(process.argv[1]);
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory: process.argv[2],
  configureBuckets: [{ name: process.argv[3] }],
});
server.run().then(({ port }) => process.stdout.write(port + "\\n"));
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
`;

export interface TestS3 {
  storage: FileStorage;
  close(): Promise<void>;
}

/** A FileStorage on s3rver, a fake S3 server on a local port, keeping its objects in `directory`. */
export async function startTestS3(directory: string, bucket = "rms-files"): Promise<TestS3> {
  const s3rver = createRequire(import.meta.url).resolve("s3rver");
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "-e", SERVER, s3rver, directory, bucket],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [line] = (await Promise.race([
    once(createInterface({ input: child.stdout }), "line"),
    once(child, "exit").then(([code]) => {
      throw new Error(`s3rver exited with ${code} before it listened`);
    }),
  ])) as [string];
  const storage = createFileStorage({
    kind: "s3",
    bucket,
    region: "ru-central1",
    endpoint: `http://127.0.0.1:${line.trim()}`,
    forcePathStyle: true,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
  });
  return {
    storage,
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
