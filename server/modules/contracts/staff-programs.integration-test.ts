import { beforeAll, describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import { createTestStaff, signInStaff, type TestStaff } from "../../test/factories.ts";

const t = setupTestApp();

let operator: TestStaff;
let operatorCookie: string;
let adminCookie: string;

const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

const program = (overrides: Record<string, unknown> = {}) => ({
  name: "Позвони Педиатру",
  code: "call-pediatrician",
  description: "Консультации педиатра по телефону круглосуточно.",
  coverage: "- Консультации педиатра\n- Расшифровка анализов",
  maxPersons: 1,
  careProcedure: "Позвоните по номеру **8 (800) 770-70-94**.",
  soldOnline: true,
  priceKopecks: 199_000,
  termMonths: 12,
  ...overrides,
});

beforeAll(async () => {
  const db = t.database.db;
  operator = await createTestStaff(db, "operator");
  operatorCookie = await signInStaff(t.app, operator);
  adminCookie = await signInStaff(t.app, await createTestStaff(db, "admin"));
});

describe("the programs catalogue", () => {
  it("lets an admin create a program and everyone on the staff read it", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/staff/programs",
      cookies: asStaff(adminCookie),
      payload: program(),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().program).toMatchObject({
      code: "call-pediatrician",
      priceKopecks: 199_000,
      termMonths: 12,
      archived: false,
    });
    const list = await t.app.inject({
      method: "GET",
      url: "/api/staff/programs",
      cookies: asStaff(operatorCookie),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().programs.map((p: { name: string }) => p.name)).toContain("Позвони Педиатру");
  });

  it("answers 409 on the field when the name (in any case) or the code is taken", async () => {
    await createTestProgram(t.database.db, { name: "Занятое имя", code: "taken-code" });
    const byName = await t.app.inject({
      method: "POST",
      url: "/api/staff/programs",
      cookies: asStaff(adminCookie),
      payload: program({ name: "ЗАНЯТОЕ ИМЯ", code: "free-code" }),
    });
    expect(byName.statusCode).toBe(409);
    expect(byName.json().errors).toEqual([
      { field: "name", message: "Программа с таким названием уже есть." },
    ]);
    const byCode = await t.app.inject({
      method: "POST",
      url: "/api/staff/programs",
      cookies: asStaff(adminCookie),
      payload: program({ name: "Свободное имя", code: "taken-code" }),
    });
    expect(byCode.statusCode).toBe(409);
    expect(byCode.json().errors[0].field).toBe("code");
  });

  it("requires a price and a term for a program sold online", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/staff/programs",
      cookies: asStaff(adminCookie),
      payload: program({
        name: "Без цены",
        code: "no-price",
        priceKopecks: null,
        termMonths: null,
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      "priceKopecks",
      "termMonths",
    ]);
  });

  it("edits, archives and brings back a program; its contracts keep it", async () => {
    const db = t.database.db;
    const stored = await createTestProgram(db);
    await createTestContract(db, {
      programId: stored.id,
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
      persons: [],
    });
    const edited = await t.app.inject({
      method: "PUT",
      url: `/api/staff/programs/${stored.id}`,
      cookies: asStaff(adminCookie),
      payload: program({
        name: "Новое имя",
        code: stored.code,
        soldOnline: false,
        priceKopecks: null,
        termMonths: null,
      }),
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().program).toMatchObject({ name: "Новое имя", soldOnline: false });
    const archived = await t.app.inject({
      method: "POST",
      url: `/api/staff/programs/${stored.id}/archive`,
      cookies: asStaff(adminCookie),
    });
    expect(archived.json().program.archived).toBe(true);
    const back = await t.app.inject({
      method: "POST",
      url: `/api/staff/programs/${stored.id}/unarchive`,
      cookies: asStaff(adminCookie),
    });
    expect(back.json().program.archived).toBe(false);
  });

  it("keeps a program for two persons while a contract on it covers a Пациент 2", async () => {
    const db = t.database.db;
    const stored = await createTestProgram(db, { maxPersons: 2 });
    await createTestContract(db, {
      programId: stored.id,
      startsOn: "2026-01-01",
      endsOn: "2026-12-31",
      persons: [
        { slot: 1, lastName: "Первый", firstName: "Иван", birthDate: "1980-01-01" },
        { slot: 2, lastName: "Вторая", firstName: "Анна", birthDate: "1982-01-01" },
      ],
    });
    const res = await t.app.inject({
      method: "PUT",
      url: `/api/staff/programs/${stored.id}`,
      cookies: asStaff(adminCookie),
      payload: program({ name: stored.name, code: stored.code, maxPersons: 1 }),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].field).toBe("maxPersons");
  });

  it("refuses an operator on the admin's routes with 403", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/staff/programs",
      cookies: asStaff(operatorCookie),
      payload: program({ name: "Операторская", code: "operator-made" }),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toBe("Программы изменяет только администратор.");
  });
});

describe("service types", () => {
  it("lets an admin add, rename and archive a type; the appeal list then leaves it out", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/staff/service-types",
      cookies: asStaff(adminCookie),
      payload: { name: "Вызов врача на дом" },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().serviceType.id;
    const renamed = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/service-types/${id}`,
      cookies: asStaff(adminCookie),
      payload: { name: "Вызов врача на дом (Москва)" },
    });
    expect(renamed.json().serviceType.name).toBe("Вызов врача на дом (Москва)");
    await t.app.inject({
      method: "PATCH",
      url: `/api/staff/service-types/${id}`,
      cookies: asStaff(adminCookie),
      payload: { archived: true },
    });
    const offered = await t.app.inject({
      method: "GET",
      url: "/api/staff/service-types",
      cookies: asStaff(operatorCookie),
    });
    expect(offered.json().serviceTypes.map((s: { id: string }) => s.id)).not.toContain(id);
    const all = await t.app.inject({
      method: "GET",
      url: "/api/staff/service-types?includeArchived=true",
      cookies: asStaff(operatorCookie),
    });
    expect(all.json().serviceTypes.find((s: { id: string }) => s.id === id)).toMatchObject({
      archived: true,
    });
  });

  it("answers 409 on the name field for a duplicate, also on rename", async () => {
    const add = (name: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/staff/service-types",
        cookies: asStaff(adminCookie),
        payload: { name },
      });
    await add("Запись в клинику");
    const dup = await add("запись в клинику");
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0]).toEqual({
      field: "name",
      message: "Вид услуги с таким названием уже есть.",
    });
    const other = await add("Расшифровка анализов");
    const rename = await t.app.inject({
      method: "PATCH",
      url: `/api/staff/service-types/${other.json().serviceType.id}`,
      cookies: asStaff(adminCookie),
      payload: { name: "Запись в клинику" },
    });
    expect(rename.statusCode).toBe(409);
  });

  it("refuses an operator with 403", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/staff/service-types",
      cookies: asStaff(operatorCookie),
      payload: { name: "Операторский вид" },
    });
    expect(res.statusCode).toBe(403);
  });
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

describe("the OpenAPI document", () => {
  it("describes the staff console's contract routes under their tags", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    for (const path of [
      "/api/staff/contracts",
      "/api/staff/contracts/{id}",
      "/api/staff/contracts/{id}/appeals",
      "/api/staff/replacement-requests/{id}/approve",
      "/api/staff/programs/{id}",
      "/api/staff/service-types/{id}",
      "/api/staff/audit-log",
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    expect(document.paths["/api/staff/contracts"].get.tags).toEqual(["staff-contracts"]);
  });
});
