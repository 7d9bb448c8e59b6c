import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { serviceTypes, staffAuditLog } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestStaff,
} from "../../test/factories.ts";
import { listOutboxMessages } from "../dev/dev-outbox.repository.ts";

const t = setupTestApp({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), "rms-queue-")) } });

const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n", "latin1"), Buffer.alloc(2048, 0x20)]);

let clientCookie: string;
let operator: TestStaff;
let operatorCookie: string;
let doctor: TestStaff;
let doctorCookie: string;
let contractId: string;
let personIds: string[];
let serviceTypeId: string;

beforeAll(async () => {
  const db = t.database.db;
  const client = await createTestClient(db, { lastName: "Орлова", birthDate: "1988-08-08" });
  clientCookie = await signInClient(t.app, client);
  operator = await createTestStaff(db, "operator", "Смирнова Ольга Петровна");
  doctor = await createTestStaff(db, "doctor", "Кузнецов Андрей Викторович");
  operatorCookie = await signInStaff(t.app, operator);
  doctorCookie = await signInStaff(t.app, doctor);
  const program = await createTestProgram(db, { maxPersons: 2 });
  const year = Number(todayInMoscow().slice(0, 4));
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    persons: [
      {
        slot: 1,
        lastName: "Орлова",
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1988-08-08",
        phone: client.phone,
      },
      {
        slot: 2,
        lastName: "Орлов",
        firstName: "Пётр",
        patronymic: "Андреевич",
        birthDate: "2016-02-02",
      },
    ],
  });
  contractId = contract.id;
  personIds = contract.personIds;
  const [type] = await db
    .insert(serviceTypes)
    .values({ name: "Консультация врача по телефону" })
    .returning({ id: serviceTypes.id });
  serviceTypeId = type?.id ?? "";
});

function asClient() {
  return { rms_session: clientCookie };
}
function asStaff(cookie: string) {
  return { rms_staff_session: cookie };
}

async function clientSendsMessage() {
  const data = new FormData();
  data.append("email", "orlova@example.ru");
  data.append("message", "Нужна расшифровка анализа крови.");
  data.append("files", new Blob([PDF]), "анализ.pdf");
  const request = new Request("http://localhost/", { method: "POST", body: data });
  const res = await t.app.inject({
    method: "POST",
    url: `/api/contracts/${contractId}/messages`,
    cookies: asClient(),
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; attachments: { id: string }[] };
}

async function auditActions(staffId: string, subjectId?: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ action: staffAuditLog.action })
    .from(staffAuditLog)
    .where(
      and(
        eq(staffAuditLog.staffId, staffId),
        subjectId ? eq(staffAuditLog.subjectId, subjectId) : undefined,
      ),
    );
  return rows.map((row) => row.action);
}

async function clientAppeals() {
  const res = await t.app.inject({
    method: "GET",
    url: `/api/contracts/${contractId}`,
    cookies: asClient(),
  });
  return res.json().appeals as {
    channel: string;
    outcome: string;
    doctorName: string;
    serviceType: string;
  }[];
}

