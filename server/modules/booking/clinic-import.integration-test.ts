import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { doctors, services, staffAuditLog } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestStaff, signInStaff } from "../../test/factories.ts";
import { multipartBody } from "../../test/openapi-fuzz.ts";
import { createClinic, createDoctor, createSpecialty } from "./booking-test-fixtures.ts";

const t = setupTestApp();

let admin = { cookie: "", staffId: "" };
let specialtyName = "";
let otherSpecialtyName = "";
let specialtyId = "";

function csv(rows: string[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((row) => row.join(";")).join("\r\n")}\r\n`);
}

async function upload(
  clinicId: string,
  kind: "prices" | "doctors",
  content: Buffer,
  cookie = admin.cookie,
  fileName = "прайс.csv",
) {
  const form = await multipartBody({}, [{ field: "file", name: fileName, content }]);
  return t.app.inject({
    method: "POST",
    url: `/api/staff/clinic-imports?clinicId=${clinicId}&kind=${kind}`,
    cookies: { rms_staff_session: cookie },
    payload: form.payload,
    headers: { "content-type": form.contentType },
  });
}

function apply(id: string) {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/clinic-imports/${id}/apply`,
    cookies: { rms_staff_session: admin.cookie },
  });
}

beforeAll(async () => {
  const db = t.database.db;
  const staff = await createTestStaff(db, "admin");
  admin = { cookie: await signInStaff(t.app, staff), staffId: staff.id };
  specialtyName = `терапевт-${randomUUID().slice(0, 6)}`;
  otherSpecialtyName = `кардиолог-${randomUUID().slice(0, 6)}`;
  specialtyId = await createSpecialty(db, specialtyName);
  await createSpecialty(db, otherSpecialtyName);
});

