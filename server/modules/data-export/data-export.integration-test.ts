import { randomInt, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AccountData,
  accountDataSchema,
  type DataExport,
} from "../../../common/data-export/data-export.schema.ts";
import {
  appeals,
  appointmentEvents,
  appointments,
  callbackRequests,
  chatConversations,
  chatMessageFiles,
  chatMessages,
  clientMessages,
  dataExports,
  medcardDocuments,
  medcardEntries,
  messageAttachments,
  messageReplies,
  notificationPreferences,
  notifications,
  orderItems,
  orders,
  paymentAttempts,
  personalDataRequests,
  refunds,
  securityEvents,
  serviceTypes,
  staffAuditLog,
} from "../../db/schema/index.ts";
import { newStorageKey } from "../../integrations/storage/file-storage.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  type TestStaff,
} from "../../test/factories.ts";
import {
  createClinic,
  createDoctor,
  createSpecialty,
  createVisitService,
} from "../booking/booking-test-fixtures.ts";
import { sweepOrphanFiles } from "../contact/file-sweep.ts";
import {
  cardsOf,
  createTestFamily,
  giveHealthConsent,
  type TestFamily,
} from "../medcard/medcard-test-fixtures.ts";
import { discardAccountExports, prepareExport } from "./data-export.service.ts";
import { sweepExports } from "./data-export-jobs.ts";

// «Выгрузить мои данные» (decision 0030) through HTTP on a real database: the export holds every
// kind of the account's data and nothing of another account with the same name and the same kinds.

const t = setupTestApp();
const HOUR = 60 * 60 * 1000;

type Api = ReturnType<typeof api>;

function api(cookie: string) {
  return {
    list: async (): Promise<DataExport[]> => {
      const res = await t.app.inject({
        method: "GET",
        url: "/api/profile/data-exports",
        cookies: { rms_session: cookie },
      });
      expect(res.statusCode).toBe(200);
      return res.json().exports;
    },
    request: () =>
      t.app.inject({
        method: "POST",
        url: "/api/profile/data-exports",
        cookies: { rms_session: cookie },
      }),
    download: (url: string) =>
      t.app.inject({ method: "GET", url, cookies: { rms_session: cookie } }),
  };
}

/** Asks for an export and waits for the job; the ready export. */
async function readyExport(client: Api): Promise<DataExport> {
  const res = await client.request();
  expect(res.statusCode).toBe(202);
  await t.app.dataExports.whenSettled(20_000);
  const [latest] = await client.list();
  expect(latest?.status).toBe("ready");
  if (!latest?.files) throw new Error("no files on a ready export");
  return latest;
}

interface Seeded {
  family: TestFamily;
  /** A word written into every kind of row of this account, unique to it. */
  tag: string;
  contractIds: string[];
}

