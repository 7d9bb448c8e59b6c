import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import multipart from "@fastify/multipart";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFileStorage, type FileStorage } from "../../integrations/storage/file-storage.ts";
import { errorsPlugin } from "../../plugins/errors.ts";
import { type ReceivedUpload, receiveMultipart } from "./multipart-upload.ts";

const PDF_HEAD = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1");
const EXE_HEAD = Buffer.from("4d5a90000300000004000000ffff0000", "hex");

let app: FastifyInstance;
let storage: FileStorage;
let directory: string;
let received: ReceivedUpload | undefined;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "rms-upload-"));
  storage = createFileStorage({ kind: "local", directory });
  app = Fastify();
  await app.register(errorsPlugin);
  await app.register(multipart, { limits: { fileSize: 30 * 1024 * 1024 } });
  app.post("/upload", async (request) => {
    received = await receiveMultipart(request.parts(), storage);
    return { files: received.files.length };
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await rm(directory, { recursive: true, force: true });
});

/** A multipart body, as a browser's FormData would send it. */
async function form(fields: Record<string, string>, files: { name: string; content: Blob }[]) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const file of files) data.append("files", file.content, file.name);
  const request = new Request("http://localhost/upload", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

function pdf(size: number): Blob {
  return new Blob([PDF_HEAD, new Uint8Array(Math.max(0, size - PDF_HEAD.length))]);
}

async function storedFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) found.push(entry.name);
  }
  return found;
}

describe("receiveMultipart", () => {
  it("stores each file under a random key with its type judged by content", async () => {
    const body = await form({ email: "anna@example.ru" }, [
      { name: "анализы.pdf", content: pdf(10_000) },
      { name: "жалобы.txt", content: new Blob(["Болит горло третий день"]) },
    ]);
    const res = await app.inject({ method: "POST", url: "/upload", ...body });
    expect(res.statusCode, res.body).toBe(200);
    expect(received?.fields).toEqual({ email: "anna@example.ru" });
    expect(
      received?.files.map(({ originalName, mediaType, sizeBytes }) => ({
        originalName,
        mediaType,
        sizeBytes,
      })),
    ).toEqual([
      { originalName: "анализы.pdf", mediaType: "application/pdf", sizeBytes: 10_000 },
      {
        originalName: "жалобы.txt",
        mediaType: "text/plain",
        sizeBytes: Buffer.byteLength("Болит горло третий день"),
      },
    ]);
    const text0 = await storage.get(received?.files[1]?.storageKey ?? "");
    expect(text0 && (await text(text0))).toBe("Болит горло третий день");
  });

  it("refuses more than 25 MB in total with 413 and keeps nothing of the request", async () => {
    const before = await storedFiles();
    const body = await form({}, [
      { name: "первый.pdf", content: pdf(15 * 1024 * 1024) },
      { name: "второй.pdf", content: pdf(11 * 1024 * 1024) },
    ]);
    const res = await app.inject({ method: "POST", url: "/upload", ...body });
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toBe("Общий размер файлов не должен превышать 25 МБ.");
    expect(await storedFiles()).toEqual(before);
  });

  it("refuses an executable renamed to .pdf, and removes the files stored before it", async () => {
    const before = await storedFiles();
    const body = await form({}, [
      { name: "хороший.pdf", content: pdf(2_000) },
      { name: "результаты.pdf", content: new Blob([EXE_HEAD, new Uint8Array(5_000)]) },
    ]);
    const res = await app.inject({ method: "POST", url: "/upload", ...body });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: "files",
        message:
          "Файл «результаты.pdf» не подходит: можно приложить PDF, JPG, PNG, HEIC, DOC, DOCX, XLS, XLSX или TXT.",
      },
    ]);
    expect(await storedFiles()).toEqual(before);
  });
});
