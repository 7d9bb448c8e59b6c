import { mkdtemp, readdir, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { text } from "node:stream/consumers";
import multipart from "@fastify/multipart";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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

describe("receiveMultipart with a broken form", () => {
  it("answers a form cut off in its second file with a Russian 400, and keeps neither file", async () => {
    const before = await storedFiles();
    const body = await form({}, [
      { name: "первый.pdf", content: pdf(200_000) },
      { name: "второй.pdf", content: pdf(200_000) },
    ]);
    const res = await app.inject({
      method: "POST",
      url: "/upload",
      headers: body.headers,
      payload: body.payload.subarray(0, body.payload.length - 100_000),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json().title).toBe("Форма не дошла целиком");
    expect(await storedFiles()).toEqual(before);
  });

  it("answers an empty body or a body without a boundary with a Russian 400", async () => {
    for (const [type, payload] of [
      ["multipart/form-data; boundary=----x", ""],
      ["multipart/form-data; boundary=----x", "----x\r\nContent-Disposition: form-data; name="],
      ["multipart/form-data", "--x\r\n\r\n"],
    ] as const) {
      const res = await app.inject({
        method: "POST",
        url: "/upload",
        headers: { "content-type": type },
        payload,
      });
      expect(res.statusCode, `${type} ${payload}: ${res.body}`).toBeLessThan(500);
      if (res.statusCode >= 400) {
        expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
        expect(res.json().title).toMatch(/[А-Яа-я]/);
      }
    }
  });

  it("refuses a file name with a control character and stores nothing", async () => {
    const before = await storedFiles();
    const boundary = "----fuzz";
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a\u0000b.pdf"\r\n`,
      ),
      Buffer.from("Content-Type: application/pdf\r\n\r\n"),
      PDF_HEAD,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await app.inject({
      method: "POST",
      url: "/upload",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      payload,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: "files",
        message:
          "Имя файла содержит недопустимые служебные символы: переименуйте файл и приложите его снова.",
      },
    ]);
    expect(await storedFiles()).toEqual(before);
  });
});

describe("an upload the client aborts", () => {
  let logged: { level: number; msg: string }[] = [];
  let server: FastifyInstance;
  let settled: () => void = () => {};

  beforeAll(async () => {
    const lines = new PassThrough();
    lines.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean))
        logged.push(JSON.parse(line));
    });
    server = Fastify({ logger: { level: "info", stream: lines } });
    await server.register(errorsPlugin);
    await server.register(multipart, { limits: { fileSize: 30 * 1024 * 1024 } });
    server.post("/upload", async (request) => {
      try {
        return { files: (await receiveMultipart(request.parts(), storage)).files.length };
      } finally {
        settled();
      }
    });
    await server.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await server.close();
  });

  it("is logged at info, not as an error, and leaves no file behind", async () => {
    logged = [];
    const before = await storedFiles();
    const done = new Promise<void>((resolve) => {
      settled = resolve;
    });
    const address = server.server.address();
    if (!address || typeof address === "string") throw new Error("the server has no port");
    const boundary = "----abort";
    const socket = connect(address.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(
      [
        "POST /upload HTTP/1.1",
        "Host: 127.0.0.1",
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        `Content-Length: ${10 * 1024 * 1024}`,
        "",
        `--${boundary}`,
        'Content-Disposition: form-data; name="files"; filename="большой.pdf"',
        "Content-Type: application/pdf",
        "",
        "",
      ].join("\r\n"),
    );
    socket.write(PDF_HEAD);
    socket.write(Buffer.alloc(256 * 1024, 0x20));
    // The server has started writing the file when the client goes away.
    await vi.waitFor(
      async () =>
        expect((await readdir(directory, { recursive: true })).length).toBeGreaterThan(
          before.length,
        ),
      { timeout: 5_000 },
    );
    socket.destroy();
    await done;
    await vi.waitFor(
      () => expect(logged.some((line) => line.msg === "request aborted by the client")).toBe(true),
      { timeout: 5_000 },
    );
    expect(logged.filter((line) => line.level >= 50)).toEqual([]);
    expect(await storedFiles()).toEqual(before);
  });
});
