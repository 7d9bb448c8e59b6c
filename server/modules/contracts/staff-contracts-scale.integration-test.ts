import { type SQL, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestProgram } from "../../test/contract-factories.ts";
import { createTestStaff, signInStaff } from "../../test/factories.ts";

const t = setupTestApp();
let cookie: string;
const CONTRACTS = 12_000;
// Surnames made of letters only, from a hash: «Фамилиябгкд…».
const HEX = "0123456789abcdef";
const LETTERS = "абвгдежзиклмнопр";

beforeAll(async () => {
  const db = t.database.db;
  cookie = await signInStaff(t.app, await createTestStaff(db, "operator"));
  const program = await createTestProgram(db);
  // 12,000 certificates with two persons each, names and phones spread like real ones.
  await db.execute(sql`
    insert into contracts (kind, number, program_id, starts_on, ends_on)
    select 'certificate', '77/' || lpad(i::text, 8, '0'), ${program.id}, '2026-01-01', '2026-12-31'
    from generate_series(1, ${CONTRACTS}) as i`);
  await db.execute(sql`
    insert into covered_persons (contract_id, slot, last_name, first_name, birth_date, phone, name_key)
    select c.id, s.slot, 'Фамилия' || translate(md5(c.number || s.slot), ${HEX}, ${LETTERS}), 'Имя', '1980-01-01',
           '+7999' || lpad((row_number() over ())::text, 7, '0'),
           'фамилия' || translate(md5(c.number || s.slot), ${HEX}, ${LETTERS}) || '|имя|'
    from contracts c cross join (values (1), (2)) as s(slot)`);
  await db.execute(sql`analyze`);
}, 120_000);

/** Rows of a raw query, whichever driver runs it (both answer with `rows`). */
async function rows<T>(query: SQL): Promise<T[]> {
  const result = await t.database.db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

async function timed(url: string) {
  const started = performance.now();
  const res = await t.app.inject({ method: "GET", url, cookies: { rms_staff_session: cookie } });
  return { res, ms: performance.now() - started };
}

describe("contract search over 12,000 contracts", () => {
  it("answers by number, phone and name prefix from indexes, each well under 300 ms", async () => {
    const byNumber = await timed(`/api/staff/contracts?q=${encodeURIComponent("77/00005000")}`);
    expect(byNumber.res.json().contracts).toHaveLength(1);
    const byPhone = await timed(`/api/staff/contracts?q=${encodeURIComponent("8 999 000-00-42")}`);
    expect(byPhone.res.json().contracts).toHaveLength(1);
    const [sample] = await rows<{ name_key: string }>(
      sql`select name_key from covered_persons limit 1`,
    );
    const surname = (sample?.name_key ?? "").split("|")[0] ?? "";
    const byName = await timed(`/api/staff/contracts?q=${encodeURIComponent(surname)}`);
    expect(byName.res.json().contracts).toHaveLength(1);
    for (const { ms } of [byNumber, byPhone, byName]) expect(ms).toBeLessThan(300);
  });

  it("opens a contract card well under 300 ms", async () => {
    const found = await timed(`/api/staff/contracts?q=${encodeURIComponent("77/00011999")}`);
    const card = await timed(`/api/staff/contracts/${found.res.json().contracts[0].id}`);
    expect(card.res.json().persons).toHaveLength(2);
    expect(card.ms).toBeLessThan(300);
  });

  it("plans the name search as an index scan, not a scan of every person", async () => {
    const plan = await rows<Record<string, string>>(
      sql`explain select contract_id from covered_persons where name_key like 'фамилияак%'`,
    );
    const text = plan.map((row) => Object.values(row)[0]).join("\n");
    expect(text).toMatch(/Index/);
    expect(text).not.toMatch(/Seq Scan/);
  });
});
