import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  appeals,
  contracts,
  coveredPersons,
  integrationTokens,
  serviceTypes,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import {
  createTestContract,
  createTestProgram,
  uniqueCertificateNumber,
} from "../../test/contract-factories.ts";
import { createTestStaff, signInStaff } from "../../test/factories.ts";

const t = setupTestApp();

async function staffCookie(role: "admin" | "operator" | "doctor") {
  return {
    rms_staff_session: await signInStaff(t.app, await createTestStaff(t.database.db, role)),
  };
}

async function issueToken(name = "1С: Договоры"): Promise<{ id: string; token: string }> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/staff/integration-tokens",
    cookies: await staffCookie("admin"),
    payload: { name },
  });
  expect(res.statusCode).toBe(201);
  const body = res.json();
  return { id: body.info.id, token: body.token };
}

function send(token: string | null, payload: unknown) {
  return t.app.inject({
    method: "POST",
    url: "/api/integration/contracts",
    headers: token ? { authorization: `Bearer ${token}` } : {},
    payload: payload as object,
  });
}

function certificate(programCode: string, number = uniqueCertificateNumber()) {
  return {
    kind: "certificate",
    number,
    programCode,
    startsOn: "2026-03-01",
    endsOn: "2027-02-28",
    persons: [
      {
        slot: 1,
        lastName: "Петров",
        firstName: "Пётр",
        patronymic: "Петрович",
        birthDate: "1979-05-20",
        phone: "8 926 555-12-34",
        email: "petrov@example.ru",
      },
    ],
  };
}

async function currentPersons(number: string) {
  return t.database.db
    .select({
      id: coveredPersons.id,
      slot: coveredPersons.slot,
      lastName: coveredPersons.lastName,
      firstName: coveredPersons.firstName,
      phone: coveredPersons.phone,
      email: coveredPersons.email,
      nameKey: coveredPersons.nameKey,
      replacedAt: coveredPersons.replacedAt,
    })
    .from(coveredPersons)
    .innerJoin(contracts, eq(contracts.id, coveredPersons.contractId))
    .where(eq(contracts.number, number))
    .orderBy(coveredPersons.createdAt);
}

describe("integration tokens", () => {
  it("shows a new token once and lists it afterwards by name and prefix only", async () => {
    const { id, token } = await issueToken("Учётная система");
    expect(token).toMatch(/^rms_[A-Za-z0-9_-]{43}$/);
    const [stored] = await t.database.db
      .select()
      .from(integrationTokens)
      .where(eq(integrationTokens.id, id));
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.tokenHash).not.toContain(token);

    const list = await t.app.inject({
      method: "GET",
      url: "/api/staff/integration-tokens",
      cookies: await staffCookie("admin"),
    });
    expect(list.statusCode).toBe(200);
    const listed = list.json().tokens.find((entry: { id: string }) => entry.id === id);
    expect(listed).toMatchObject({ name: "Учётная система", prefix: token.slice(0, 12) });
    expect(list.body).not.toContain(token);
  });

  it("lets only an admin issue, list or revoke tokens", async () => {
    for (const role of ["operator", "doctor"] as const) {
      const cookies = await staffCookie(role);
      const list = await t.app.inject({
        method: "GET",
        url: "/api/staff/integration-tokens",
        cookies,
      });
      expect(list.statusCode).toBe(403);
      const issue = await t.app.inject({
        method: "POST",
        url: "/api/staff/integration-tokens",
        cookies,
        payload: { name: "Попытка" },
      });
      expect(issue.statusCode).toBe(403);
    }
    const anonymous = await t.app.inject({ method: "GET", url: "/api/staff/integration-tokens" });
    expect(anonymous.statusCode).toBe(401);
  });

  it("answers 401 with WWW-Authenticate for a missing, unknown or revoked token", async () => {
    const program = await createTestProgram(t.database.db);
    const payload = { contracts: [certificate(program.code)] };

    const missing = await send(null, payload);
    expect(missing.statusCode).toBe(401);
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(missing.headers["content-type"]).toContain("application/problem+json");

    const unknown = await send("rms_not-a-real-token", payload);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.headers["www-authenticate"]).toContain('error="invalid_token"');

    const { id, token } = await issueToken();
    const revoke = await t.app.inject({
      method: "POST",
      url: `/api/staff/integration-tokens/${id}/revoke`,
      cookies: await staffCookie("admin"),
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().token.revokedAt).not.toBeNull();
    const revoked = await send(token, payload);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.headers["www-authenticate"]).toMatch(/^Bearer/);
    const [written] = await t.database.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(eq(contracts.number, payload.contracts[0]?.number ?? ""));
    expect(written).toBeUndefined();
  });

  it("records when a token was last used", async () => {
    const program = await createTestProgram(t.database.db);
    const { id, token } = await issueToken();
    const before = new Date();
    expect((await send(token, { contracts: [certificate(program.code)] })).statusCode).toBe(200);
    const [stored] = await t.database.db
      .select({ lastUsedAt: integrationTokens.lastUsedAt })
      .from(integrationTokens)
      .where(eq(integrationTokens.id, id));
    expect(stored?.lastUsedAt?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it("documents the machine API in the OpenAPI with a bearer security scheme", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(spec.components.securitySchemes.integrationToken).toEqual({
      type: "http",
      scheme: "bearer",
    });
    const operation = spec.paths["/api/integration/contracts"].post;
    expect(operation.security).toEqual([{ integrationToken: [] }]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["200", "401", "422"]));
  });
});