describe("a clinic's price list from CSV/XLSX", () => {
  it("previews new, changed (old → new price), unchanged and wrong rows, then writes them in one go", async () => {
    const db = t.database.db;
    const clinicId = await createClinic(db, "Клиника прайса");
    await db.insert(services).values([
      { clinicId, specialtyId, code: "A01", name: "Приём терапевта", priceKopecks: 200_000 },
      { clinicId, specialtyId, code: "A02", name: "Повторный приём", priceKopecks: 150_000 },
      { clinicId, specialtyId, code: "Z99", name: "Не из файла", priceKopecks: 100 },
    ]);
    const res = await upload(
      clinicId,
      "prices",
      csv([
        ["Код", "Наименование", "Специальность", "Цена, ₽"],
        ["A01", "Приём терапевта", specialtyName, "2 500,50"],
        ["A02", "Повторный приём", specialtyName.toUpperCase(), "1500"],
        ["B01", "ЭКГ", otherSpecialtyName, "900.5"],
        ["B02", "Массаж", "массажист", "1000"],
        ["B01", "ЭКГ с расшифровкой", otherSpecialtyName, "abc"],
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const preview = res.json();
    expect(preview).toMatchObject({
      kind: "prices",
      status: "previewed",
      format: "csv",
      rowsTotal: 5,
      totals: { new: 1, changed: 1, unchanged: 1, error: 2 },
    });
    const byRow = new Map(preview.rows.map((row: { row: number }) => [row.row, row]));
    expect(byRow.get(2)).toMatchObject({
      status: "changed",
      changes: [{ column: "Цена, ₽", from: "2 000,00 ₽", to: "2 500,50 ₽" }],
    });
    expect(byRow.get(5)).toMatchObject({
      status: "error",
      errors: [
        {
          column: "Специальность",
          reason: expect.stringMatching(/^Неизвестная специальность «массажист»/),
        },
      ],
    });
    expect(byRow.get(6)).toMatchObject({
      status: "error",
      errors: [
        { column: "Код", reason: "Код «B01» уже есть в строке 4" },
        { column: "Цена, ₽", reason: expect.stringMatching(/^Неверная цена «abc»/) },
      ],
    });
    // Errors come first in the preview.
    expect(preview.rows[0].status).toBe("error");
    // Nothing is written before «Загрузить».
    const [before] = await db
      .select({ price: services.priceKopecks })
      .from(services)
      .where(and(eq(services.clinicId, clinicId), eq(services.code, "A01")));
    expect(before?.price).toBe(200_000);

    const applied = await apply(preview.id);
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().import).toMatchObject({
      status: "applied",
      appliedSummary: { created: 1, updated: 1 },
    });
    const stored = await db
      .select({ code: services.code, price: services.priceKopecks })
      .from(services)
      .where(eq(services.clinicId, clinicId))
      .orderBy(services.code);
    expect(stored).toEqual([
      { code: "A01", price: 250_050 },
      { code: "A02", price: 150_000 },
      { code: "B01", price: 90_050 },
      { code: "Z99", price: 100 },
    ]);
    const audited = await db
      .select({ action: staffAuditLog.action, details: staffAuditLog.details })
      .from(staffAuditLog)
      .where(and(eq(staffAuditLog.staffId, admin.staffId), eq(staffAuditLog.subjectId, clinicId)));
    expect(audited.map((entry) => entry.action).sort()).toEqual([
      "clinic-import.prices",
      "clinic-import.upload",
    ]);

    const again = await apply(preview.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toMatch(/уже загружен/);
  });

  it("makes a service the specialty's visit instead of the one before («Приём врача»: да)", async () => {
    const db = t.database.db;
    const clinicId = await createClinic(db, "Клиника приёма");
    await db.insert(services).values({
      clinicId,
      specialtyId,
      code: "OLD",
      name: "Приём",
      priceKopecks: 100_000,
      isVisit: true,
    });
    const res = await upload(
      clinicId,
      "prices",
      csv([
        ["Код", "Наименование", "Специальность", "Цена, ₽", "Приём врача"],
        ["NEW", "Приём первичный", specialtyName, "1200", "да"],
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect((await apply(res.json().id)).statusCode).toBe(200);
    const stored = await db
      .select({ code: services.code, isVisit: services.isVisit })
      .from(services)
      .where(eq(services.clinicId, clinicId))
      .orderBy(services.code);
    expect(stored).toEqual([
      { code: "NEW", isVisit: true },
      { code: "OLD", isVisit: false },
    ]);
  });

  it("reads an XLSX price list with numeric prices", async () => {
    const clinicId = await createClinic(t.database.db, "Клиника XLSX");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Прайс");
    sheet.addRow(["Код", "Наименование", "Специальность", "Цена, ₽"]);
    sheet.addRow(["X1", "Приём", specialtyName, 1800.5]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await upload(clinicId, "prices", bytes, admin.cookie, "прайс.xlsx");
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: "xlsx", totals: { new: 1, error: 0 } });
    expect((await apply(res.json().id)).statusCode).toBe(200);
    const [row] = await t.database.db
      .select({ price: services.priceKopecks })
      .from(services)
      .where(and(eq(services.clinicId, clinicId), eq(services.code, "X1")));
    expect(row?.price).toBe(180_050);
  });

  it("refuses a bad file in Russian and stores nothing", async () => {
    const clinicId = await createClinic(t.database.db, "Клиника плохих файлов");
    const empty = await upload(clinicId, "prices", Buffer.from(""));
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toMatchObject({ title: "Файл не загружен", detail: "Файл пустой." });
    const binary = await upload(clinicId, "prices", Buffer.from([0x00, 0xff, 0xfe, 0x01]));
    expect(binary.statusCode).toBe(415);
    expect(binary.json().detail).toMatch(/^Файл не похож на прайс-лист/);
    const big = await upload(clinicId, "prices", Buffer.alloc(5 * 1024 * 1024 + 10, 0x41));
    expect(big.statusCode).toBe(413);
    expect(big.json().detail).toMatch(/больше 5 МБ/);
    const headers = await upload(
      clinicId,
      "prices",
      csv([
        ["Код", "Название", "Цена"],
        ["1", "2", "3"],
      ]),
    );
    expect(headers.statusCode).toBe(201);
    expect(headers.json().headerErrors).toEqual([
      { column: "Название", reason: "Неизвестный столбец. Используйте заголовки из образца файла" },
      { column: "Наименование", reason: "Нет такого столбца" },
      { column: "Специальность", reason: "Нет такого столбца" },
    ]);
    const nothing = await apply(headers.json().id);
    expect(nothing.statusCode).toBe(422);
    expect(nothing.json().title).toBe("Загружать нечего");
    const noClinic = await upload(randomUUID(), "prices", csv([["Код"]]));
    expect(noClinic.statusCode).toBe(404);
  });

  it("lets only an admin upload", async () => {
    const clinicId = await createClinic(t.database.db, "Клиника оператора");
    const operator = await signInStaff(t.app, await createTestStaff(t.database.db, "operator"));
    const res = await upload(clinicId, "prices", csv([["Код"]]), operator);
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toBe(
      "Загружать прайс-листы и врачей клиник может только администратор.",
    );
  });
});

describe("a clinic's doctors from CSV", () => {
  it("adds new doctors and updates a doctor matched by name and specialty", async () => {
    const db = t.database.db;
    const clinicId = await createClinic(db, "Клиника врачей");
    const existing = await createDoctor(db, clinicId, specialtyId, "Семёнова", {
      firstName: "Анна",
      patronymic: "Петровна",
      practiceSince: 2005,
    });
    const res = await upload(
      clinicId,
      "doctors",
      csv([
        ["Фамилия", "Имя", "Отчество", "Специальность", "Практика с (год)", "Код врача"],
        ["Семенова", "анна", "Петровна", specialtyName, "2004", "MIS-1"],
        ["Ким", "Ирина", "", otherSpecialtyName, "2019", ""],
        ["Орлов", "Олег", "", specialtyName, "1900", ""],
      ]),
      admin.cookie,
      "врачи.csv",
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().totals).toEqual({ new: 1, changed: 1, unchanged: 0, error: 1 });
    const applied = await apply(res.json().id);
    expect(applied.json().import.appliedSummary).toEqual({ created: 1, updated: 1 });
    const stored = await db
      .select({
        id: doctors.id,
        lastName: doctors.lastName,
        practiceSince: doctors.practiceSince,
        externalId: doctors.externalId,
      })
      .from(doctors)
      .where(eq(doctors.clinicId, clinicId))
      .orderBy(doctors.lastName);
    expect(stored).toEqual([
      { id: expect.any(String), lastName: "Ким", practiceSince: 2019, externalId: null },
      { id: existing, lastName: "Семенова", practiceSince: 2004, externalId: "MIS-1" },
    ]);
    // Sent again, the same file changes nothing.
    const again = await upload(
      clinicId,
      "doctors",
      csv([
        ["Фамилия", "Имя", "Отчество", "Специальность", "Практика с (год)", "Код врача"],
        ["Семенова", "анна", "Петровна", specialtyName, "2004", "MIS-1"],
      ]),
    );
    expect(again.json().totals).toEqual({ new: 0, changed: 0, unchanged: 1, error: 0 });
  });
});

describe("the sample files in docs/samples", () => {
  it("are read without errors, every row new for an empty clinic", async () => {
    const db = t.database.db;
    for (const name of ["терапевт", "кардиолог", "невролог"]) await createSpecialty(db, name);
    const clinicId = await createClinic(db, "Клиника образцов");
    for (const [kind, file, rows] of [
      ["prices", "docs/samples/clinic-prices.csv", 5],
      ["doctors", "docs/samples/clinic-doctors.csv", 3],
    ] as const) {
      const res = await upload(clinicId, kind, readFileSync(file));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        headerErrors: [],
        totals: { new: rows, changed: 0, unchanged: 0, error: 0 },
      });
    }
  });
});
