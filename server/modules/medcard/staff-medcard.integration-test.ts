import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { medcardViewSchema } from "../../../common/medcard/medcard.schema.ts";
import { staffMedcardOpenedSchema } from "../../../common/medcard/staff-medcard.schema.ts";
import { appeals, chatConversations, serviceTypes, staffAuditLog } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestClient,
  type TestStaff,
} from "../../test/factories.ts";

const t = setupTestApp({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), "rms-staff-medcard-")) } });

interface Family {
  client: TestClient;
  cookie: string;
  contractId: string;
  /** Slot 1: the account's holder herself; slot 2: an adult who keeps no card in this account. */
  selfPersonId: string;
  adultPersonId: string;
  chatId: string;
  adultChatId: string;
  appealId: string;
}

let family: Family;
let doctor: TestStaff;
let doctorCookie: string;
let otherDoctorCookie: string;
let operatorCookie: string;
let adminCookie: string;

const REASON = "Пациентка спрашивает о совместимости препаратов";
const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n", "latin1"), Buffer.alloc(2048, 0x20)]);
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(4096, 0x90)]);

/** «Добавить документ»'s form, as the browser's FormData sends it. */
async function documentForm(
  fields: Record<string, string>,
  file?: { name: string; content: Buffer },
) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  if (file) data.append("file", new Blob([file.content]), file.name);
  const request = new Request("http://localhost/", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

async function addDocument(
  cookie: string,
  cardId: string,
  fields: Record<string, string>,
  file?: { name: string; content: Buffer },
) {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/medcard/cards/${cardId}/documents`,
    cookies: { rms_staff_session: cookie },
    ...(await documentForm(fields, file)),
  });
}

async function acceptHealthConsent(cookie: string): Promise<void> {
  const home = await t.app.inject({
    method: "GET",
    url: "/api/medcard",
    cookies: { rms_session: cookie },
  });
  expect(home.statusCode, home.body).toBe(200);
  const version = home.json().consentRequired?.version;
  if (version === undefined) return;
  const consent = await t.app.inject({
    method: "POST",
    url: "/api/medcard/consent",
    cookies: { rms_session: cookie },
    payload: { version },
  });
  expect(consent.statusCode, consent.body).toBe(204);
}

async function chatOf(clientId: string, contractId: string, personId: string): Promise<string> {
  const [chat] = await t.database.db
    .insert(chatConversations)
    .values({ clientId, contractId, personId, clientConversationId: crypto.randomUUID() })
    .returning({ id: chatConversations.id });
  if (!chat) throw new Error("the chat was not stored");
  return chat.id;
}

async function createFamily(): Promise<Family> {
  const db = t.database.db;
  const client = await createTestClient(db, {
    lastName: "Картова",
    firstName: "Мария",
    patronymic: "Олеговна",
    birthDate: "1987-02-11",
  });
  const program = await createTestProgram(db, { includesChat: true, maxPersons: 2 });
  const year = Number(todayInMoscow().slice(0, 4));
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    persons: [
      {
        slot: 1,
        lastName: "Картова",
        firstName: "Мария",
        patronymic: "Олеговна",
        birthDate: "1987-02-11",
        phone: client.phone,
      },
      {
        slot: 2,
        lastName: "Картов",
        firstName: "Олег",
        patronymic: "Ильич",
        birthDate: "1960-01-01",
      },
    ],
  });
  const [selfPersonId = "", adultPersonId = ""] = contract.personIds;
  const [serviceType] = await db
    .insert(serviceTypes)
    .values({ name: `Телефонная консультация ${crypto.randomUUID()}` })
    .returning({ id: serviceTypes.id });
  const [appeal] = await db
    .insert(appeals)
    .values({
      contractId: contract.id,
      personId: selfPersonId,
      serviceTypeId: serviceType?.id ?? "",
      doctorId: doctor.id,
      channel: "phone",
      occurredAt: new Date(),
      outcome: "Рекомендован приём терапевта",
      createdById: doctor.id,
    })
    .returning({ id: appeals.id });
  return {
    client,
    cookie: await signInClient(t.app, client),
    contractId: contract.id,
    selfPersonId,
    adultPersonId,
    chatId: await chatOf(client.id, contract.id, selfPersonId),
    adultChatId: await chatOf(client.id, contract.id, adultPersonId),
    appealId: appeal?.id ?? "",
  };
}

function open(cookie: string, payload: Record<string, unknown>) {
  return t.app.inject({
    method: "POST",
    url: "/api/staff/medcard/open",
    cookies: { rms_staff_session: cookie },
    payload,
  });
}

async function openedCardId(cookie: string, payload: Record<string, unknown>): Promise<string> {
  const res = await open(cookie, payload);
  expect(res.statusCode, res.body).toBe(200);
  return staffMedcardOpenedSchema.parse(res.json()).cardId;
}

function readCard(cookie: string, cardId: string) {
  return t.app.inject({
    method: "GET",
    url: `/api/staff/medcard/cards/${cardId}`,
    cookies: { rms_staff_session: cookie },
  });
}

beforeAll(async () => {
  const db = t.database.db;
  doctor = await createTestStaff(db, "doctor", "Лечащева Дарья Андреевна");
  doctorCookie = await signInStaff(t.app, doctor);
  otherDoctorCookie = await signInStaff(t.app, await createTestStaff(db, "doctor"));
  operatorCookie = await signInStaff(t.app, await createTestStaff(db, "operator"));
  adminCookie = await signInStaff(t.app, await createTestStaff(db, "admin"));
  family = await createFamily();
});

describe("«Медкарта пациента» in the console", () => {
  it("opens the card of a chat's patient for a doctor who gives a reason, and writes the reason to the audit log", async () => {
    const res = await open(doctorCookie, { chatId: family.chatId, reason: REASON });
    expect(res.statusCode, res.body).toBe(200);
    const opened = staffMedcardOpenedSchema.parse(res.json());
    expect(opened.view.card).toMatchObject({
      id: opened.cardId,
      subject: "self",
      fullName: "Картова Мария Олеговна",
    });

    const rows = await t.database.db
      .select()
      .from(staffAuditLog)
      .where(
        and(eq(staffAuditLog.action, "medcard.open"), eq(staffAuditLog.subjectId, opened.cardId)),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      staffId: doctor.id,
      subjectType: "medcard_card",
      details: { reason: REASON, chatId: family.chatId },
    });
  });

  it("refuses to open a card without a reason, saying so in Russian", async () => {
    const missing = await open(doctorCookie, { chatId: family.chatId });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().detail).toBe("Укажите причину доступа к медкарте — не короче 3 символов");
    const short = await open(doctorCookie, { chatId: family.chatId, reason: "  а " });
    expect(short.statusCode).toBe(400);
  });

  it("refuses a body naming neither a chat nor an appeal", async () => {
    const res = await open(doctorCookie, { reason: REASON });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe("Откройте медкарту из чата или из обращения");
  });

  it("refuses operators and admins with a Russian 403, and writes nothing for them", async () => {
    for (const cookie of [operatorCookie, adminCookie]) {
      const res = await open(cookie, { chatId: family.chatId, reason: REASON });
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toMatch(/только врачам/);
    }
    const cardId = await openedCardId(doctorCookie, { chatId: family.chatId, reason: REASON });
    const read = await readCard(operatorCookie, cardId);
    expect(read.statusCode).toBe(403);
  });

  it("refuses to read a card this doctor has not opened with a reason", async () => {
    const cardId = await openedCardId(doctorCookie, { chatId: family.chatId, reason: REASON });
    const res = await readCard(otherDoctorCookie, cardId);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toBe("Откройте медкарту из чата или обращения и укажите причину");
    const unknown = await readCard(doctorCookie, crypto.randomUUID());
    expect(unknown.statusCode).toBe(403);
  });

  it("lets the doctor who opened a card read it again, audited as a view", async () => {
    const cardId = await openedCardId(doctorCookie, { chatId: family.chatId, reason: REASON });
    const res = await readCard(doctorCookie, cardId);
    expect(res.statusCode, res.body).toBe(200);
    expect(medcardViewSchema.parse(res.json()).card.id).toBe(cardId);
    const views = await t.database.db
      .select()
      .from(staffAuditLog)
      .where(and(eq(staffAuditLog.action, "medcard.view"), eq(staffAuditLog.subjectId, cardId)));
    expect(views.length).toBeGreaterThan(0);
  });

  it("does not let an opening older than 12 hours read the card", async () => {
    const db = t.database.db;
    const late = await createTestStaff(db, "doctor");
    const lateCookie = await signInStaff(t.app, late);
    const cardId = await openedCardId(lateCookie, { chatId: family.chatId, reason: REASON });
    await db
      .update(staffAuditLog)
      .set({ createdAt: new Date(Date.now() - 13 * 60 * 60 * 1000) })
      .where(and(eq(staffAuditLog.staffId, late.id), eq(staffAuditLog.action, "medcard.open")));
    const res = await readCard(lateCookie, cardId);
    expect(res.statusCode).toBe(403);
  });

  it("opens the same card from an appeal on the account's contract", async () => {
    const fromChat = await openedCardId(doctorCookie, { chatId: family.chatId, reason: REASON });
    const res = await open(doctorCookie, { appealId: family.appealId, reason: REASON });
    expect(res.statusCode, res.body).toBe(200);
    expect(staffMedcardOpenedSchema.parse(res.json()).cardId).toBe(fromChat);
    const rows = await t.database.db
      .select({ details: staffAuditLog.details })
      .from(staffAuditLog)
      .where(and(eq(staffAuditLog.action, "medcard.open"), eq(staffAuditLog.subjectId, fromChat)));
    expect(rows.map((row) => row.details)).toContainEqual({
      reason: REASON,
      appealId: family.appealId,
    });
  });

  it("says in Russian that an adult second patient keeps no card in the account", async () => {
    const res = await open(doctorCookie, { chatId: family.adultChatId, reason: REASON });
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe("У пациента нет медкарты в личном кабинете");
    const unknownChat = await open(doctorCookie, { chatId: crypto.randomUUID(), reason: REASON });
    expect(unknownChat.statusCode).toBe(404);
  });

  it("shows a doctor's entry to the client as the doctor's, and the client cannot change it", async () => {
    const cardId = await openedCardId(doctorCookie, { chatId: family.chatId, reason: REASON });
    const added = await t.app.inject({
      method: "POST",
      url: `/api/staff/medcard/cards/${cardId}/entries`,
      cookies: { rms_staff_session: doctorCookie },
      payload: { kind: "allergy", text: "Пенициллин", note: "Крапивница" },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      author: { source: "doctor", name: "Лечащева Дарья Андреевна" },
      editable: false,
    });
    const entryId = added.json().id as string;

    await acceptHealthConsent(family.cookie);
    const seen = await t.app.inject({
      method: "GET",
      url: `/api/medcard/cards/${cardId}`,
      cookies: { rms_session: family.cookie },
    });
    expect(seen.statusCode, seen.body).toBe(200);
    const entry = medcardViewSchema.parse(seen.json()).summary.find((item) => item.id === entryId);
    expect(entry).toMatchObject({
      kind: "allergy",
      text: "Пенициллин",
      author: { source: "doctor", name: "Лечащева Дарья Андреевна" },
      editable: false,
    });

    const change = await t.app.inject({
      method: "PUT",
      url: `/api/medcard/cards/${cardId}/entries/${entryId}`,
      cookies: { rms_session: family.cookie },
      payload: { kind: "allergy", text: "Ничего" },
    });
    expect(change.statusCode).toBeGreaterThanOrEqual(400);
    expect(change.statusCode).toBeLessThan(500);
    const removal = await t.app.inject({
      method: "DELETE",
      url: `/api/medcard/cards/${cardId}/entries/${entryId}`,
      cookies: { rms_session: family.cookie },
    });
    expect(removal.statusCode).toBeGreaterThanOrEqual(400);
    expect(removal.statusCode).toBeLessThan(500);

    const audited = await t.database.db
      .select({ details: staffAuditLog.details })
      .from(staffAuditLog)
      .where(
        and(eq(staffAuditLog.action, "medcard.entry.add"), eq(staffAuditLog.subjectId, cardId)),
      );
    expect(audited).toEqual([{ details: { entryId, kind: "allergy" } }]);
  });

  it("refuses a doctor's entry to a card not opened, and an empty one in Russian", async () => {
    const cardId = await openedCardId(doctorCookie, { chatId: family.chatId, reason: REASON });
    const notOpened = await t.app.inject({
      method: "POST",
      url: `/api/staff/medcard/cards/${cardId}/entries`,
      cookies: { rms_staff_session: otherDoctorCookie },
      payload: { kind: "condition", text: "Гипертония" },
    });
    expect(notOpened.statusCode).toBe(403);
    const empty = await t.app.inject({
      method: "POST",
      url: `/api/staff/medcard/cards/${cardId}/entries`,
      cookies: { rms_staff_session: doctorCookie },
      payload: { kind: "condition", text: "  " },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toBe("Заполните поле");
  });

  it("stores a doctor's PDF on the card under the doctor's name, which the client sees and cannot remove", async () => {
    const cardId = await openedCardId(doctorCookie, { chatId: family.chatId, reason: REASON });
    const res = await addDocument(
      doctorCookie,
      cardId,
      { type: "conclusion", title: "Заключение терапевта", documentDate: "2026-01-15" },
      { name: "заключение.pdf", content: PDF },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      type: "conclusion",
      title: "Заключение терапевта",
      author: { source: "doctor", name: "Лечащева Дарья Андреевна" },
      mediaType: "application/pdf",
      fileName: "заключение.pdf",
      removable: false,
    });
    const documentId = res.json().id as string;

    await acceptHealthConsent(family.cookie);
    const seen = await t.app.inject({
      method: "GET",
      url: `/api/medcard/cards/${cardId}`,
      cookies: { rms_session: family.cookie },
    });
    const document = medcardViewSchema
      .parse(seen.json())
      .documents.find((d) => d.id === documentId);
    expect(document).toMatchObject({ author: { source: "doctor" }, removable: false });
    const removal = await t.app.inject({
      method: "DELETE",
      url: `/api/medcard/cards/${cardId}/documents/${documentId}`,
      cookies: { rms_session: family.cookie },
    });
    expect(removal.statusCode).toBe(403);

    const added = await t.database.db
      .select({ details: staffAuditLog.details })
      .from(staffAuditLog)
      .where(
        and(eq(staffAuditLog.action, "medcard.document.add"), eq(staffAuditLog.subjectId, cardId)),
      );
    expect(added).toEqual([
      { details: { documentId, type: "conclusion", title: "Заключение терапевта" } },
    ]);
  });

  it("lets the doctor open and download a document of the card, audited", async () => {
    const cardId = await openedCardId(doctorCookie, { chatId: family.chatId, reason: REASON });
    const res = await addDocument(
      doctorCookie,
      cardId,
      { type: "test_result", title: "Общий анализ крови", documentDate: "2026-02-01" },
      { name: "анализ.pdf", content: PDF },
    );
    const documentId = res.json().id as string;
    const url = `/api/staff/medcard/cards/${cardId}/documents/${documentId}/file`;
    const inline = await t.app.inject({
      method: "GET",
      url,
      cookies: { rms_staff_session: doctorCookie },
    });
    expect(inline.statusCode).toBe(200);
    expect(inline.headers["content-type"]).toBe("application/pdf");
    expect(String(inline.headers["content-disposition"])).toMatch(/^inline/);
    expect(inline.rawPayload.equals(PDF)).toBe(true);
    const download = await t.app.inject({
      method: "GET",
      url: `${url}?download=1`,
      cookies: { rms_staff_session: doctorCookie },
    });
    expect(String(download.headers["content-disposition"])).toMatch(/^attachment/);

    const notOpened = await t.app.inject({
      method: "GET",
      url,
      cookies: { rms_staff_session: otherDoctorCookie },
    });
    expect(notOpened.statusCode).toBe(403);
    const downloads = await t.database.db
      .select({ details: staffAuditLog.details })
      .from(staffAuditLog)
      .where(
        and(
          eq(staffAuditLog.action, "medcard.document.download"),
          eq(staffAuditLog.subjectId, cardId),
        ),
      );
    expect(downloads.map((row) => row.details)).toEqual([
      { documentId, title: "Общий анализ крови", download: false },
      { documentId, title: "Общий анализ крови", download: true },
    ]);
  });

  it("refuses a program instead of a PDF, and a document to a card the doctor has not opened", async () => {
    const cardId = await openedCardId(doctorCookie, { chatId: family.chatId, reason: REASON });
    const fields = { type: "other", title: "Файл", documentDate: "2026-02-01" };
    const program = await addDocument(doctorCookie, cardId, fields, {
      name: "scan.pdf",
      content: EXE,
    });
    expect(program.statusCode).toBe(400);
    expect(program.json().detail).toMatch(/PDF, JPG или PNG/);
    const notOpened = await addDocument(otherDoctorCookie, cardId, fields, {
      name: "scan.pdf",
      content: PDF,
    });
    expect(notOpened.statusCode).toBe(403);
  });
});
