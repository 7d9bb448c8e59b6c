import { beforeAll, describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import { createTestStaff, signInStaff, type TestStaff } from "../../test/factories.ts";

// «Журнал доступа»: the staff's reads of client data, as an admin sees them.
const t = setupTestApp();

let operator: TestStaff;
let operatorCookie: string;
let adminCookie: string;

const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

beforeAll(async () => {
  const db = t.database.db;
  operator = await createTestStaff(db, "operator");
  operatorCookie = await signInStaff(t.app, operator);
  adminCookie = await signInStaff(t.app, await createTestStaff(db, "admin"));
});

describe("the audit log", () => {
  it("shows an admin who looked at what, newest first, filtered by staff member and subject", async () => {
    const db = t.database.db;
    const stored = await createTestProgram(db);
    const contract = await createTestContract(db, {
      programId: stored.id,
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
      persons: [{ slot: 1, lastName: "Аудитов", firstName: "Пётр", birthDate: "1980-01-01" }],
    });
    await t.app.inject({
      method: "GET",
      url: `/api/staff/contracts?q=${encodeURIComponent("Аудитов")}`,
      cookies: asStaff(operatorCookie),
    });
    await t.app.inject({
      method: "GET",
      url: `/api/staff/contracts/${contract.id}`,
      cookies: asStaff(operatorCookie),
    });
    const mine = await t.app.inject({
      method: "GET",
      url: `/api/staff/audit-log?staffId=${operator.id}`,
      cookies: asStaff(adminCookie),
    });
    expect(mine.statusCode).toBe(200);
    const [newest, previous] = mine.json().entries;
    expect(newest).toMatchObject({
      action: "contract.view",
      subjectId: contract.id,
      staffName: operator.fullName,
    });
    expect(previous).toMatchObject({ action: "contract.search", details: { query: "Аудитов" } });

    const bySubject = await t.app.inject({
      method: "GET",
      url: `/api/staff/audit-log?subjectId=${contract.id}`,
      cookies: asStaff(adminCookie),
    });
    expect(bySubject.json().entries).toHaveLength(1);
  });

  it("refuses an operator with 403 and a signed-out caller with 401", async () => {
    const operatorRes = await t.app.inject({
      method: "GET",
      url: "/api/staff/audit-log",
      cookies: asStaff(operatorCookie),
    });
    expect(operatorRes.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: "GET", url: "/api/staff/audit-log" });
    expect(anonymous.statusCode).toBe(401);
  });
});
