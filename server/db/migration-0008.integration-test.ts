import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { personNameKey } from "../../common/contracts/person-match.ts";
import { migrationsDir } from "../paths.ts";
import { createTestDatabase } from "../test/build-test-app.ts";
import type { Db } from "./client.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A copy of the migrations folder that ends with 0007: the schema as it was before holders. */
function migrationsUpTo0007(): string {
  const dir = mkdtempSync(join(tmpdir(), "rms-migrations-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(migrationsDir, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8"));
  journal.entries = journal.entries.filter((entry: { idx: number }) => entry.idx <= 7);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = await db.execute(query);
  return (result as unknown as { rows: T[] }).rows;
}

describe("migration 0008", () => {
  it("turns the old rule's matches into links: by phone, and by name and birth date whatever the case, spaces and ё; nothing through a replaced person or another birth date", async () => {
    const test = await createTestDatabase();
    cleanups.push(test.dispose);
    const { db } = test.database;
    const folder = migrationsUpTo0007();
    if (test.database.kind === "embedded") {
      await migratePglite(db as Parameters<typeof migratePglite>[0], { migrationsFolder: folder });
    } else {
      await migrateNodePg(db as Parameters<typeof migrateNodePg>[0], {
        migrationsFolder: folder,
      });
    }

    await db.execute(sql`
      insert into clients (phone, last_name, first_name, patronymic, birth_date, email, password_hash) values
        ('+79000000001', 'Иванов', 'Иван', 'Иванович', '1985-04-12', 'a@example.ru', 'x'),
        ('+79000000002', ' Семёнов ', 'Алёна  Мария', null, '1990-01-01', 'b@example.ru', 'x'),
        ('+79000000003', 'Петров', 'Пётр', 'Петрович', '1970-01-01', 'c@example.ru', 'x')`);
    await db.execute(sql`
      insert into programs (code, name, description, coverage, max_persons, care_procedure)
        values ('p-0008', 'Программа 0008', 'd', 'c', 2, 'c')`);
    await db.execute(sql`
      insert into contracts (kind, number, program_id, starts_on, ends_on)
        select 'certificate', n, programs.id, '2026-01-01', '2026-12-31'
        from programs, (values ('11/00000001'), ('11/00000002'), ('11/00000003'), ('11/00000004')) as v(n)`);
    const person = (
      number: string,
      slot: number,
      name: [string, string, string | null],
      birthDate: string,
      phone: string | null,
      replaced = false,
    ) => sql`
      insert into covered_persons (contract_id, slot, last_name, first_name, patronymic, birth_date, phone, name_key, replaced_at)
      select id, ${slot}, ${name[0]}, ${name[1]}, ${name[2]}, ${birthDate}, ${phone},
        ${personNameKey(...name)}, ${replaced ? new Date() : null}
      from contracts where number = ${number}`;
    // 1: Иванов by phone (another name on it); 2: Семёнова by name, written differently;
    // 3: Петров only as a replaced person; 4: Петров's name with another birth date.
    await db.execute(
      person("11/00000001", 1, ["Соколов", "Евгений", null], "1979-09-03", "+79000000001"),
    );
    await db.execute(
      person("11/00000002", 1, ["СЕМЕНОВ", "алена мария", null], "1990-01-01", null),
    );
    await db.execute(person("11/00000002", 2, ["Иванов", "Иван", "Иванович"], "1985-04-12", null));
    await db.execute(
      person("11/00000003", 1, ["Петров", "Пётр", "Петрович"], "1970-01-01", "+79000000003", true),
    );
    await db.execute(person("11/00000004", 1, ["Петров", "Пётр", "Петрович"], "1971-01-01", null));

    await test.database.migrate();

    const links = await rows<{ phone: string; number: string; source: string }>(
      db,
      sql`select clients.phone, contracts.number, contract_holders.source
          from contract_holders
          join clients on clients.id = contract_holders.client_id
          join contracts on contracts.id = contract_holders.contract_id
          order by clients.phone, contracts.number`,
    );
    expect(links).toEqual([
      { phone: "+79000000001", number: "11/00000001", source: "migration" },
      { phone: "+79000000001", number: "11/00000002", source: "migration" },
      { phone: "+79000000002", number: "11/00000002", source: "migration" },
    ]);

    // From now on a person with an account's phone links it at once, inside the insert.
    await db.execute(
      person("11/00000004", 2, ["Петрова", "Анна", null], "2000-01-01", "+79000000003"),
    );
    const [latest] = await rows<{ source: string }>(
      db,
      sql`select contract_holders.source from contract_holders
          join contracts on contracts.id = contract_holders.contract_id
          where contracts.number = '11/00000004'`,
    );
    expect(latest).toEqual({ source: "phone" });
  });
});
