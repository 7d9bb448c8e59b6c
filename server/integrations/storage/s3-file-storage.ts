import { Readable, Transform } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  paginateListObjectsV2,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { FileStorage, FileStorageConfig } from "./file-storage.ts";
import { assertStorageKey, isStorageKey } from "./storage-key.ts";

// S3's smallest multipart part. With one part in flight an upload holds about two parts in memory
// whatever the file's size.
const PART_SIZE = 5 * 1024 * 1024;

/** Files in an S3-compatible bucket, streamed up in parts. */
export function createS3FileStorage(
  config: Extract<FileStorageConfig, { kind: "s3" }>,
): FileStorage {
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // S3-compatible stores other than AWS do not all accept the SDK's default CRC checksums.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const bucket = config.bucket;
  return {
    name: "s3",
    async put(key, body, contentType) {
      assertStorageKey(key);
      let size = 0;
      const counted = body.pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            done(null, chunk);
          },
        }),
      );
      // A failure of the source (a size limit) must abort the upload, not end it early.
      body.once("error", (error) => counted.destroy(error));
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: counted, ContentType: contentType },
        partSize: PART_SIZE,
        queueSize: 1,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => {});
        throw error;
      }
      return { size };
    },
    async get(key) {
      assertStorageKey(key);
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return answer.Body instanceof Readable ? answer.Body : null;
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    async delete(key) {
      assertStorageKey(key);
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async *list(olderThan) {
      // A multipart upload in progress is no object until it completes, so it is not listed.
      for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket })) {
        for (const object of page.Contents ?? []) {
          const { Key: key, LastModified: modified } = object;
          if (key && modified && isStorageKey(key) && modified < olderThan) {
            yield { key, modifiedAt: modified };
          }
        }
      }
    },
    async removeUnfinished() {
      // The parts of a multipart upload that a killed server never completed or aborted are for
      // the bucket's lifecycle rule (AbortIncompleteMultipartUpload, see README): S3-compatible
      // stores do not all list them, and they are no objects a reader could reach.
      return 0;
    },
  };
}