/** One of each kind of the account's data, each carrying `tag`. */
async function seedAccount(doctor: TestStaff, operator: TestStaff): Promise<Seeded> {
  const db = t.database.db;
  const family = await createTestFamily(t.app);
  const tag = `метка${randomInt(1e9)}`;
  const contractIds = await Promise.all(
    family.contractNumbers.map(async (number) => {
      const { rows } = (await db.execute(
        sql`select id from contracts where number = ${number}`,
      )) as unknown as { rows: { id: string }[] };
      return rows[0]?.id ?? "";
    }),
  );
  const contractId = contractIds[0] ?? "";
  const personId = family.selfPersonIds[0] ?? "";
  const clientId = family.client.id;

  const [type] = await db
    .insert(serviceTypes)
    .values({ name: `Консультация ${tag}` })
    .returning({ id: serviceTypes.id });
  await db.insert(appeals).values({
    contractId,
    personId,
    serviceTypeId: type?.id ?? "",
    doctorId: doctor.id,
    channel: "phone",
    occurredAt: new Date(Date.now() - 5 * HOUR),
    outcome: `Итог обращения ${tag}`,
    createdById: operator.id,
  });
  await db.insert(callbackRequests).values({
    source: "client",
    clientId,
    contractId,
    personId,
    phone: family.client.phone,
    dueAt: new Date(Date.now() + HOUR),
    note: `Перезвоните ${tag}`,
  });
  const [message] = await db
    .insert(clientMessages)
    .values({ clientId, contractId, email: "anna@example.ru", body: `Сообщение ${tag}` })
    .returning({ id: clientMessages.id });
  const messageId = message?.id ?? "";
  await db.insert(messageAttachments).values({
    messageId,
    storageKey: newStorageKey(),
    originalName: `скан-${tag}.pdf`,
    mediaType: "application/pdf",
    sizeBytes: 1024,
  });
  await db
    .insert(messageReplies)
    .values({ messageId, authorId: operator.id, body: `Ответ оператора ${tag}` });

  const [conversation] = await db
    .insert(chatConversations)
    .values({
      clientId,
      contractId,
      personId: family.child.personId,
      clientConversationId: randomUUID(),
      status: "active",
      doctorId: doctor.id,
      assignedAt: new Date(),
    })
    .returning({ id: chatConversations.id });
  const conversationId = conversation?.id ?? "";
  const [chatMessage] = await db
    .insert(chatMessages)
    .values({ conversationId, author: "client", clientMessageId: randomUUID(), body: `Чат ${tag}` })
    .returning({ id: chatMessages.id });
  await db
    .insert(chatMessages)
    .values({ conversationId, author: "doctor", staffId: doctor.id, body: `Врач отвечает ${tag}` });
  await db.insert(chatMessageFiles).values({
    messageId: chatMessage?.id ?? "",
    storageKey: newStorageKey(),
    originalName: `фото-${tag}.png`,
    mediaType: "image/png",
    sizeBytes: 2048,
  });

  const specialtyId = await createSpecialty(db, `терапевт ${tag}`);
  const clinicId = await createClinic(db, `Клиника ${tag}`);
  const doctorId = await createDoctor(db, clinicId, specialtyId, `Докторов${tag}`);
  const serviceId = await createVisitService(db, clinicId, specialtyId, 250_000);
  const startsAt = new Date(Math.ceil(Date.now() / HOUR) * HOUR + randomInt(48, 2000) * HOUR);
  const [appointment] = await db
    .insert(appointments)
    .values({
      personId,
      contractId,
      clientId,
      doctorId,
      clinicId,
      serviceId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      status: "confirmed",
      coverageKind: "covered",
      clinicPriceKopecks: 250_000,
      companyPriceKopecks: 0,
      requestNote: `Пожелание ${tag}`,
    })
    .returning({ id: appointments.id });
  await db.insert(appointmentEvents).values({
    appointmentId: appointment?.id ?? "",
    toStatus: "confirmed",
    actorKind: "client",
  });

  const [order] = await db
    .insert(orders)
    .values({
      kind: "certificate",
      clientId,
      status: "partially_refunded",
      totalKopecks: 149_000,
      paidKopecks: 149_000,
      refundedKopecks: 49_000,
      receiptEmail: `receipt-${tag}@example.ru`,
      checkout: {},
      returnOrigin: "http://localhost:3000",
      checkoutKey: randomUUID(),
      expiresAt: new Date(Date.now() + HOUR),
      paidAt: new Date(),
    })
    .returning({ id: orders.id });
  const orderId = order?.id ?? "";
  await db.insert(orderItems).values({
    orderId,
    kind: "certificate",
    programId: family.programId,
    description: `Сертификат ${tag}`,
    quantity: 1,
    unitKopecks: 149_000,
    amountKopecks: 149_000,
  });
  const [attempt] = await db
    .insert(paymentAttempts)
    .values({
      orderId,
      provider: "sandbox",
      providerPaymentId: randomUUID(),
      method: "bank_card",
      amountKopecks: 149_000,
      status: "succeeded",
      succeededAt: new Date(),
    })
    .returning({ id: paymentAttempts.id });
  await db.insert(refunds).values({
    orderId,
    attemptId: attempt?.id ?? "",
    providerRefundId: randomUUID(),
    amountKopecks: 49_000,
    status: "succeeded",
    kind: "admin",
    reason: `Возврат ${tag}`,
    staffId: operator.id,
  });

  await giveHealthConsent(t.app, family.cookie);
  const cards = await cardsOf(t.app, family.cookie);
  const self = cards.find((card) => card.subject === "self");
  const child = cards.find((card) => card.subject === "child");
  await db.insert(medcardEntries).values({
    cardId: self?.id ?? "",
    kind: "allergy",
    text: `Аллергия ${tag}`,
    source: "patient",
  });
  await db.insert(medcardDocuments).values({
    cardId: child?.id ?? "",
    type: "test_result",
    title: `Анализ ${tag}`,
    documentDate: "2026-11-01",
    source: "patient",
    storageKey: newStorageKey(),
    originalName: "analysis.pdf",
    mediaType: "application/pdf",
    sizeBytes: 4096,
  });

  await db.insert(personalDataRequests).values({
    clientId,
    kind: "name",
    lastName: `Смирнова${tag}`,
    firstName: "Анна",
    patronymic: "Сергеевна",
    birthDate: "1990-03-15",
    reason: `Замужество ${tag}`,
  });
  await db.insert(staffAuditLog).values({
    staffId: operator.id,
    action: "contract.view",
    subjectType: "contract",
    subjectId: contractId,
  });
  await db
    .insert(notificationPreferences)
    .values({ clientId, kind: "reminder", sms: false, email: true, push: true });
  await db.insert(notifications).values({
    clientId,
    key: randomUUID(),
    kind: "document",
    title: "Новый документ",
    body: `Документ добавлен ${tag}`,
  });
  return { family, tag, contractIds };
}

