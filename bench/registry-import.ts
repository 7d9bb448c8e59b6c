// The registry import scenario: a generated 10,000-row registry (about 6,500 contracts, one or
// two patients each) read, checked and applied through the same services the console uses, on a
// fresh embedded database. `node --import tsx bench/registry-import.ts` runs it alone; bench/run.ts
// runs it after the HTTP scenarios.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { registryColumns, registryFields } from "../common/contracts/import.schema.ts";
import { createDatabase } from "../server/db/client.ts";
import { programs, staffMembers } from "../server/db/schema/index.ts";
import {
  applyRegistryImport,
  previewRegistry,
} from "../server/modules/contracts/import/registry.service.ts";

z.config(z.locales.ru());

const ROWS = Number(process.env.BENCH_REGISTRY_ROWS ?? 10_000);

const lastNames = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Соколов", "Попов", "Лебедев"];
const firstNames = ["Иван", "Пётр", "Олег", "Андрей", "Евгений", "Михаил", "Сергей"];
const patronymics = ["Иванович", "Петрович", "Олегович", "Андреевич", "Сергеевич", ""];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** A registry of `rows` rows: every third contract a DMS policy, two of five with «Пациент 2». */
export function generateRegistryCsv(rows: number): { csv: string; contracts: number } {
  const lines = [registryFields.map((field) => registryColumns[field]).join(";")];
  let contract = 0;
  while (lines.length - 1 < rows) {
    contract += 1;
    const policy = contract % 3 === 0;
    const persons = contract % 5 < 2 && lines.length < rows ? 2 : 1;
    const startMonth = (contract % 12) + 1;
    const fields = [
      policy ? "Полис ДМС" : "Сертификат",
      policy ? `900-ДМС-2026-${pad(contract, 6)}` : `77/${pad(contract, 8)}`,
      policy ? "АО «Тест-Страхование»" : "",
      persons === 2 ? "bench-plus" : policy ? "bench-dms" : "bench-single",
      `01.${pad(startMonth)}.2026`,
      `28.${pad(startMonth)}.2027`,
    ];
    for (let slot = 1; slot <= persons; slot += 1) {
      const n = contract * 2 + slot;
      const birth = `${pad((n % 28) + 1)}.${pad((n % 12) + 1)}.${1950 + (n % 60)}`;
      lines.push(
        [
          ...fields,
          String(slot),
          lastNames[n % lastNames.length],
          firstNames[(n >> 3) % firstNames.length],
          patronymics[(n >> 5) % patronymics.length],
          birth,
          `+7 926 ${pad(n % 10_000_000, 7)}`,
          n % 4 === 0 ? `client${n}@example.ru` : "",
        ].join(";"),
      );
    }
  }
  return { csv: `\uFEFF${lines.join("\r\n")}\r\n`, contracts: contract };
}

export interface RegistryImportMeasure {
  rows: number;
  contracts: number;
  previewSeconds: number;
  applySeconds: number;
  totalSeconds: number;
  rowsPerSecond: number;
  /** The same file again: every contract unchanged. */
  reapplySeconds: number;
}

export async function measureRegistryImport(rows = ROWS): Promise<RegistryImportMeasure> {
  const dataDir = mkdtempSync(join(tmpdir(), "rms-bench-import-"));
  const database = await createDatabase({ kind: "embedded", dataDir });
  try {
    await database.migrate();
    const db = database.db;
    const program = {
      description: "Программа для замера загрузки реестра.",
      coverage: "- Консультации врача",
      careProcedure: "Позвоните в контакт-центр.",
    };
    await db.insert(programs).values([
      { ...program, code: "bench-single", name: "Замер: один пациент", maxPersons: 1 },
      { ...program, code: "bench-plus", name: "Замер: два пациента", maxPersons: 2 },
      { ...program, code: "bench-dms", name: "Замер: ДМС", maxPersons: 1 },
    ]);
    const [admin] = await db
      .insert(staffMembers)
      .values({
        email: "bench-admin@rms.local",
        fullName: "Замер Администратор",
        role: "admin",
        passwordHash: "-",
      })
      .returning({ id: staffMembers.id });
    if (!admin) throw new Error("the bench admin was not stored");

    const { csv, contracts } = generateRegistryCsv(rows);
    const bytes = new TextEncoder().encode(csv);

    const started = performance.now();
    const preview = await previewRegistry(db, admin.id, { fileName: "bench.csv", bytes });
    const previewed = performance.now();
    if (preview.errorsTotal > 0) {
      throw new Error(`the generated registry has errors: ${JSON.stringify(preview.errors[0])}`);
    }
    const applied = await applyRegistryImport(db, preview.id, "all");
    const finished = performance.now();
    if (applied.appliedSummary?.created !== contracts) {
      throw new Error(
        `expected ${contracts} contracts, got ${JSON.stringify(applied.appliedSummary)}`,
      );
    }

    const again = await previewRegistry(db, admin.id, { fileName: "bench.csv", bytes });
    const reapplyStarted = performance.now();
    const reapplied = await applyRegistryImport(db, again.id, "all");
    const reapplyFinished = performance.now();
    if (reapplied.appliedSummary?.unchanged !== contracts) {
      throw new Error(`expected all unchanged, got ${JSON.stringify(reapplied.appliedSummary)}`);
    }

    const totalSeconds = (finished - started) / 1000;
    return {
      rows,
      contracts,
      previewSeconds: (previewed - started) / 1000,
      applySeconds: (finished - previewed) / 1000,
      totalSeconds,
      rowsPerSecond: rows / totalSeconds,
      reapplySeconds: (reapplyFinished - reapplyStarted) / 1000,
    };
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One line for the bench report. */
export function describeRegistryImport(measure: RegistryImportMeasure): string {
  return (
    `Registry import (embedded PGlite, through the console's services): ${measure.rows} rows, ` +
    `${measure.contracts} contracts in ${measure.totalSeconds.toFixed(1)} s ` +
    `(${Math.round(measure.rowsPerSecond)} rows/s; read and check ${measure.previewSeconds.toFixed(1)} s, ` +
    `apply ${measure.applySeconds.toFixed(1)} s); the same file applied again, all unchanged: ` +
    `${measure.reapplySeconds.toFixed(1)} s.`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(describeRegistryImport(await measureRegistryImport()));
}
