import { pipeline, Transform } from "node:stream";
import type { Multipart } from "@fastify/multipart";
import { isCleanText } from "../../../common/text.schema.ts";
import { AppError, ValidationError } from "../../errors.ts";
import { type FileStorage, newStorageKey } from "../../integrations/storage/file-storage.ts";
import { judgeAttachment, SAMPLE_BYTES } from "./attachment-types.ts";

/** «Общий размер файлов не должен превышать 25 МБ.» */
export const MAX_ATTACHMENTS_BYTES = 25 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;

export const TOO_LARGE_DETAIL = "Общий размер файлов не должен превышать 25 МБ.";

export class AttachmentsTooLargeError extends AppError {
  constructor() {
    super(413, "attachments-too-large", "Файлы слишком большие", TOO_LARGE_DETAIL);
  }
}

export interface StoredAttachment {
  storageKey: string;
  originalName: string;
  mediaType: string;
  sizeBytes: number;
}

export interface ReceivedUpload {
  /** The text fields, by name (the last value wins). */
  fields: Record<string, string>;
  files: StoredAttachment[];
}

/** The form field that carries files; errors about files are placed on it. */
export const FILES_FIELD = "files";

function unsupported(fileName: string): ValidationError {
  return new ValidationError([
    {
      field: FILES_FIELD,
      message: `Файл «${fileName}» не подходит: можно приложить PDF, JPG, PNG, HEIC, DOC, DOCX, XLS, XLSX или TXT.`,
    },
  ]);
}

/** The message for a file name with control characters (no file manager makes one). */
export const UNCLEAN_FILE_NAME =
  "Имя файла содержит недопустимые служебные символы: переименуйте файл и приложите его снова.";

/**
 * Counts the bytes of one file against what is left of the total, and holds back its first bytes
 * until their type is judged: a file of a refused type or over the limit fails the stream before
 * more than a sample of it reaches the storage.
 */
function inspectingStream(fileName: string, budget: { left: number }) {
  let sample: Buffer[] = [];
  let sampled = 0;
  let mediaType: string | null = null;
  const judge = async (stream: Transform) => {
    const head = Buffer.concat(sample);
    sample = [];
    mediaType = await judgeAttachment(head.subarray(0, SAMPLE_BYTES), fileName);
    if (!mediaType) throw unsupported(fileName);
    stream.push(head);
  };
  const stream: Transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      budget.left -= chunk.length;
      if (budget.left < 0) {
        done(new AttachmentsTooLargeError());
        return;
      }
      if (mediaType) {
        done(null, chunk);
        return;
      }
      sample.push(chunk);
      sampled += chunk.length;
      if (sampled < SAMPLE_BYTES) {
        done();
        return;
      }
      judge(stream).then(() => done(), done);
    },
    flush(done) {
      if (mediaType) {
        done();
        return;
      }
      // A file shorter than the sample.
      judge(stream).then(() => done(), done);
    },
  });
  return { stream, mediaType: () => mediaType };
}

/**
 * Reads a multipart form, streaming each file into the storage under a random key while
 * checking its type by content and the running total against the limit. Nothing is held in
 * memory beyond a sample per file. On any failure — a refused file, a body that breaks off or
 * is not multipart at all (the error handler answers those 400) — every file stored so far is
 * removed and the error is thrown: the caller then has nothing to clean up.
 */
export async function receiveMultipart(
  parts: AsyncIterable<Multipart>,
  storage: FileStorage,
  limits: { maxTotalBytes: number; maxFiles: number } = {
    maxTotalBytes: MAX_ATTACHMENTS_BYTES,
    maxFiles: MAX_ATTACHMENTS,
  },
): Promise<ReceivedUpload> {
  const fields: Record<string, string> = {};
  const files: StoredAttachment[] = [];
  const budget = { left: limits.maxTotalBytes };
  try {
    for await (const part of parts) {
      if (part.type === "field") {
        fields[part.fieldname] = typeof part.value === "string" ? part.value : String(part.value);
        continue;
      }
      if (files.length >= limits.maxFiles) {
        part.file.resume();
        throw new ValidationError([
          { field: FILES_FIELD, message: `Можно приложить не больше ${limits.maxFiles} файлов.` },
        ]);
      }
      const name = part.filename.trim() || "файл";
      if (!isCleanText(name)) {
        part.file.resume();
        throw new ValidationError([{ field: FILES_FIELD, message: UNCLEAN_FILE_NAME }]);
      }
      const inspector = inspectingStream(name, budget);
      // The storage sees the inspector's failure (limit, type) and the client's (a dropped
      // connection) alike; this pipeline only links the two streams and their errors.
      pipeline(part.file, inspector.stream, () => {});
      const storageKey = newStorageKey();
      const { size } = await storage.put(storageKey, inspector.stream, "application/octet-stream");
      const mediaType = inspector.mediaType();
      if (!mediaType) throw unsupported(name);
      files.push({ storageKey, originalName: name.slice(0, 255), mediaType, sizeBytes: size });
    }
    return { fields, files };
  } catch (error) {
    await removeStored(storage, files);
    throw error;
  }
}

/** Removes stored files after a failure; a file that cannot be removed is left to a sweep. */
export async function removeStored(storage: FileStorage, files: StoredAttachment[]): Promise<void> {
  await Promise.allSettled(files.map((file) => storage.delete(file.storageKey)));
}
