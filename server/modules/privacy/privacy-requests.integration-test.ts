import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import { privacyRequests, staffAuditLog } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestStaff,
} from "../../test/factories.ts";
import { addBusinessDays } from "../calendar/index.ts";

const t = setupTestApp();

let operator: TestStaff;
let operatorCookie: string;
let secondOperatorCookie: string;
let doctorCookie: string;
let adminCookie: string;
beforeAll(async () => {
  const db = t.database.db;
  operator = await createTestStaff(db, "operator");
  operatorCookie = await signInStaff(t.app, operator);
  secondOperatorCookie = await signInStaff(t.app, await createTestStaff(db, "operator"));
  doctorCookie = await signInStaff(t.app, await createTestStaff(db, "doctor"));
  adminCookie = await signInStaff(t.app, await createTestStaff(db, "admin"));
});

async function newClient(): Promise<{ id: string; cookie: string }> {
  const client = await createTestClient(t.database.db);
  return { id: client.id, cookie: await signInClient(t.app, client) };
}

function asClient(cookie: string, method: "GET" | "POST", payload?: Record<string, unknown>) {
  return t.app.inject({
    method,
    url: "/api/privacy/requests",
    payload,
    cookies: { rms_session: cookie },
  });
}

function asStaff(cookie: string, method: "GET" | "POST", url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url: `/api/staff/privacy-requests${url}`,
    payload: payload as Record<string, unknown> | undefined,
    cookies: { rms_staff_session: cookie },
  });
}

const text = "Прошу исправить отчество в договоре: Сергеевна, а не Сергеева.";

describe("«Запрос по персональным данным» in the cabinet", () => {
  it("refuses a request without a kind or with too short a text, in Russian, and stores nothing", async () => {
    const client = await newClient();
    const res = await asClient(client.cookie, "POST", { text: "коротко" });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["kind", "text"]));
    const messages = res.json().errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        "Выберите, что вы хотите сделать",
        "Опишите запрос — не короче 10 символов",
      ]),
    );
    expect((await asClient(client.cookie, "GET")).json().requests).toEqual([]);
  });

  it("shows the author its requests with the deadline, and no one else's", async () => {
    const author = await newClient();
    const other = await newClient();
    const created = await asClient(author.cookie, "POST", { kind: "correction", text });
    expect(created.statusCode).toBe(201);
    expect(created.json().request).toMatchObject({
      kind: "correction",
      status: "new",
      answer: null,
    });

    const mine = (await asClient(author.cookie, "GET")).json().requests;
    expect(mine.map((r: { id: string }) => r.id)).toEqual([created.json().request.id]);
    expect((await asClient(other.cookie, "GET")).json().requests).toEqual([]);
  });
});

