import { mkdtempSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { medcardDocuments } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract } from "../../test/contract-factories.ts";
import { createTestStaff, signInStaff } from "../../test/factories.ts";
import { createClinic } from "../booking/booking-test-fixtures.ts";
import {
  cardsOf,
  createTestFamily,
  documentForm,
  giveHealthConsent,
  PDF,
  PNG,
  type TestFamily,
} from "./medcard-test-fixtures.ts";

// «Документы» of a card (issue 16): the client's uploads with the attachment rules of messages
// (PDF, JPEG, PNG only), viewing and downloading, removal of one's own; and the clinics' documents
// through the integration API, idempotent by the clinic's own id.
const dataDir = mkdtempSync(join(tmpdir(), "rms-medcard-"));
const t = setupTestApp({ env: { DATA_DIR: dataDir } });

let family: TestFamily;
let stranger: TestFamily;
let selfCardId = "";
let childCardId = "";
let clinicId = "";
let clinicToken = "";
let adminCookie = "";

const as = (who: TestFamily) => ({ rms_session: who.cookie });

async function storedFiles(): Promise<number> {
  let count = 0;
  // The storage makes its folder with the first file.
  const entries = await readdir(join(dataDir, "files"), {
    recursive: true,
    withFileTypes: true,
  }).catch(() => []);
  for (const entry of entries) if (entry.isFile() && !entry.name.endsWith(".part")) count++;
  return count;
}

const fields = {
  type: "test_result",
  title: "Общий анализ крови",
  documentDate: "2026-11-20",
};

async function upload(
  who: TestFamily,
  cardId: string,
  formFields: Record<string, string>,
  file?: { name: string; content: Buffer },
) {
  return t.app.inject({
    method: "POST",
    url: `/api/medcard/cards/${cardId}/documents`,
    cookies: as(who),
    ...(await documentForm(formFields, file)),
  });
}

function documentsOf(who: TestFamily, cardId: string) {
  return t.app
    .inject({ method: "GET", url: `/api/medcard/cards/${cardId}`, cookies: as(who) })
    .then((res) => res.json().documents as { id: string; title: string; author: object }[]);
}

async function postClinicDocument(
  token: string,
  formFields: Record<string, string>,
  file: { name: string; content: Buffer } | undefined = { name: "заключение.pdf", content: PDF },
) {
  const form = await documentForm(formFields, file);
  return t.app.inject({
    method: "POST",
    url: "/api/integration/clinic/medcard/documents",
    headers: { ...form.headers, authorization: `Bearer ${token}` },
    payload: form.payload,
  });
}

beforeAll(async () => {
  family = await createTestFamily(t.app);
  stranger = await createTestFamily(t.app);
  await giveHealthConsent(t.app, family.cookie);
  await giveHealthConsent(t.app, stranger.cookie);
  [selfCardId = "", childCardId = ""] = (await cardsOf(t.app, family.cookie)).map((c) => c.id);
  await cardsOf(t.app, stranger.cookie);
  const admin = await createTestStaff(t.database.db, "admin");
  adminCookie = await signInStaff(t.app, admin);
  clinicId = await createClinic(t.database.db, "Клиника «Анализы»");
  const issued = await t.app.inject({
    method: "POST",
    url: "/api/staff/integration-tokens",
    cookies: { rms_staff_session: adminCookie },
    payload: { name: "МИС клиники", clinicId },
  });
  expect(issued.statusCode, issued.body).toBe(201);
  clinicToken = issued.json().token;
});