describe("«Выгрузить мои данные»", () => {
  let a: Seeded;
  let b: Seeded;
  let data: AccountData;
  let ready: DataExport;

  beforeAll(async () => {
    const doctor = await createTestStaff(t.database.db, "doctor", "Врачова Мария Петровна");
    const operator = await createTestStaff(t.database.db, "operator", "Операторова Ольга Ивановна");
    a = await seedAccount(doctor, operator);
    // Another account with the same name, birth date and the same kinds of data.
    b = await seedAccount(doctor, operator);
    await readyExport(api(b.family.cookie));
    ready = await readyExport(api(a.family.cookie));
    const res = await api(a.family.cookie).download(ready.files?.json.url ?? "");
    expect(res.statusCode).toBe(200);
    data = accountDataSchema.parse(res.json());
  }, 60_000);

  it("holds every kind of the account's data in the documented, versioned shape", () => {
    expect(data.format).toBe("rms-account-data");
    expect(data.version).toBe(1);
    expect(data.account).toMatchObject({ id: a.family.client.id, phone: a.family.client.phone });
    expect(data.account).not.toHaveProperty("passwordHash");
    expect(data.contracts.map((c) => c.number).sort()).toEqual(
      [...a.family.contractNumbers].sort(),
    );
    const first = data.contracts.find((c) => c.number === a.family.contractNumbers[0]);
    expect(first?.persons.map((p) => p.id)).toContain(a.family.child.personId);
    const { tag } = a;
    expect(data.appeals.map((x) => x.outcome)).toEqual([`Итог обращения ${tag}`]);
    expect(data.callbacks.map((x) => x.note)).toEqual([`Перезвоните ${tag}`]);
    expect(data.messages).toHaveLength(1);
    expect(data.messages[0]?.attachments.map((f) => f.name)).toEqual([`скан-${tag}.pdf`]);
    expect(data.messages[0]?.replies.map((r) => r.body)).toEqual([`Ответ оператора ${tag}`]);
    expect(data.chats).toHaveLength(1);
    expect(data.chats[0]?.messages.map((m) => m.body)).toEqual([
      `Чат ${tag}`,
      `Врач отвечает ${tag}`,
    ]);
    expect(data.chats[0]?.messages[0]?.files.map((f) => f.name)).toEqual([`фото-${tag}.png`]);
    expect(data.appointments.map((x) => x.requestNote)).toEqual([`Пожелание ${tag}`]);
    expect(data.appointments[0]?.history.map((h) => h.toStatus)).toEqual(["confirmed"]);
    expect(data.orders).toHaveLength(1);
    expect(data.orders[0]?.items.map((i) => i.description)).toEqual([`Сертификат ${tag}`]);
    expect(data.orders[0]?.payments.map((p) => p.status)).toEqual(["succeeded"]);
    expect(data.orders[0]?.refunds.map((r) => r.reason)).toEqual([`Возврат ${tag}`]);
    expect(data.medcards.map((card) => card.card.subject).sort()).toEqual(["child", "self"]);
    expect(data.medcards.flatMap((card) => card.summary.map((e) => e.text))).toEqual([
      `Аллергия ${tag}`,
    ]);
    expect(data.medcards.flatMap((card) => card.documents.map((d) => d.title))).toEqual([
      `Анализ ${tag}`,
    ]);
    expect(data.consents.length).toBeGreaterThan(0);
    expect(data.consents[0]).toMatchObject({ documentVersion: expect.any(Number) });
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(data.securityLog.map((e) => e.kind)).toContain("sign_in");
    expect(data.personalDataRequests.map((r) => r.reason)).toEqual([`Замужество ${tag}`]);
    expect(data.dataReads.map((r) => r.contractNumber)).toEqual([a.family.contractNumbers[0]]);
    expect(data.notifications.channels).toMatchObject([{ kind: "reminder", sms: false }]);
    expect(data.notifications.inbox.map((n) => n.body)).toContain(`Документ добавлен ${tag}`);
  });

  it("holds nothing of another account with the same name and the same kinds of data", async () => {
    const res = await api(a.family.cookie).download(ready.files?.json.url ?? "");
    const text = res.body;
    expect(text).toContain(a.tag);
    expect(text).not.toContain(b.tag);
    expect(text).not.toContain(b.family.client.id);
    expect(text).not.toContain(b.family.client.phone);
    for (const number of b.family.contractNumbers) expect(text).not.toContain(number);
    for (const id of b.contractIds) expect(text).not.toContain(id);
  });

  it("makes a PDF in Russian with the client's name and contracts", async () => {
    const res = await api(a.family.cookie).download(ready.files?.pdf.url ?? "");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; .*filename\*=UTF-8''/);
    expect(decodeURIComponent(String(res.headers["content-disposition"]))).toContain(
      "Мои данные РМС",
    );
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect(res.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain("Выгрузка персональных данных");
    expect(text).toContain("Петрова Анна Сергеевна");
    expect(text).toContain(a.family.contractNumbers[0]);
    expect(text).toContain(`Итог обращения ${a.tag}`);
    expect(text).not.toContain(b.tag);
  });

  it("records each download in the account's security log", async () => {
    const rows = await t.database.db
      .select({ details: securityEvents.details })
      .from(securityEvents)
      .where(
        and(
          eq(securityEvents.clientId, a.family.client.id),
          eq(securityEvents.kind, "data_export_downloaded"),
        ),
      );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.map((row) => row.details)).toContainEqual({ exportId: ready.id, file: "pdf" });
  });

  it("shows the export ready until 24 hours after it was made", () => {
    const readyAt = Date.parse(ready.readyAt ?? "");
    expect(Date.parse(ready.expiresAt ?? "") - readyAt).toBe(24 * HOUR);
  });

  it("refuses another account's download with a 404 and without a signed-in account with a 401", async () => {
    for (const url of [ready.files?.json.url ?? "", ready.files?.pdf.url ?? ""]) {
      const res = await api(b.family.cookie).download(url);
      expect(res.statusCode).toBe(404);
      expect(res.json().title).toBe("Не найдено");
      const anonymous = await t.app.inject({ method: "GET", url });
      expect(anonymous.statusCode).toBe(401);
    }
    expect((await api(b.family.cookie).list()).map((e) => e.id)).not.toContain(ready.id);
  });

  it("keeps a ready export's files through the sweep of orphan files", async () => {
    await sweepOrphanFiles(t.database.db, t.app.files, new Date(Date.now() + 3 * HOUR));
    const res = await api(a.family.cookie).download(ready.files?.json.url ?? "");
    expect(res.statusCode).toBe(200);
  });
});

