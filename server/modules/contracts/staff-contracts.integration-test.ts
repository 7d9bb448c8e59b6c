import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { staffAuditLog } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestStaff,
  uniquePhone,
} from "../../test/factories.ts";

const t = setupTestApp();

let operator: TestStaff;
let operatorCookie: string;
let contract: { id: string; number: string; personIds: string[] };
const phone = uniquePhone();

const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

async function lastAudit(staffId: string) {
  const [row] = await t.database.db
    .select()
    .from(staffAuditLog)
    .where(eq(staffAuditLog.staffId, staffId))
    .orderBy(desc(staffAuditLog.createdAt))
    .limit(1);
  return row;
}

async function auditCount(staffId: string, action: string) {
  const rows = await t.database.db
    .select({ id: staffAuditLog.id })
    .from(staffAuditLog)
    .where(and(eq(staffAuditLog.staffId, staffId), eq(staffAuditLog.action, action)));
  return rows.length;
}

beforeAll(async () => {
  const db = t.database.db;
  operator = await createTestStaff(db, "operator");
  await createTestStaff(db, "doctor", "Врачев Пётр Ильич");
  operatorCookie = await signInStaff(t.app, operator);
  const program = await createTestProgram(db, { name: "Позвони Врачу тест", maxPersons: 2 });
  contract = await createTestContract(db, {
    programId: program.id,
    startsOn: "2026-03-01",
    endsOn: "2027-02-28",
    persons: [
      {
        slot: 1,
        lastName: "Семёнов",
        firstName: "Аркадий",
        patronymic: "Львович",
        birthDate: "1979-06-02",
        phone,
        email: "semenov@example.ru",
      },
      { slot: 2, lastName: "Семёнова", firstName: "Ольга", birthDate: "1981-01-20" },
    ],
  });
});

describe("contract search", () => {
  async function search(q: string, cookie = operatorCookie) {
    return t.app.inject({
      method: "GET",
      url: `/api/staff/contracts?q=${encodeURIComponent(q)}`,
      cookies: asStaff(cookie),
    });
  }

  it("finds a contract by its number and lists its program, period, status and persons", async () => {
    const res = await search(contract.number);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.contracts).toHaveLength(1);
    expect(body.contracts[0]).toMatchObject({
      id: contract.id,
      number: contract.number,
      kind: "certificate",
      programName: "Позвони Врачу тест",
      startsOn: "2026-03-01",
      endsOn: "2027-02-28",
      persons: [
        { slot: 1, fullName: "Семёнов Аркадий Львович" },
        { slot: 2, fullName: "Семёнова Ольга" },
      ],
    });
    expect(["not-started", "active", "expired"]).toContain(body.contracts[0].status);
  });

  it("finds a contract by a person's phone typed in any common format", async () => {
    const national = phone.slice(2);
    const typed = `8 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`;
    for (const q of [phone, typed, national]) {
      const body = (await search(q)).json();
      expect(body.matchedBy).toContain("phone");
      expect(body.contracts.map((row: { id: string }) => row.id)).toEqual([contract.id]);
    }
  });

  it("finds a contract by surname, or surname and name, ignoring case and ё", async () => {
    for (const q of ["семенов", "СЕМЁНОВ АРК", "Семенов Аркадий Львович"]) {
      const body = (await search(q)).json();
      expect(body.contracts.map((row: { id: string }) => row.id)).toContain(contract.id);
    }
    const other = (await search("Семенов Борис")).json();
    expect(other.contracts.map((row: { id: string }) => row.id)).not.toContain(contract.id);
  });

  it("pages the results with limit and offset", async () => {
    const db = t.database.db;
    const program = await createTestProgram(db);
    for (let i = 0; i < 3; i += 1) {
      await createTestContract(db, {
        programId: program.id,
        startsOn: `2025-0${i + 1}-01`,
        endsOn: "2025-12-31",
        persons: [{ slot: 1, lastName: "Пагинов", firstName: "Лев", birthDate: "1990-01-01" }],
      });
    }
    const first = await t.app.inject({
      method: "GET",
      url: `/api/staff/contracts?q=${encodeURIComponent("Пагинов")}&limit=2`,
      cookies: asStaff(operatorCookie),
    });
    expect(first.json().contracts).toHaveLength(2);
    expect(first.json().hasMore).toBe(true);
    // Newest period first.
    expect(first.json().contracts[0].startsOn).toBe("2025-03-01");
    const second = await t.app.inject({
      method: "GET",
      url: `/api/staff/contracts?q=${encodeURIComponent("Пагинов")}&limit=2&offset=2`,
      cookies: asStaff(operatorCookie),
    });
    expect(second.json().contracts).toHaveLength(1);
    expect(second.json().hasMore).toBe(false);
  });

  it("treats a wildcard in the query as a letter, not as «anything»", async () => {
    const body = (await search("%%")).json();
    expect(body.contracts).toEqual([]);
  });

  it("refuses a one-letter query with a Russian message", async () => {
    const res = await search("С");
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("q");
    expect(res.json().errors[0].message).toMatch(/не меньше 2 символов/);
  });

  it("writes the search text to the audit log", async () => {
    await search("Семёнов");
    const row = await lastAudit(operator.id);
    expect(row?.action).toBe("contract.search");
    expect(row?.details).toMatchObject({ query: "Семёнов", found: [contract.number] });
  });
});

describe("contract card", () => {
  it("shows the contract's persons with birth date, phone and e-mail, and writes one audit row", async () => {
    const before = await auditCount(operator.id, "contract.view");
    const res = await t.app.inject({
      method: "GET",
      url: `/api/staff/contracts/${contract.id}`,
      cookies: asStaff(operatorCookie),
    });
    expect(res.statusCode).toBe(200);
    const card = res.json();
    expect(card.number).toBe(contract.number);
    expect(card.program.name).toBe("Позвони Врачу тест");
    expect(card.persons[0]).toMatchObject({
      slot: 1,
      fullName: "Семёнов Аркадий Львович",
      birthDate: "1979-06-02",
      phone,
      email: "semenov@example.ru",
      replacedAt: null,
    });
    expect(card.appeals).toEqual([]);
    expect(await auditCount(operator.id, "contract.view")).toBe(before + 1);
    const row = await lastAudit(operator.id);
    expect(row).toMatchObject({ subjectType: "contract", subjectId: contract.id });
  });

  it("answers 404 for a contract that does not exist", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/staff/contracts/6f1c1d6e-0000-4000-8000-000000000000",
      cookies: asStaff(operatorCookie),
    });
    expect(res.statusCode).toBe(404);
  });

  it("refuses a client's session with 401, whichever cookie it comes in", async () => {
    const client = await createTestClient(t.database.db);
    const token = await signInClient(t.app, client);
    const wrongCookies: Record<string, string>[] = [
      { rms_session: token },
      { rms_staff_session: token },
    ];
    for (const cookies of wrongCookies) {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/staff/contracts/${contract.id}`,
        cookies,
      });
      expect(res.statusCode).toBe(401);
    }
  });
});

describe("doctors list", () => {
  it("lists active doctors only", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: "/api/staff/doctors",
      cookies: asStaff(operatorCookie),
    });
    const names = res.json().doctors.map((d: { fullName: string }) => d.fullName);
    expect(names).toContain("Врачев Пётр Ильич");
    expect(names).not.toContain(operator.fullName);
  });
});