describe("the client's documents", () => {
  it("adds a PDF with its type, title and date, marked as the client's and removable", async () => {
    const res = await upload(family, selfCardId, fields, {
      name: "анализ крови.pdf",
      content: PDF,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect(res.json()).toEqual({
      id: expect.any(String),
      type: "test_result",
      title: "Общий анализ крови",
      documentDate: "2026-11-20",
      author: { source: "patient", name: null },
      fileName: "анализ крови.pdf",
      mediaType: "application/pdf",
      sizeBytes: PDF.length,
      createdAt: expect.any(String),
      removable: true,
    });
    expect((await documentsOf(family, selfCardId)).map((d) => d.id)).toEqual([res.json().id]);
    expect(await documentsOf(family, childCardId)).toEqual([]);
  });

  it("judges the type by content: a PNG named .pdf is stored as a PNG", async () => {
    const res = await upload(
      family,
      selfCardId,
      { ...fields, title: "Снимок" },
      {
        name: "снимок.pdf",
        content: PNG,
      },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mediaType).toBe("image/png");
    const file = await t.app.inject({
      method: "GET",
      url: `/api/medcard/cards/${selfCardId}/documents/${res.json().id}/file`,
      cookies: as(family),
    });
    expect(file.headers["content-type"]).toBe("image/png");
  });

  it("refuses a text file, another kind of file and a file with no fields, in Russian, storing nothing", async () => {
    const before = await storedFiles();
    const text = await upload(family, selfCardId, fields, {
      name: "жалобы.txt",
      content: Buffer.from("Болит горло третий день"),
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().errors).toEqual([
      {
        field: "file",
        message: "Файл «жалобы.txt» не подходит: можно приложить PDF, JPG или PNG.",
      },
    ]);
    const renamed = await upload(family, selfCardId, fields, {
      name: "справка.pdf",
      content: Buffer.from("Это не PDF, а просто текст"),
    });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().errors).toEqual([
      {
        field: "file",
        message: "Файл «справка.pdf» не подходит: можно приложить PDF, JPG или PNG.",
      },
    ]);
    const empty = await upload(family, selfCardId, {});
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([
      { field: "type", message: "Выберите тип документа" },
      { field: "title", message: "Укажите название документа" },
      { field: "documentDate", message: "Укажите дату документа (ГГГГ-ММ-ДД)" },
      { field: "file", message: "Приложите файл документа: PDF, JPG или PNG." },
    ]);
    const noFile = await upload(family, selfCardId, fields);
    expect(noFile.json().errors).toEqual([
      { field: "file", message: "Приложите файл документа: PDF, JPG или PNG." },
    ]);
    const future = await upload(
      family,
      selfCardId,
      { ...fields, documentDate: "2099-01-01" },
      {
        name: "a.pdf",
        content: PDF,
      },
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([
      { field: "documentDate", message: "Дата документа не может быть позже сегодняшней" },
    ]);
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.append(name, value);
    data.append("file", new Blob([new Uint8Array(PDF)]), "a.pdf");
    data.append("file", new Blob([new Uint8Array(PDF)]), "b.pdf");
    const request = new Request("http://localhost/", { method: "POST", body: data });
    const two = await t.app.inject({
      method: "POST",
      url: `/api/medcard/cards/${selfCardId}/documents`,
      cookies: as(family),
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    expect(two.statusCode).toBe(400);
    expect(two.json().errors).toEqual([
      { field: "file", message: "Приложите один файл: у документа один файл." },
    ]);
    expect(await storedFiles()).toBe(before);
  });

  it("refuses a file over 25 MB with a Russian 413", async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(25 * 1024 * 1024, 0x20)]);
    const res = await upload(family, selfCardId, fields, { name: "большой.pdf", content: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toBe("Файл документа должен быть не больше 25 МБ.");
    // Sent with no length: counted while it streams.
    const before = await storedFiles();
    const form = await documentForm(fields, { name: "большой.pdf", content: big });
    const streamed = await t.app.inject({
      method: "POST",
      url: `/api/medcard/cards/${selfCardId}/documents`,
      cookies: as(family),
      headers: form.headers,
      payload: Readable.from([form.payload]),
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json().detail).toBe("Файл документа должен быть не больше 25 МБ.");
    expect(await storedFiles()).toBe(before);
  });

  it("shows the file in the browser, and with ?download=1 as an attachment, never cached", async () => {
    const added = await upload(
      family,
      selfCardId,
      { ...fields, title: "Выписка" },
      {
        name: "выписка.pdf",
        content: PDF,
      },
    );
    const url = `/api/medcard/cards/${selfCardId}/documents/${added.json().id}/file`;
    const inline = await t.app.inject({ method: "GET", url, cookies: as(family) });
    expect(inline.statusCode).toBe(200);
    expect(inline.headers["content-type"]).toBe("application/pdf");
    expect(inline.headers["content-disposition"]).toBe(
      `inline; filename="_______.pdf"; filename*=UTF-8''${encodeURIComponent("выписка.pdf")}`,
    );
    expect(inline.headers["cache-control"]).toBe("private, no-store");
    expect(inline.headers["x-content-type-options"]).toBe("nosniff");
    expect(inline.rawPayload.equals(PDF)).toBe(true);
    const download = await t.app.inject({
      method: "GET",
      url: `${url}?download=1`,
      cookies: as(family),
    });
    expect(download.headers["content-disposition"]).toMatch(/^attachment; filename=/);
    expect(download.headers["cache-control"]).toBe("private, no-store");

    const other = await t.app.inject({ method: "GET", url, cookies: as(stranger) });
    expect(other.statusCode).toBe(404);
    const [strangerCard] = await cardsOf(t.app, stranger.cookie);
    const crossed = await t.app.inject({
      method: "GET",
      url: `/api/medcard/cards/${strangerCard?.id}/documents/${added.json().id}/file`,
      cookies: as(stranger),
    });
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json().detail).toBe("Документ не найден");
  });

  it("removes only the client's own document: then it is listed no more and its file is gone", async () => {
    const added = await upload(
      family,
      childCardId,
      { ...fields, title: "Прививки" },
      {
        name: "прививки.jpg.png",
        content: PNG,
      },
    );
    const id = added.json().id;
    const url = `/api/medcard/cards/${childCardId}/documents/${id}`;
    expect((await t.app.inject({ method: "DELETE", url, cookies: as(stranger) })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ method: "DELETE", url, cookies: as(family) })).statusCode).toBe(
      204,
    );
    expect((await documentsOf(family, childCardId)).map((d) => d.id)).not.toContain(id);
    const file = await t.app.inject({ method: "GET", url: `${url}/file`, cookies: as(family) });
    expect(file.statusCode).toBe(404);
  });
});

describe("the clinics' documents (integration API)", () => {
  const clinicFields = () => ({
    contractNumber: family.child.contractNumber,
    birthDate: family.child.birthDate,
    externalId: `LAB-${Date.now()}`,
    type: "conclusion",
    title: "Заключение ЛОР-врача",
    documentDate: todayInMoscow(),
  });

  it("stores a clinic's document for the child, shown in the parent's child card by the clinic's name", async () => {
    const sent = clinicFields();
    const res = await postClinicDocument(clinicToken, sent);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      externalId: sent.externalId,
      type: "conclusion",
      title: "Заключение ЛОР-врача",
      documentDate: sent.documentDate,
      fileName: "заключение.pdf",
      mediaType: "application/pdf",
      sizeBytes: PDF.length,
      createdAt: expect.any(String),
    });
    const child = await documentsOf(family, childCardId);
    expect(child.find((d) => d.id === res.json().id)).toMatchObject({
      author: { source: "clinic", name: "Клиника «Анализы»" },
      removable: false,
    });
    expect((await documentsOf(family, selfCardId)).map((d) => d.id)).not.toContain(res.json().id);
    // The parent cannot remove a clinic's document.
    const remove = await t.app.inject({
      method: "DELETE",
      url: `/api/medcard/cards/${childCardId}/documents/${res.json().id}`,
      cookies: as(family),
    });
    expect(remove.statusCode).toBe(403);
    expect(remove.json().detail).toBe(
      "Этот документ добавил врач или клиника: удалить его из медкарты нельзя.",
    );
  });

  it("answers a repeat of the same externalId with 200 and the same document, storing no second file", async () => {
    const sent = clinicFields();
    const first = await postClinicDocument(clinicToken, sent);
    expect(first.statusCode).toBe(201);
    const files = await storedFiles();
    const again = await postClinicDocument(clinicToken, { ...sent, title: "Другое название" });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await storedFiles()).toBe(files);
    const rows = await t.database.db
      .select({ id: medcardDocuments.id })
      .from(medcardDocuments)
      .where(eq(medcardDocuments.externalId, sent.externalId));
    expect(rows).toHaveLength(1);
  });

  it("stores one document when the same externalId comes twice at once", async () => {
    const sent = clinicFields();
    const files = await storedFiles();
    const answers = await Promise.all([
      postClinicDocument(clinicToken, sent),
      postClinicDocument(clinicToken, sent),
    ]);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 201]);
    expect(answers[0]?.json().id).toBe(answers[1]?.json().id);
    expect(await storedFiles()).toBe(files + 1);
  });

  it("finds the contract by its number without the series, and the person by birth date", async () => {
    const bare = family.child.contractNumber.replace(/^\d+\//, "");
    const res = await postClinicDocument(clinicToken, { ...clinicFields(), contractNumber: bare });
    expect(res.statusCode, res.body).toBe(201);
  });

  it("refuses a missing, unknown or revoked token with 401 and a contracts token with 403", async () => {
    const none = await t.app.inject({
      method: "POST",
      url: "/api/integration/clinic/medcard/documents",
      ...(await documentForm(clinicFields(), { name: "a.pdf", content: PDF })),
    });
    expect(none.statusCode).toBe(401);
    expect(none.headers["www-authenticate"]).toBe('Bearer realm="rms-integration"');
    const wrong = await postClinicDocument("rms_not-a-token", clinicFields());
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().detail).toMatch(/^Токен интеграции не найден/);
    const contracts = await t.app.inject({
      method: "POST",
      url: "/api/staff/integration-tokens",
      cookies: { rms_staff_session: adminCookie },
      payload: { name: "1С" },
    });
    const forbidden = await postClinicDocument(contracts.json().token, clinicFields());
    expect(forbidden.statusCode).toBe(403);
  });

  it("answers 404 «Пациент не найден» when no current person of the contract has that birth date", async () => {
    const files = await storedFiles();
    for (const sent of [
      { ...clinicFields(), birthDate: "2001-01-01" },
      { ...clinicFields(), contractNumber: "11/00000000" },
      { ...clinicFields(), lastName: "Сидоров" },
    ]) {
      const res = await postClinicDocument(clinicToken, sent);
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().detail).toBe("Пациент не найден");
    }
    expect(await storedFiles()).toBe(files);
  });

  it("asks for the last name when two persons of the contract share the birth date (409), and takes it", async () => {
    const twins = await createTestContract(t.database.db, {
      programId: family.programId,
      startsOn: "2026-01-01",
      endsOn: "2027-12-31",
      persons: [
        { slot: 1, lastName: "Близнецова", firstName: "Оля", birthDate: "2015-05-05" },
        { slot: 2, lastName: "Близнецов", firstName: "Коля", birthDate: "2015-05-05" },
      ],
    });
    const sent = { ...clinicFields(), contractNumber: twins.number, birthDate: "2015-05-05" };
    const ambiguous = await postClinicDocument(clinicToken, sent);
    expect(ambiguous.statusCode).toBe(409);
    expect(ambiguous.json().detail).toMatch(/укажите фамилию пациента в поле lastName/);
    const named = await postClinicDocument(clinicToken, { ...sent, lastName: "близнецов" });
    expect(named.statusCode, named.body).toBe(201);
    const [row] = await t.database.db
      .select({ personId: medcardDocuments.personId })
      .from(medcardDocuments)
      .where(eq(medcardDocuments.id, named.json().id));
    expect(row?.personId).toBe(twins.personIds[1]);
  });

  it("refuses bad fields with 400 and every failing field", async () => {
    const res = await postClinicDocument(clinicToken, {
      contractNumber: "",
      birthDate: "05.05.2015",
      externalId: "",
      type: "x-ray",
      title: "",
      documentDate: "",
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((error: { field: string }) => error.field)
        .sort(),
    ).toEqual(
      ["birthDate", "contractNumber", "documentDate", "externalId", "title", "type"].sort(),
    );
  });
});