describe("«Запросы по 152-ФЗ» in the console", () => {
  it("counts the 10 working days by the production calendar: a holiday inside moves the deadline", async () => {
    const db = t.database.db;
    const today = todayInMoscow();
    const before = await addBusinessDays(db, today, 10);
    // The next working day becomes a holiday: one working day less inside the ten.
    const holiday = await addBusinessDays(db, today, 1);
    const year = Number(holiday.slice(0, 4));
    const current = await t.app.inject({
      method: "GET",
      url: `/api/staff/calendar/${year}`,
      cookies: { rms_staff_session: adminCookie },
    });
    const days = (current.json().days ?? []) as { day: string; kind: string }[];
    const saved = await t.app.inject({
      method: "PUT",
      url: `/api/staff/calendar/${year}`,
      payload: { days: [...days, { day: holiday, kind: "day-off" }] },
      cookies: { rms_staff_session: adminCookie },
    });
    expect(saved.statusCode).toBe(200);
    const expected = await addBusinessDays(db, before, 1);
    expect(expected > before).toBe(true);

    const client = await newClient();
    const created = (await asClient(client.cookie, "POST", { kind: "objection", text })).json()
      .request;
    expect(created.dueDate).toBe(expected);

    const queue = await asStaff(operatorCookie, "GET", "");
    expect(queue.statusCode).toBe(200);
    const listed = queue.json().requests.find((r: { id: string }) => r.id === created.id);
    expect(listed).toMatchObject({
      dueDate: expected,
      overdue: false,
      status: "new",
      kind: "objection",
      client: { id: client.id, lastName: "Петрова", firstName: "Анна", deleted: false },
    });
  });

  it("marks a request past its deadline as overdue and lists it first", async () => {
    const client = await newClient();
    const created = (await asClient(client.cookie, "POST", { kind: "other", text })).json().request;
    await t.database.db
      .update(privacyRequests)
      .set({ dueDate: "2026-01-12" })
      .where(eq(privacyRequests.id, created.id));
    const queue = (await asStaff(operatorCookie, "GET", "")).json().requests;
    expect(queue[0]).toMatchObject({ id: created.id, overdue: true });
  });

  it("is taken into work, answered and closed; the client then reads the answer", async () => {
    const client = await newClient();
    const created = (await asClient(client.cookie, "POST", { kind: "correction", text })).json()
      .request;
    const taken = await asStaff(operatorCookie, "POST", `/${created.id}/take`);
    expect(taken.statusCode).toBe(200);
    expect(taken.json().request).toMatchObject({
      status: "in_progress",
      assignedToName: operator.fullName,
    });
    const twice = await asStaff(secondOperatorCookie, "POST", `/${created.id}/take`);
    expect(twice.statusCode).toBe(409);
    const notTheirs = await asStaff(secondOperatorCookie, "POST", `/${created.id}/close`, {
      answer: "Исправили отчество во всех договорах.",
    });
    expect(notTheirs.statusCode).toBe(409);

    const short = await asStaff(operatorCookie, "POST", `/${created.id}/close`, { answer: "ок" });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].message).toBe("Напишите ответ клиенту — не короче 10 символов");

    const answer = "Исправили отчество во всех договорах.";
    const closed = await asStaff(operatorCookie, "POST", `/${created.id}/close`, { answer });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().request).toMatchObject({
      status: "closed",
      answer,
      closedByName: operator.fullName,
    });

    const mine = (await asClient(client.cookie, "GET")).json().requests;
    expect(mine[0]).toMatchObject({ id: created.id, status: "closed", answer });
    const again = await asStaff(operatorCookie, "POST", `/${created.id}/close`, { answer });
    expect(again.statusCode).toBe(409);
  });

  it("writes the staff's list and view of a request to the audit log", async () => {
    const client = await newClient();
    const created = (await asClient(client.cookie, "POST", { kind: "other", text })).json().request;
    await asStaff(operatorCookie, "GET", "");
    const view = await asStaff(operatorCookie, "GET", `/${created.id}`);
    expect(view.statusCode).toBe(200);
    const rows = await t.database.db
      .select({ action: staffAuditLog.action })
      .from(staffAuditLog)
      .where(
        and(
          eq(staffAuditLog.staffId, operator.id),
          eq(staffAuditLog.subjectType, "privacy_request"),
          eq(staffAuditLog.subjectId, created.id),
        ),
      );
    expect(rows.map((row) => row.action)).toContain("privacy-request.view");
    const lists = await t.database.db
      .select({ details: staffAuditLog.details })
      .from(staffAuditLog)
      .where(
        and(
          eq(staffAuditLog.staffId, operator.id),
          eq(staffAuditLog.action, "privacy-request.list"),
        ),
      );
    expect(lists.some((row) => JSON.stringify(row.details).includes(created.id))).toBe(true);

    // The client reads them in «Кто смотрел мои данные».
    const reads = await t.app.inject({
      method: "GET",
      url: "/api/profile/data-reads",
      cookies: { rms_session: client.cookie },
    });
    const actions = reads.json().items.map((item: { action: string }) => item.action);
    expect(actions).toEqual(
      expect.arrayContaining(["privacy-request.view", "privacy-request.list"]),
    );
  });

  it("is open to operators and admins, not to doctors", async () => {
    expect((await asStaff(doctorCookie, "GET", "")).statusCode).toBe(403);
    expect((await asStaff(adminCookie, "GET", "")).statusCode).toBe(200);
  });
});