describe("the message queue", () => {
  it("shows a client's message with its file to staff, and writes each view to the audit log", async () => {
    const message = await clientSendsMessage();
    const queue = await t.app.inject({
      method: "GET",
      url: "/api/staff/messages",
      cookies: asStaff(operatorCookie),
    });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().messages.map((entry: { id: string }) => entry.id)).toContain(message.id);
    const view = await t.app.inject({
      method: "GET",
      url: `/api/staff/messages/${message.id}`,
      cookies: asStaff(operatorCookie),
    });
    expect(view.json()).toMatchObject({
      clientName: "Орлова Анна Сергеевна",
      email: "orlova@example.ru",
      status: "new",
      attachments: [{ name: "анализ.pdf", mediaType: "application/pdf" }],
    });
    const file = await t.app.inject({
      method: "GET",
      url: `/api/staff/messages/${message.id}/attachments/${message.attachments[0]?.id}`,
      cookies: asStaff(operatorCookie),
    });
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(await auditActions(operator.id)).toEqual(
      expect.arrayContaining(["message.list", "message.view", "attachment.download"]),
    );
  });

  it("assigns a taken message visibly, and refuses it to another staff member", async () => {
    const message = await clientSendsMessage();
    const taken = await t.app.inject({
      method: "POST",
      url: `/api/staff/messages/${message.id}/take`,
      cookies: asStaff(operatorCookie),
    });
    expect(taken.json()).toMatchObject({
      status: "in_progress",
      assignedTo: { id: operator.id, fullName: "Смирнова Ольга Петровна" },
    });
    const again = await t.app.inject({
      method: "POST",
      url: `/api/staff/messages/${message.id}/take`,
      cookies: asStaff(doctorCookie),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe("Сообщение уже взял(а) в работу Смирнова Ольга Петровна.");
  });

  it("puts a reply in the client's thread and e-mails it to the address the client gave", async () => {
    const message = await clientSendsMessage();
    const res = await t.app.inject({
      method: "POST",
      url: `/api/staff/messages/${message.id}/replies`,
      cookies: asStaff(doctorCookie),
      payload: { body: "Гемоглобин в норме, повторять анализ не нужно." },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().assignedTo.id).toBe(doctor.id);
    await t.app.email.whenSettled();
    const [mail] = await listOutboxMessages(t.database.db, {
      email: "orlova@example.ru",
      limit: 1,
    });
    expect(mail?.subject).toMatch(/^РМС: ответ на ваше сообщение по договору 11\/\d{8}$/);
    expect(mail?.text).toContain("Гемоглобин в норме, повторять анализ не нужно.");
    const thread = await t.app.inject({
      method: "GET",
      url: `/api/messages?contractId=${contractId}`,
      cookies: asClient(),
    });
    const mine = thread.json().messages.find((entry: { id: string }) => entry.id === message.id);
    expect(mine.replies).toMatchObject([
      {
        body: "Гемоглобин в норме, повторять анализ не нужно.",
        authorName: doctor.fullName,
        read: false,
      },
    ]);
  });

  it("closes a message with an appeal that the client then sees on the contract", async () => {
    const message = await clientSendsMessage();
    const missingPerson = await t.app.inject({
      method: "POST",
      url: `/api/staff/messages/${message.id}/close`,
      cookies: asStaff(doctorCookie),
      payload: { serviceTypeId, outcome: "Даны рекомендации" },
    });
    expect(missingPerson.statusCode).toBe(400);
    const closed = await t.app.inject({
      method: "POST",
      url: `/api/staff/messages/${message.id}/close`,
      cookies: asStaff(doctorCookie),
      payload: { serviceTypeId, personId: personIds[1], outcome: "Расшифрован анализ крови" },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe("closed");
    expect(await clientAppeals()).toContainEqual(
      expect.objectContaining({
        channel: "message",
        outcome: "Расшифрован анализ крови",
        doctorName: "Кузнецов Андрей Викторович",
        serviceType: "Консультация врача по телефону",
      }),
    );
    const reply = await t.app.inject({
      method: "POST",
      url: `/api/staff/messages/${message.id}/replies`,
      cookies: asStaff(doctorCookie),
      payload: { body: "Ещё одно" },
    });
    expect(reply.statusCode).toBe(409);
  });

  it("is closed to a client's session", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/staff/messages",
      cookies: asClient(),
    });
    expect(res.statusCode).toBe(401);
  });
});

describe("the call-back queue", () => {
  it("takes a request, closes it with its outcome and records the appeal for the person asked about", async () => {
    const requested = await t.app.inject({
      method: "POST",
      url: `/api/contracts/${contractId}/callbacks`,
      cookies: asClient(),
      payload: { phone: "+7 926 000-11-22", when: { kind: "asap" }, personSlot: 2 },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const id = requested.json().id;

    const queue = await t.app.inject({
      method: "GET",
      url: "/api/staff/callbacks",
      cookies: asStaff(operatorCookie),
    });
    expect(queue.json().callbacks).toContainEqual(
      expect.objectContaining({
        id,
        personName: "Орлов Пётр Андреевич",
        overdue: false,
        status: "new",
      }),
    );
    const taken = await t.app.inject({
      method: "POST",
      url: `/api/staff/callbacks/${id}/take`,
      cookies: asStaff(operatorCookie),
    });
    expect(taken.json().assignedTo.fullName).toBe("Смирнова Ольга Петровна");

    const noDoctor = await t.app.inject({
      method: "POST",
      url: `/api/staff/callbacks/${id}/close`,
      cookies: asStaff(operatorCookie),
      payload: { serviceTypeId, outcome: "Перезвонили" },
    });
    expect(noDoctor.statusCode).toBe(400);
    expect(noDoctor.json().errors).toContainEqual({ field: "doctorId", message: "Выберите врача" });

    const closed = await t.app.inject({
      method: "POST",
      url: `/api/staff/callbacks/${id}/close`,
      cookies: asStaff(operatorCookie),
      payload: {
        serviceTypeId,
        doctorId: doctor.id,
        outcome: "Консультация по температуре ребёнка",
      },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({
      status: "done",
      outcome: "Консультация по температуре ребёнка",
    });

    const mine = await t.app.inject({ method: "GET", url: "/api/callbacks", cookies: asClient() });
    expect(mine.json().callbacks.find((entry: { id: string }) => entry.id === id).status).toBe(
      "done",
    );
    expect(await clientAppeals()).toContainEqual(
      expect.objectContaining({
        channel: "callback",
        outcome: "Консультация по температуре ребёнка",
      }),
    );
    const twice = await t.app.inject({
      method: "POST",
      url: `/api/staff/callbacks/${id}/close`,
      cookies: asStaff(operatorCookie),
      payload: { serviceTypeId, doctorId: doctor.id, outcome: "Ещё раз" },
    });
    expect(twice.statusCode).toBe(409);
  });
});
