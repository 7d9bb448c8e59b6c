import { mkdtempSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InjectOptions } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../common/format/date.ts";
import { CONTROL_CHARACTERS_MESSAGE } from "../../common/text.schema.ts";
import { setupTestApp } from "./build-test-app.ts";
import { createTestContract, createTestProgram } from "./contract-factories.ts";
import { createTestClient, createTestStaff, signInClient, signInStaff } from "./factories.ts";
import { rawMultipart } from "./openapi-fuzz.ts";

/**
 * The inputs of issue 10 that reached PostgreSQL as a 500: each is now refused by its schema with
 * a Russian 400 naming the field, before any query.
 */
const dataDir = mkdtempSync(join(tmpdir(), "rms-hostile-"));
const t = setupTestApp({ env: { DATA_DIR: dataDir } });
const NUL = "a\u0000b";

let clientCookie: string;
let staffCookie: string;
let bearer: string;
let contractId: string;

function daysFromToday(days: number): string {
  const date = new Date(`${todayInMoscow()}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

beforeAll(async () => {
  const db = t.database.db;
  const client = await createTestClient(db);
  clientCookie = await signInClient(t.app, client);
  staffCookie = await signInStaff(t.app, await createTestStaff(db, "admin"));
  const program = await createTestProgram(db);
  contractId = (
    await createTestContract(db, {
      programId: program.id,
      startsOn: daysFromToday(-10),
      endsOn: daysFromToday(300),
      persons: [
        {
          slot: 1,
          lastName: "Петрова",
          firstName: "Анна",
          patronymic: "Сергеевна",
          birthDate: "1990-03-15",
          phone: client.phone,
        },
      ],
    })
  ).id;
  const token = await t.app.inject({
    method: "POST",
    url: "/api/staff/integration-tokens",
    cookies: { rms_staff_session: staffCookie },
    payload: { name: "Проверка" },
  });
  bearer = token.json<{ token: string }>().token;
});

const asClient = () => ({ cookies: { rms_session: clientCookie } });
const asStaff = () => ({ cookies: { rms_staff_session: staffCookie } });

/** Sends a request and expects the Russian 400 that names the field. */
async function expectRefused(request: InjectOptions, field: string, message?: string) {
  const res = await t.app.inject(request);
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
  const problem = res.json<{ title: string; errors: { field: string; message: string }[] }>();
  expect(problem.title).toBe("Проверьте введённые данные");
  expect(problem.errors).toContainEqual({ field, message: message ?? CONTROL_CHARACTERS_MESSAGE });
}

describe("a NUL byte in a text field", () => {
  it("is refused in the public certificate check, without signing in", async () => {
    await expectRefused(
      {
        method: "POST",
        url: "/api/verification",
        payload: { number: NUL, birthDate: "15.03.1990" },
      },
      "number",
    );
  });

  it("is refused in the client's call-back note", async () => {
    await expectRefused(
      {
        method: "POST",
        url: `/api/contracts/${contractId}/callbacks`,
        ...asClient(),
        payload: { phone: "+7 926 555-01-01", when: { kind: "asap" }, personSlot: 1, note: NUL },
      },
      "note",
    );
  });

  it("is refused in a message's text and in an attached file's name, and no file is kept", async () => {
    const boundary = "----hostile";
    const send = (message: string, filename: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/contracts/${contractId}/messages`,
        ...asClient(),
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
        payload: rawMultipart(boundary, [
          { name: "email", content: "anna@example.ru" },
          { name: "message", content: message },
          { name: "files", filename, content: "Анализы" },
        ]),
      });
    const byText = await send(NUL, "анализы.txt");
    expect(byText.statusCode, byText.body).toBe(400);
    expect(byText.json().errors).toContainEqual({
      field: "message",
      message: CONTROL_CHARACTERS_MESSAGE,
    });
    const byName = await send("Посмотрите анализы", "анализы\u0000.txt");
    expect(byName.statusCode, byName.body).toBe(400);
    expect(byName.json().errors[0].field).toBe("files");
    const stored = await readdir(join(dataDir, "files"), {
      recursive: true,
      withFileTypes: true,
    }).catch(() => []);
    expect(stored.filter((entry) => entry.isFile())).toEqual([]);
  });

  it("is refused in the staff contract search", async () => {
    await expectRefused(
      { method: "GET", url: "/api/staff/contracts?q=%D0%98%00%D0%B2", ...asStaff() },
      "q",
    );
  });

  it("is refused in the access log's subject filter", async () => {
    await expectRefused(
      { method: "GET", url: "/api/staff/audit-log?subjectId=ab%00cd", ...asStaff() },
      "subjectId",
    );
  });

  it("is refused in a service type's name", async () => {
    await expectRefused(
      { method: "POST", url: "/api/staff/service-types", ...asStaff(), payload: { name: NUL } },
      "name",
    );
  });

  it("is refused in an integration token's name", async () => {
    await expectRefused(
      {
        method: "POST",
        url: "/api/staff/integration-tokens",
        ...asStaff(),
        payload: { name: NUL },
      },
      "name",
    );
  });

  it("is refused in a staff member's full name", async () => {
    await expectRefused(
      {
        method: "POST",
        url: "/api/staff/members",
        ...asStaff(),
        payload: { email: "new.operator@rms.test", fullName: `Иванова ${NUL}`, role: "operator" },
      },
      "fullName",
    );
  });

  it("is refused in the integration API's insurer name, with every failing field", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/integration/contracts",
      headers: { authorization: `Bearer ${bearer}` },
      payload: {
        contracts: [
          {
            kind: "dms_policy",
            number: "001-ДМС-2026-999",
            insurerName: `АО ${NUL}`,
            programCode: "call-doctor",
            startsOn: "2026-01-01",
            endsOn: "2026-12-31",
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().errors).toContainEqual({
      field: "contracts.0.insurerName",
      message: CONTROL_CHARACTERS_MESSAGE,
    });
  });
});

describe("a staff member's e-mail", () => {
  it("is refused over 254 characters, like every other e-mail", async () => {
    await expectRefused(
      {
        method: "POST",
        url: "/api/staff/members",
        ...asStaff(),
        payload: {
          email: `${"a".repeat(10_000)}@rms.test`,
          fullName: "Иванова Мария Петровна",
          role: "operator",
        },
      },
      "email",
      "Не длиннее 254 символов",
    );
  });
});
