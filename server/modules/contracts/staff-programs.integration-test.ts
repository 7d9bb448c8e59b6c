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

  it("keeps «Для кого» of a program: anyone unless told, then children, and shows it in the shop", async () => {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/staff/programs",
      cookies: asStaff(adminCookie),
      payload: program({ name: "Педиатр онлайн", code: "pediatrician-online" }),
    });
    expect(created.json().program.audience).toBe("any");
    const { id } = created.json().program;
    const edited = await t.app.inject({
      method: "PUT",
      url: `/api/staff/programs/${id}`,
      cookies: asStaff(adminCookie),
      payload: program({ name: "Педиатр онлайн", code: "pediatrician-online", audience: "child" }),
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().program.audience).toBe("child");
    const shop = await t.app.inject({ method: "GET", url: "/api/shop/programs" });
    expect(shop.json().programs).toContainEqual(expect.objectContaining({ id, audience: "child" }));
    const wrong = await t.app.inject({
      method: "PUT",
      url: `/api/staff/programs/${id}`,
      cookies: asStaff(adminCookie),
      payload: program({ name: "Педиатр онлайн", code: "pediatrician-online", audience: "pets" }),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().detail).toBe("Выберите, для кого программа");
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
