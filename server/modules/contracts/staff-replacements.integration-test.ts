import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  appeals,
  coveredPersons,
  replacementRequests,
  staffAuditLog,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  latestSms,
  signInStaff,
  type TestClient,
  type TestStaff,
} from "../../test/factories.ts";
import { turnOffQuietHours } from "../../test/notification-fixtures.ts";
import { insertServiceType } from "../appeals/service-types.repository.ts";

const t = setupTestApp();

let operator: TestStaff;
let operatorCookie: string;
let doctorCookie: string;
let adminCookie: string;
let client: TestClient;
let programId: string;

const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

/** A contract whose «Пациент 1» has an appeal, and a pending request to replace them. */
async function contractWithRequest() {
  const db = t.database.db;
  const contract = await createTestContract(db, {
    programId,
    startsOn: "2030-01-01",
    endsOn: "2030-12-31",
    persons: [
      {
        slot: 1,
        lastName: "Старов",
        firstName: "Олег",
        patronymic: "Ильич",
        birthDate: "1960-02-02",
        phone: client.phone,
      },
    ],
  });
  const [oldPersonId] = contract.personIds;
  if (!oldPersonId) throw new Error("no person");
  const type = await insertServiceType(db, `Вид ${contract.number}`);
  const doctor = await createTestStaff(db, "doctor");
  await db.insert(appeals).values({
    contractId: contract.id,
    personId: oldPersonId,
    serviceTypeId: type?.id ?? "",
    doctorId: doctor.id,
    channel: "chat",
    occurredAt: new Date("2026-01-10T10:00:00Z"),
    outcome: "Консультация",
    createdById: doctor.id,
  });
  const [request] = await db
    .insert(replacementRequests)
    .values({
      contractId: contract.id,
      personId: oldPersonId,
      clientId: client.id,
      lastName: "Новикова",
      firstName: "Алёна",
      patronymic: "Петровна",
      birthDate: "1992-07-07",
      phone: "+79035550011",
      email: "novikova@example.ru",
      reason: "Сертификат куплен в подарок маме",
    })
    .returning({ id: replacementRequests.id });
  if (!request) throw new Error("no request");
  return { contract, oldPersonId, requestId: request.id };
}