describe("POST /api/integration/contracts", () => {
  it("creates a contract, then answers «unchanged» when the same payload comes again", async () => {
    const program = await createTestProgram(t.database.db);
    const { token } = await issueToken();
    const payload = { contracts: [certificate(program.code)] };

    const first = await send(token, payload);
    expect(first.statusCode).toBe(200);
    expect(first.json().results).toEqual([
      { index: 0, kind: "certificate", number: payload.contracts[0]?.number, outcome: "created" },
    ]);
    const second = await send(token, payload);
    expect(second.statusCode).toBe(200);
    expect(second.json().results[0].outcome).toBe("unchanged");
    expect(second.json().totals).toEqual({ created: 0, updated: 0, unchanged: 1 });

    const persons = await currentPersons(payload.contracts[0]?.number ?? "");
    expect(persons).toHaveLength(1);
    expect(persons[0]).toMatchObject({
      phone: "+79265551234",
      nameKey: "петров|петр|петрович",
      replacedAt: null,
    });
  });

  it("updates the same person's phone and spelling in place and says «updated»", async () => {
    const program = await createTestProgram(t.database.db);
    const { token } = await issueToken();
    const item = certificate(program.code);
    await send(token, { contracts: [item] });
    const [before] = await currentPersons(item.number);

    const respelled = {
      ...item,
      persons: [
        { ...item.persons[0], firstName: "Петр", phone: "+7 (926) 555-00-00", email: null },
      ],
    };
    const res = await send(token, { contracts: [respelled] });
    expect(res.json().results[0].outcome).toBe("updated");
    const after = await currentPersons(item.number);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: before?.id,
      firstName: "Петр",
      phone: "+79265550000",
      email: null,
    });
  });

  it("replaces a different person in the slot and keeps the old row for its appeals", async () => {
    const db = t.database.db;
    const program = await createTestProgram(db);
    const existing = await createTestContract(db, {
      programId: program.id,
      startsOn: "2026-03-01",
      endsOn: "2027-02-28",
      persons: [
        { slot: 1, lastName: "Старый", firstName: "Иван", birthDate: "1970-01-01" },
        { slot: 2, lastName: "Вторая", firstName: "Анна", birthDate: "1975-02-02" },
      ],
    });
    const [oldPersonId = ""] = existing.personIds;
    const doctor = await createTestStaff(db, "doctor");
    const [serviceType] = await db
      .insert(serviceTypes)
      .values({ name: `Консультация ${oldPersonId}` })
      .returning({ id: serviceTypes.id });
    const [appeal] = await db
      .insert(appeals)
      .values({
        contractId: existing.id,
        personId: oldPersonId,
        serviceTypeId: serviceType?.id ?? "",
        doctorId: doctor.id,
        createdById: doctor.id,
        channel: "phone",
        occurredAt: new Date(),
        outcome: "Консультация",
      })
      .returning({ id: appeals.id });
    const { token } = await issueToken();
    const res = await send(token, {
      contracts: [{ ...certificate(program.code, existing.number) }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0].outcome).toBe("updated");

    const persons = await currentPersons(existing.number);
    const old = persons.find((person) => person.id === oldPersonId);
    expect(old?.replacedAt).not.toBeNull();
    const current = persons.filter((person) => person.replacedAt === null);
    // Slot 1 has the new person; slot 2, absent from the item, keeps hers.
    expect(current.map((person) => [person.slot, person.lastName]).sort()).toEqual([
      [1, "Петров"],
      [2, "Вторая"],
    ]);
    const [kept] = await db
      .select({ personId: appeals.personId })
      .from(appeals)
      .where(eq(appeals.id, appeal?.id ?? ""));
    expect(kept?.personId).toBe(oldPersonId);
  });

  it("refuses the whole call with 422 and per-item Russian errors, writing nothing", async () => {
    const program = await createTestProgram(t.database.db, { maxPersons: 1 });
    const { token } = await issueToken();
    const good = certificate(program.code);
    const badDate = { ...certificate(program.code), endsOn: "2027-02-30" };
    const badPolicy = { ...certificate(program.code), kind: "dms_policy" };

    const res = await send(token, { contracts: [good, badDate, badPolicy] });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      {
        field: "contracts.1.endsOn",
        message: "Укажите существующую дату в формате ГГГГ-ММ-ДД",
      },
      {
        field: "contracts.2.insurerName",
        message: "Для полиса ДМС укажите страховую компанию",
      },
    ]);
    expect(await currentPersons(good.number)).toEqual([]);
  });

  it("refuses an unknown program code and a «Пациент 2» the program does not cover, writing nothing", async () => {
    const single = await createTestProgram(t.database.db, { maxPersons: 1 });
    const { token } = await issueToken();
    const good = certificate(single.code);
    const unknown = certificate("no-such-program");
    const withSecond = certificate(single.code);
    withSecond.persons.push({
      ...withSecond.persons[0],
      slot: 2,
      lastName: "Петрова",
    } as (typeof withSecond.persons)[number]);

    const res = await send(token, { contracts: [good, unknown, withSecond] });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      {
        field: "contracts.1.programCode",
        message: "Программы с кодом «no-such-program» нет в каталоге",
      },
      {
        field: "contracts.2.persons.1.slot",
        message: `Программа «${single.name}» покрывает одного человека: «Пациент 2» указать нельзя`,
      },
    ]);
    expect(await currentPersons(good.number)).toEqual([]);
  });

  it("refuses more contracts than one call may carry", async () => {
    const { token } = await issueToken();
    const many = Array.from({ length: 1001 }, () => certificate("call-doctor"));
    const res = await send(token, { contracts: many });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toEqual({
      field: "contracts",
      message: "Не больше 1000 договоров за один запрос",
    });
  });
});