describe("an export's 24 hours", () => {
  it("answers 410 once they have passed, and the sweep removes the files", async () => {
    const client = await createTestClient(t.database.db);
    const cookie = await signInClient(t.app, client);
    const ready = await readyExport(api(cookie));
    const [row] = await t.database.db
      .select()
      .from(dataExports)
      .where(eq(dataExports.id, ready.id));
    // 25 hours later: the export was made yesterday.
    await t.database.db
      .update(dataExports)
      .set({ readyAt: new Date(Date.now() - 25 * HOUR), expiresAt: new Date(Date.now() - HOUR) })
      .where(eq(dataExports.id, ready.id));

    const late = await api(cookie).download(ready.files?.pdf.url ?? "");
    expect(late.statusCode).toBe(410);
    expect(late.headers["content-type"]).toContain("application/problem+json");
    expect(late.json().title).toBe("Срок выгрузки истёк");
    expect((await api(cookie).list())[0]?.status).toBe("expired");

    const swept = await sweepExports(t.app.dataExports);
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect(await t.app.files.get(row?.jsonStorageKey ?? "")).toBeNull();
    expect(await t.app.files.get(row?.pdfStorageKey ?? "")).toBeNull();
    const [after] = await t.database.db
      .select()
      .from(dataExports)
      .where(eq(dataExports.id, ready.id));
    expect(after).toMatchObject({ status: "expired", jsonStorageKey: null, pdfStorageKey: null });
    expect((await api(cookie).download(ready.files?.json.url ?? "")).statusCode).toBe(410);
  }, 30_000);
});

