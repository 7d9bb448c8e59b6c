import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import {
  type DataReadsPage,
  dataReadsPageSchema,
} from "../../../common/staff/data-reads.schema.ts";
import { chatConversations, staffAuditLog } from "../../db/schema/index.ts";
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
import { accountDataReadsQuery } from "./data-reads.repository.ts";

const t = setupTestApp();

interface Account {
  client: TestClient;
  cookie: string;
  contract: { id: string; number: string; personIds: string[] };
  chatId: string;
}

let owner: Account;
let other: Account;
let operator: TestStaff;
let operatorCookie: string;
let doctor: TestStaff;
let doctorCookie: string;

async function account(lastName: string): Promise<Account> {
  const db = t.database.db;
  const client = await createTestClient(db, {
    lastName,
    firstName: "Анна",
    birthDate: "1985-05-05",
  });
  const program = await createTestProgram(db, { includesChat: true });
  const year = Number(todayInMoscow().slice(0, 4));
  // The person's phone is the account's: the holder trigger links the contract to it.
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    persons: [
      {
        slot: 1,
        lastName,
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1985-05-05",
        phone: client.phone,
      },
    ],
  });
  const [chat] = await db
    .insert(chatConversations)
    .values({
      clientId: client.id,
      contractId: contract.id,
      personId: contract.personIds[0] ?? "",
      clientConversationId: crypto.randomUUID(),
    })
    .returning({ id: chatConversations.id });
  return { client, cookie: await signInClient(t.app, client), contract, chatId: chat?.id ?? "" };
}

async function dataReads(who: Account, cursor?: string): Promise<DataReadsPage> {
  const res = await t.app.inject({
    method: "GET",
    url: `/api/profile/data-reads${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
    cookies: { rms_session: who.cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  return dataReadsPageSchema.parse(res.json());
}

async function viewContract(cookie: string, contractId: string): Promise<void> {
  const res = await t.app.inject({
    method: "GET",
    url: `/api/staff/contracts/${contractId}`,
    cookies: { rms_staff_session: cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  owner = await account("Смотрова");
  other = await account("Чужова");
  operator = await createTestStaff(t.database.db, "operator", "Операторова Ольга Петровна");
  operatorCookie = await signInStaff(t.app, operator);
  doctor = await createTestStaff(t.database.db, "doctor", "Врачёва Вера Ивановна");
  doctorCookie = await signInStaff(t.app, doctor);
});

describe("«Кто смотрел мои данные»", () => {
  it("shows an operator's view of the account's contract, with the operator's role and name", async () => {
    await viewContract(operatorCookie, owner.contract.id);
    const page = await dataReads(owner);
    const read = page.items.find((item) => item.action === "contract.view");
    expect(read).toMatchObject({
      staff: { role: "operator", fullName: "Операторова Ольга Петровна" },
      contractNumber: owner.contract.number,
    });
  });

  it("shows a doctor's opening of the account's medical card with the reason given", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/staff/medcard/open",
      cookies: { rms_staff_session: doctorCookie },
      payload: { chatId: owner.chatId, reason: "Уточнить аллергии перед назначением" },
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = await dataReads(owner);
    expect(page.items[0]).toMatchObject({
      action: "medcard.open",
      staff: { role: "doctor", fullName: "Врачёва Вера Ивановна" },
      reason: "Уточнить аллергии перед назначением",
    });
  });

  it("shows a search that found the account's contract, but not the words searched", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: `/api/staff/contracts?q=${encodeURIComponent(owner.contract.number)}`,
      cookies: { rms_staff_session: operatorCookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = await dataReads(owner);
    expect(page.items[0]).toMatchObject({
      action: "contract.search",
      contractNumber: owner.contract.number,
    });
    expect(JSON.stringify(page)).not.toContain("query");
  });

  it("does not show another account's reads to this one", async () => {
    await viewContract(operatorCookie, other.contract.id);
    const mine = await dataReads(owner);
    expect(mine.items.map((item) => item.contractNumber)).not.toContain(other.contract.number);
    const theirs = await dataReads(other);
    expect(theirs.items).toHaveLength(1);
    expect(theirs.items[0]).toMatchObject({
      action: "contract.view",
      contractNumber: other.contract.number,
    });
    expect(theirs.items.map((item) => item.action)).not.toContain("medcard.open");
  });

  it("pages newest first by 50, and the cursor leads to the older rows without repeats", async () => {
    const db = t.database.db;
    const start = Date.now() - 60 * 60_000;
    await db.insert(staffAuditLog).values(
      Array.from({ length: 60 }, (_, i) => ({
        staffId: operator.id,
        action: "chat.view",
        subjectType: "chat",
        subjectId: owner.chatId,
        createdAt: new Date(start - i * 1000),
      })),
    );
    const first = await dataReads(owner);
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const second = await dataReads(owner, first.nextCursor ?? "");
    const all = [...first.items, ...second.items];
    expect(second.nextCursor).toBeNull();
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
    expect(all.filter((item) => item.action === "chat.view")).toHaveLength(60);
    const times = all.map((item) => Date.parse(item.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("reads the account's subjects through the subject index, not the whole log", async () => {
    const db = t.database.db;
    // Another 20 000 rows about other subjects and lists, as a busy console writes them.
    await db.execute(sql`
      insert into staff_audit_log (staff_id, action, subject_type, subject_id, created_at)
      select ${operator.id}::uuid, 'contract.view', 'contract', gen_random_uuid()::text,
        now() - make_interval(secs => n)
      from generate_series(1, 15000) as n`);
    await db.execute(sql`
      insert into staff_audit_log (staff_id, action, details, created_at)
      select ${operator.id}::uuid, 'chat.list', jsonb_build_object('view', 'queue', 'ids', jsonb_build_array(gen_random_uuid()::text)),
        now() - make_interval(secs => n)
      from generate_series(1, 5000) as n`);
    await db.execute(sql`analyze staff_audit_log`);
    const plan = await db.execute(
      sql`explain ${accountDataReadsQuery(owner.client.id, { cursor: null, limit: 51 })}`,
    );
    const text = (plan as unknown as { rows: { "QUERY PLAN": string }[] }).rows
      .map((row) => row["QUERY PLAN"])
      .join("\n");
    expect(text).toContain("staff_audit_log_subject_idx");
    expect(text).not.toMatch(/Seq Scan on staff_audit_log/);
  });

  it("answers 401 without a client session and 400 for a malformed cursor", async () => {
    const anonymous = await t.app.inject({ method: "GET", url: "/api/profile/data-reads" });
    expect(anonymous.statusCode).toBe(401);
    const bad = await t.app.inject({
      method: "GET",
      url: "/api/profile/data-reads?cursor=nonsense",
      cookies: { rms_session: owner.cookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/[А-Яа-я]/);
  });
});
