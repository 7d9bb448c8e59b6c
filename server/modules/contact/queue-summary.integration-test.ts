import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { QueueSummary } from "../../../common/contact/queue-summary.schema.ts";
import { todayInMoscow } from "../../../common/format/date.ts";
import {
  callbackRequests,
  clientMessages,
  replacementRequests,
  serviceTypes,
  staffAuditLog,
} from "../../db/schema/index.ts";
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

const t = setupTestApp();

let client: TestClient;
let clientCookie: string;
let operator: TestStaff;
let operatorCookie: string;
let doctor: TestStaff;
let doctorCookie: string;
let adminCookie: string;
let contractId: string;
let personId: string;
let serviceTypeId: string;

const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

beforeAll(async () => {
  const db = t.database.db;
  client = await createTestClient(db, { lastName: "Лебедева", birthDate: "1985-05-05" });
  clientCookie = await signInClient(t.app, client);
  operator = await createTestStaff(db, "operator");
  doctor = await createTestStaff(db, "doctor");
  operatorCookie = await signInStaff(t.app, operator);
  doctorCookie = await signInStaff(t.app, doctor);
  adminCookie = await signInStaff(t.app, await createTestStaff(db, "admin"));
  const program = await createTestProgram(db);
  const year = Number(todayInMoscow().slice(0, 4));
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    persons: [
      {
        slot: 1,
        lastName: "Лебедева",
        firstName: "Вера",
        patronymic: "Павловна",
        birthDate: "1985-05-05",
        phone: client.phone,
      },
    ],
  });
  contractId = contract.id;
  personId = contract.personIds[0] ?? "";
  const [type] = await db
    .insert(serviceTypes)
    .values({ name: "Консультация по сообщению" })
    .returning({ id: serviceTypes.id });
  serviceTypeId = type?.id ?? "";
});

async function summary(cookie: string): Promise<QueueSummary> {
  const res = await t.app.inject({
    method: "GET",
    url: "/api/staff/queues/summary",
    cookies: asStaff(cookie),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function post(url: string, cookie: string, payload?: Record<string, unknown>) {
  const res = await t.app.inject({
    method: "POST",
    url,
    cookies: asStaff(cookie),
    ...(payload === undefined ? {} : { payload }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function clientAsksForCallback(): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: `/api/contracts/${contractId}/callbacks`,
    cookies: { rms_session: clientCookie },
    payload: { phone: client.phone, when: { kind: "asap" }, personSlot: 1 },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function clientSendsMessage(): Promise<string> {
  const data = new FormData();
  data.append("email", "lebedeva@example.ru");
  data.append("message", "Подскажите, какие анализы сдать перед приёмом?");
  const request = new Request("http://localhost/", { method: "POST", body: data });
  const res = await t.app.inject({
    method: "POST",
    url: `/api/contracts/${contractId}/messages`,
    cookies: { rms_session: clientCookie },
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const none = { new: 0, overdue: 0, mine: 0 };

describe("GET /api/staff/queues/summary", () => {
  it("counts call-backs as they are asked for, taken, fall past due and are closed", async () => {
    expect((await summary(operatorCookie)).callbacks).toEqual(none);

    const id = await clientAsksForCallback();
    expect((await summary(operatorCookie)).callbacks).toEqual({ new: 1, overdue: 0, mine: 0 });

    await post(`/api/staff/callbacks/${id}/take`, operatorCookie);
    expect((await summary(operatorCookie)).callbacks).toEqual({ new: 0, overdue: 0, mine: 1 });
    // Taken by the operator: not new, and not the doctor's.
    expect((await summary(doctorCookie)).callbacks).toEqual(none);

    // Half an hour for «как можно скорее» has passed.
    await t.database.db
      .update(callbackRequests)
      .set({ dueAt: new Date(Date.now() - 60_000) })
      .where(eq(callbackRequests.id, id));
    expect((await summary(operatorCookie)).callbacks).toEqual({ new: 0, overdue: 1, mine: 1 });
    expect((await summary(doctorCookie)).callbacks).toEqual({ new: 0, overdue: 1, mine: 0 });

    await post(`/api/staff/callbacks/${id}/close`, operatorCookie, {
      serviceTypeId,
      doctorId: doctor.id,
      outcome: "Перезвонили, записали к терапевту",
    });
    expect((await summary(operatorCookie)).callbacks).toEqual(none);
  });

  it("counts a message unanswered for more than 24 hours as overdue until it is answered", async () => {
    const id = await clientSendsMessage();
    expect((await summary(doctorCookie)).messages).toEqual({ new: 1, overdue: 0, mine: 0 });

    await t.database.db
      .update(clientMessages)
      .set({ createdAt: new Date(Date.now() - 25 * 3_600_000) })
      .where(eq(clientMessages.id, id));
    expect((await summary(doctorCookie)).messages).toEqual({ new: 1, overdue: 1, mine: 0 });
    const queue = await t.app.inject({
      method: "GET",
      url: "/api/staff/messages",
      cookies: asStaff(doctorCookie),
    });
    expect(queue.json().messages).toContainEqual(expect.objectContaining({ id, overdue: true }));

    // A reply takes the message into the doctor's work and ends the wait.
    await post(`/api/staff/messages/${id}/replies`, doctorCookie, {
      body: "Общий анализ крови натощак.",
    });
    expect((await summary(doctorCookie)).messages).toEqual({ new: 0, overdue: 0, mine: 1 });
    expect((await summary(operatorCookie)).messages).toEqual(none);

    await post(`/api/staff/messages/${id}/close`, doctorCookie, {
      serviceTypeId,
      personId,
      outcome: "Дан ответ по подготовке к анализам",
    });
    expect((await summary(doctorCookie)).messages).toEqual(none);
  });

  it("shows pending replacement requests to operators and admins, not to a doctor who may not decide them", async () => {
    const [request] = await t.database.db
      .insert(replacementRequests)
      .values({
        contractId,
        personId,
        clientId: client.id,
        lastName: "Лебедев",
        firstName: "Кирилл",
        birthDate: "1990-09-09",
        reason: "Сертификат для мужа",
      })
      .returning({ id: replacementRequests.id });
    expect((await summary(operatorCookie)).replacements).toEqual({ pending: 1 });
    expect((await summary(adminCookie)).replacements).toEqual({ pending: 1 });
    expect((await summary(doctorCookie)).replacements).toBeNull();

    await post(`/api/staff/replacement-requests/${request?.id}/reject`, operatorCookie, {
      comment: "Договор уже действует",
    });
    expect((await summary(operatorCookie)).replacements).toEqual({ pending: 0 });
  });

  it("writes nothing to the audit log: the counts name no client", async () => {
    const before = await t.database.db
      .select({ id: staffAuditLog.id })
      .from(staffAuditLog)
      .where(eq(staffAuditLog.staffId, operator.id));
    await summary(operatorCookie);
    const after = await t.database.db
      .select({ id: staffAuditLog.id })
      .from(staffAuditLog)
      .where(eq(staffAuditLog.staffId, operator.id));
    expect(after).toHaveLength(before.length);
  });

  it("is closed to a client's session and to nobody signed in", async () => {
    const asClient = await t.app.inject({
      method: "GET",
      url: "/api/staff/queues/summary",
      cookies: { rms_session: clientCookie },
    });
    expect(asClient.statusCode).toBe(401);
    expect(asClient.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const anonymous = await t.app.inject({ method: "GET", url: "/api/staff/queues/summary" });
    expect(anonymous.statusCode).toBe(401);
  });
});