describe("one export at a time", () => {
  it("answers a second «Подготовить выгрузку» while one runs with the same export and queues no second job", async () => {
    const client = await createTestClient(t.database.db);
    const cookie = await signInClient(t.app, client);
    const answers = await Promise.all([1, 2, 3].map(() => api(cookie).request()));
    expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 200, 202]);
    const ids = new Set(answers.map((res) => res.json().export.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    await t.app.dataExports.whenSettled(20_000);
    const rows = await t.database.db
      .select({ id: dataExports.id, status: dataExports.status, attempts: dataExports.attempts })
      .from(dataExports)
      .where(eq(dataExports.clientId, client.id));
    expect(rows).toEqual([{ id, status: "ready", attempts: 1 }]);
    const { rows: jobs } = (await t.database.db.execute(
      sql`select count(*)::int as n from pgboss.job where name = 'data-export' and data->>'exportId' = ${id}`,
    )) as unknown as { rows: { n: number }[] };
    expect(jobs[0]?.n).toBe(1);
  }, 30_000);

  it("refuses a sixth export within 24 hours with 429 and Retry-After", async () => {
    const client = await createTestClient(t.database.db);
    const cookie = await signInClient(t.app, client);
    for (let n = 0; n < 5; n++) {
      await t.database.db
        .insert(dataExports)
        .values({ clientId: client.id, status: "failed", failedAt: new Date() });
    }
    const res = await api(cookie).request();
    expect(res.statusCode).toBe(429);
    expect(res.headers["retry-after"]).toBeDefined();
    expect(res.json().title).toBe("Слишком много выгрузок");
    expect(await api(cookie).list()).toHaveLength(5);
  });

  it("lets a failed export be asked for again («Попробовать снова»)", async () => {
    const client = await createTestClient(t.database.db);
    const cookie = await signInClient(t.app, client);
    await t.database.db
      .insert(dataExports)
      .values({ clientId: client.id, status: "failed", failedAt: new Date() });
    const [failed] = await api(cookie).list();
    expect(failed).toMatchObject({ status: "failed", files: null });
    const again = await readyExport(api(cookie));
    expect(again.id).not.toBe(failed?.id);
  }, 30_000);
});

describe("the export's run", () => {
  it("takes again an export left «preparing» by a run that was cut off", async () => {
    const client = await createTestClient(t.database.db);
    const [row] = await t.database.db
      .insert(dataExports)
      .values({ clientId: client.id, status: "preparing", attempts: 1, startedAt: new Date() })
      .returning({ id: dataExports.id });
    expect(await prepareExport(t.app.dataExports, row?.id ?? "")).toBe(true);
    const [after] = await t.database.db
      .select({ status: dataExports.status, attempts: dataExports.attempts })
      .from(dataExports)
      .where(eq(dataExports.id, row?.id ?? ""));
    expect(after).toEqual({ status: "ready", attempts: 2 });
    // A finished export is not made again by a repeated job.
    expect(await prepareExport(t.app.dataExports, row?.id ?? "")).toBe(false);
  });

  it("marks the export failed and leaves no file when storing fails", async () => {
    const client = await createTestClient(t.database.db);
    const cookie = await signInClient(t.app, client);
    const [row] = await t.database.db
      .insert(dataExports)
      .values({ clientId: client.id })
      .returning({ id: dataExports.id });
    const stored: string[] = [];
    const deleted: string[] = [];
    const files = {
      ...t.app.files,
      async put(key: string) {
        stored.push(key);
        if (stored.length === 2) throw new Error("the disk is full");
        return { size: 1 };
      },
      async delete(key: string) {
        deleted.push(key);
      },
    };
    expect(await prepareExport({ ...t.app.dataExports, files }, row?.id ?? "")).toBe(false);
    expect(deleted.sort()).toEqual([...stored].sort());
    const [failed] = await api(cookie).list();
    expect(failed).toMatchObject({ status: "failed", files: null });
  });

  it("discards a ready export's files at once when the account is deleted", async () => {
    const client = await createTestClient(t.database.db);
    const cookie = await signInClient(t.app, client);
    const ready = await readyExport(api(cookie));
    const [row] = await t.database.db
      .select()
      .from(dataExports)
      .where(eq(dataExports.id, ready.id));
    expect(await discardAccountExports(t.app.dataExports, client.id)).toBe(1);
    expect(await t.app.files.get(row?.pdfStorageKey ?? "")).toBeNull();
    expect((await api(cookie).download(ready.files?.pdf.url ?? "")).statusCode).toBe(410);
  }, 30_000);
});