async function decide(id: string, action: "approve" | "reject", comment: string, cookie: string) {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/replacement-requests/${id}/${action}`,
    cookies: asStaff(cookie),
    payload: { comment },
  });
}

beforeAll(async () => {
  const db = t.database.db;
  operator = await createTestStaff(db, "operator", "Операторова Мария Ивановна");
  operatorCookie = await signInStaff(t.app, operator);
  doctorCookie = await signInStaff(t.app, await createTestStaff(db, "doctor"));
  adminCookie = await signInStaff(t.app, await createTestStaff(db, "admin"));
  client = await createTestClient(db);
  // The decision SMS would wait for the end of the quiet hours at night (decision 0028).
  await turnOffQuietHours(db, client.id);
  programId = (await createTestProgram(db)).id;
});

describe("the replacement queue", () => {
  it("lists pending requests with the contract, the current Пациент 1, the requested person and the reason, and audits the list", async () => {
    const { contract, requestId } = await contractWithRequest();
    const res = await t.app.inject({
      method: "GET",
      url: "/api/staff/replacement-requests",
      cookies: asStaff(operatorCookie),
    });
    expect(res.statusCode).toBe(200);
    const row = res.json().requests.find((r: { id: string }) => r.id === requestId);
    expect(row).toMatchObject({
      contractNumber: contract.number,
      currentPersonName: "Старов Олег Ильич",
      requestedName: "Новикова Алёна Петровна",
      requestedBirthDate: "1992-07-07",
      reason: "Сертификат куплен в подарок маме",
      status: "pending",
    });
    const [audit] = await t.database.db
      .select()
      .from(staffAuditLog)
      .where(
        and(eq(staffAuditLog.staffId, operator.id), eq(staffAuditLog.action, "replacement.list")),
      );
    expect(audit?.details).toMatchObject({ requests: expect.arrayContaining([requestId]) });
  });

  it("shows one request with the requested person's contacts and audits the view", async () => {
    const { requestId } = await contractWithRequest();
    const res = await t.app.inject({
      method: "GET",
      url: `/api/staff/replacement-requests/${requestId}`,
      cookies: asStaff(doctorCookie),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().request.requested).toMatchObject({
      phone: "+79035550011",
      email: "novikova@example.ru",
    });
    expect(res.json().request.requesterPhone).toBe(client.phone);
    const rows = await t.database.db
      .select()
      .from(staffAuditLog)
      .where(
        and(eq(staffAuditLog.action, "replacement.view"), eq(staffAuditLog.subjectId, requestId)),
      );
    expect(rows).toHaveLength(1);
  });
});

describe("deciding a replacement request", () => {
  it("approves: the old Пациент 1 is kept as replaced with their appeals, the new one takes slot 1, the client gets an SMS", async () => {
    const { contract, oldPersonId, requestId } = await contractWithRequest();
    const res = await decide(requestId, "approve", "", operatorCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().request).toMatchObject({
      status: "approved",
      decidedByName: "Операторова Мария Ивановна",
      decisionComment: null,
    });

    const db = t.database.db;
    const persons = await db
      .select()
      .from(coveredPersons)
      .where(eq(coveredPersons.contractId, contract.id));
    const old = persons.find((p) => p.id === oldPersonId);
    const current = persons.filter((p) => p.slot === 1 && p.replacedAt === null);
    expect(old?.replacedAt).not.toBeNull();
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({
      lastName: "Новикова",
      firstName: "Алёна",
      patronymic: "Петровна",
      birthDate: "1992-07-07",
      phone: "+79035550011",
      nameKey: "новикова|алена|петровна",
    });

    const card = await t.app.inject({
      method: "GET",
      url: `/api/staff/contracts/${contract.id}`,
      cookies: asStaff(operatorCookie),
    });
    expect(card.json().appeals[0].personName).toBe("Старов Олег Ильич");
    expect(card.json().persons[0].fullName).toBe("Новикова Алёна Петровна");
    expect(card.json().persons[1]).toMatchObject({ fullName: "Старов Олег Ильич", slot: 1 });
    expect(card.json().persons[1].replacedAt).not.toBeNull();

    expect(await latestSms(t.app, client.phone)).toBe(
      `РМС: заявка на замену Пациента 1 по сертификату ${contract.number} одобрена.`,
    );
  });

  it("rejects with the comment, leaves the persons alone and tells the client why", async () => {
    const { contract, oldPersonId, requestId } = await contractWithRequest();
    const res = await decide(requestId, "reject", "Нужна копия паспорта", adminCookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().request).toMatchObject({
      status: "rejected",
      decisionComment: "Нужна копия паспорта",
    });
    const persons = await t.database.db
      .select()
      .from(coveredPersons)
      .where(eq(coveredPersons.contractId, contract.id));
    expect(persons).toHaveLength(1);
    expect(persons[0]).toMatchObject({ id: oldPersonId, replacedAt: null });
    expect(await latestSms(t.app, client.phone)).toBe(
      `РМС: заявка на замену Пациента 1 по сертификату ${contract.number} отклонена. Причина: Нужна копия паспорта`,
    );
  });

  it("requires a comment to reject", async () => {
    const { requestId } = await contractWithRequest();
    const res = await decide(requestId, "reject", "  ", operatorCookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({
      field: "comment",
      message: "Напишите причину отказа: её получит клиент",
    });
    const [row] = await t.database.db
      .select({ status: replacementRequests.status })
      .from(replacementRequests)
      .where(eq(replacementRequests.id, requestId));
    expect(row?.status).toBe("pending");
  });

  it("answers 409 to a second decision and changes nothing", async () => {
    const { contract, requestId } = await contractWithRequest();
    expect((await decide(requestId, "approve", "", operatorCookie)).statusCode).toBe(200);
    const again = await decide(requestId, "reject", "Передумали", adminCookie);
    expect(again.statusCode).toBe(409);
    const twice = await decide(requestId, "approve", "", adminCookie);
    expect(twice.statusCode).toBe(409);
    const persons = await t.database.db
      .select()
      .from(coveredPersons)
      .where(eq(coveredPersons.contractId, contract.id));
    expect(persons).toHaveLength(2);
  });

  it("refuses a doctor with 403: doctors view requests but do not decide them", async () => {
    const { requestId } = await contractWithRequest();
    const res = await decide(requestId, "approve", "", doctorCookie);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toBe("Заявки на замену рассматривают операторы и администраторы.");
  });

  it("answers 404 for a request that does not exist", async () => {
    const res = await decide("6f1c1d6e-0000-4000-8000-000000000000", "approve", "", operatorCookie);
    expect(res.statusCode).toBe(404);
  });
});
