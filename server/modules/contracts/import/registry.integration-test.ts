import { eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { contracts, coveredPersons, programs, staffAuditLog } from "../../../db/schema/index.ts";
import { setupTestApp } from "../../../test/build-test-app.ts";
import { createTestProgram, uniqueCertificateNumber } from "../../../test/contract-factories.ts";
import { createTestStaff, signInStaff } from "../../../test/factories.ts";

const t = setupTestApp();

const HEADER =
  "Тип;Номер;Страховая компания;Код программы;Начало;Окончание;Пациент;Фамилия;Имя;Отчество;Дата рождения;Телефон;E-mail";

async function staffCookie(role: "admin" | "operator" | "doctor") {
  const staff = await createTestStaff(t.database.db, role);
  return { staff, cookies: { rms_staff_session: await signInStaff(t.app, staff) } };
}

function multipart(fileName: string, content: Uint8Array | string, type = "text/csv") {
  const boundary = `----rms${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, Buffer.from(content), tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

async function upload(
  cookies: Record<string, string>,
  content: Uint8Array | string,
  fileName = "реестр.csv",
) {
  const body = multipart(fileName, content);
  return t.app.inject({
    method: "POST",
    url: "/api/staff/registry-imports",
    cookies,
    headers: body.headers,
    payload: body.payload,
  });
}

function apply(cookies: Record<string, string>, id: string, mode: "all" | "valid-only") {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/registry-imports/${id}/apply`,
    cookies,
    payload: { mode },
  });
}

async function storedNumbers(numbers: string[]) {
  const rows = await t.database.db
    .select({ number: contracts.number })
    .from(contracts)
    .where(inArray(contracts.number, numbers));
  return rows.map((row) => row.number).sort();
}

/** Two good certificates (one with two patients) and one with a bad birth date on row 5. */
async function registryWithOneBadRow() {
  const program = await createTestProgram(t.database.db, { maxPersons: 2 });
  const [good1, good2, bad] = [
    uniqueCertificateNumber(),
    uniqueCertificateNumber(),
    uniqueCertificateNumber(),
  ];
  const csv = [
    HEADER,
    `Сертификат;${good1};;${program.code};01.03.2026;28.02.2027;1;Соколов;Евгений;Александрович;23.07.1980;+7 926 100-00-01;`,
    `Сертификат;${good1};;${program.code};01.03.2026;28.02.2027;2;Соколова;Рената;Саяровна;02.11.1984;;`,
    `Сертификат;${good2};;${program.code};01.04.2026;31.03.2027;1;Орлов;Олег;;05.05.1990;;orlov@example.ru`,
    `Сертификат;${bad};;${program.code};01.04.2026;31.03.2027;1;Белов;Борис;Борисович;31.13.1990;;`,
  ].join("\n");
  return { program, csv, good: [good1, good2], bad };
}

describe("registry upload and preview", () => {
  it("previews a file: totals, the bad row's error by row and column, sample rows; writes no contract", async () => {
    const { cookies } = await staffCookie("admin");
    const { csv, good, bad } = await registryWithOneBadRow();
    const res = await upload(cookies, `\uFEFF${csv}`);
    expect(res.statusCode).toBe(201);
    const preview = res.json();
    expect(preview).toMatchObject({
      format: "csv",
      fileName: "реестр.csv",
      status: "previewed",
      rowsTotal: 4,
      rowsValid: 3,
      contractsTotal: 2,
      contractsValid: 2,
      errorsTotal: 1,
    });
    expect(preview.errors).toEqual([
      { row: 5, column: "Дата рождения", reason: "Введите дату в формате дд.мм.гггг" },
    ]);
    expect(preview.sample.map((row: { row: number }) => row.row)).toEqual([2, 3, 4]);
    expect(preview.sample[0]).toMatchObject({ phone: "+79261000001", startsOn: "2026-03-01" });
    expect(await storedNumbers([...good, bad])).toEqual([]);

    const again = await t.app.inject({
      method: "GET",
      url: `/api/staff/registry-imports/${preview.id}`,
      cookies,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().errors).toEqual(preview.errors);
  });

  it("reports an unknown program code on its row and column", async () => {
    const { cookies } = await staffCookie("admin");
    const number = uniqueCertificateNumber();
    const csv = `${HEADER}\nСертификат;${number};;nope;01.03.2026;28.02.2027;1;Орлов;Олег;;05.05.1990;;`;
    const preview = (await upload(cookies, csv)).json();
    expect(preview.errors).toEqual([
      { row: 2, column: "Код программы", reason: "Программы с кодом «nope» нет в каталоге" },
    ]);
    expect(preview.contractsValid).toBe(0);
  });

  it("reads an XLSX registry", async () => {
    const { cookies } = await staffCookie("admin");
    const program = await createTestProgram(t.database.db);
    const number = uniqueCertificateNumber();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Реестр");
    sheet.addRow(HEADER.split(";"));
    sheet.addRow([
      "Сертификат",
      number,
      "",
      program.code,
      "01.03.2026",
      "28.02.2027",
      1,
      "Орлов",
      "Олег",
      "",
      new Date(Date.UTC(1990, 4, 5)),
      "",
      "",
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const res = await upload(cookies, bytes, "registry.bin");
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ format: "xlsx", errorsTotal: 0, rowsValid: 1 });
    expect(res.json().sample[0].birthDate).toBe("1990-05-05");
  });

  it("refuses a file that is not CSV in UTF-8 nor XLSX, storing nothing", async () => {
    const { cookies } = await staffCookie("admin");
    const res = await upload(cookies, new Uint8Array([0xd2, 0xe8, 0xef, 0x00, 0xff]), "r.csv");
    expect(res.statusCode).toBe(415);
    expect(res.json().detail).toContain("UTF-8");
  });

  it("refuses a file over 10 MB while reading it, storing nothing", async () => {
    const { cookies } = await staffCookie("admin");
    const big = `${HEADER}\n${"x".repeat(10 * 1024 * 1024)}`;
    const res = await upload(cookies, big);
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toContain("10 МБ");
  });

  it("lets only an admin upload, preview or apply a registry", async () => {
    const { cookies: admin } = await staffCookie("admin");
    const { csv } = await registryWithOneBadRow();
    const preview = (await upload(admin, csv)).json();
    for (const role of ["operator", "doctor"] as const) {
      const { cookies } = await staffCookie(role);
      expect((await upload(cookies, csv)).statusCode).toBe(403);
      const get = await t.app.inject({
        method: "GET",
        url: `/api/staff/registry-imports/${preview.id}`,
        cookies,
      });
      expect(get.statusCode).toBe(403);
      expect((await apply(cookies, preview.id, "valid-only")).statusCode).toBe(403);
    }
  });

  it("records the admin's view of the preview in the audit log", async () => {
    const { staff, cookies } = await staffCookie("admin");
    const { csv } = await registryWithOneBadRow();
    const preview = (await upload(cookies, csv)).json();
    const rows = await t.database.db
      .select({ action: staffAuditLog.action, subjectId: staffAuditLog.subjectId })
      .from(staffAuditLog)
      .where(eq(staffAuditLog.staffId, staff.id));
    expect(rows).toEqual([{ action: "registry-import.view", subjectId: preview.id }]);
  });

  it("gives a template with the headers and an example row", async () => {
    const { cookies } = await staffCookie("admin");
    const res = await t.app.inject({
      method: "GET",
      url: "/api/staff/registry-imports/template",
      cookies,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    const [header, example] = res.body.replace(/^\uFEFF/, "").split("\r\n");
    expect(header).toBe(HEADER);
    expect(example).toContain("Сертификат;11/12345678;;call-doctor-plus;");
    // A made-up phone, not the demo client's +7 926 111-11-11.
    expect(example).toContain(";+7 900 000-00-00;");
    expect(example).not.toContain("926");
  });
});

describe("applying a registry", () => {
  it("refuses «all» while the file has errors and writes nothing", async () => {
    const { cookies } = await staffCookie("admin");
    const { csv, good, bad } = await registryWithOneBadRow();
    const preview = (await upload(cookies, csv)).json();
    const res = await apply(cookies, preview.id, "all");
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toContain("Ничего не записано");
    expect(await storedNumbers([...good, bad])).toEqual([]);
    const still = await t.app.inject({
      method: "GET",
      url: `/api/staff/registry-imports/${preview.id}`,
      cookies,
    });
    expect(still.json().status).toBe("previewed");
  });

  it("writes only the valid contracts with «valid-only», then refuses a second apply with 409", async () => {
    const { cookies } = await staffCookie("admin");
    const { csv, good, bad } = await registryWithOneBadRow();
    const preview = (await upload(cookies, csv)).json();
    const res = await apply(cookies, preview.id, "valid-only");
    expect(res.statusCode).toBe(200);
    expect(res.json().import).toMatchObject({
      status: "applied",
      appliedMode: "valid-only",
      appliedSummary: {
        contracts: 2,
        created: 2,
        updated: 0,
        unchanged: 0,
        rowsApplied: 3,
        rowsSkipped: 1,
      },
    });
    expect(await storedNumbers([...good, bad])).toEqual([...good].sort());
    const persons = await t.database.db
      .select({ slot: coveredPersons.slot, lastName: coveredPersons.lastName })
      .from(coveredPersons)
      .innerJoin(contracts, eq(contracts.id, coveredPersons.contractId))
      .where(eq(contracts.number, good[0] ?? ""));
    expect(persons.sort((a, b) => a.slot - b.slot)).toEqual([
      { slot: 1, lastName: "Соколов" },
      { slot: 2, lastName: "Соколова" },
    ]);

    const second = await apply(cookies, preview.id, "valid-only");
    expect(second.statusCode).toBe(409);
  });

  it("skips a whole contract when one of its rows has an error", async () => {
    const { cookies } = await staffCookie("admin");
    const program = await createTestProgram(t.database.db, { maxPersons: 2 });
    const number = uniqueCertificateNumber();
    const csv = [
      HEADER,
      `Сертификат;${number};;${program.code};01.03.2026;28.02.2027;1;Орлов;Олег;;05.05.1990;;`,
      `Сертификат;${number};;${program.code};01.03.2026;28.02.2027;2;Орлова;;;06.06.1991;;`,
    ].join("\n");
    const preview = (await upload(cookies, csv)).json();
    expect(preview).toMatchObject({ rowsValid: 1, contractsValid: 0 });
    const res = await apply(cookies, preview.id, "valid-only");
    expect(res.statusCode).toBe(422);
    expect(await storedNumbers([number])).toEqual([]);
  });

  it("applies a clean file with «all» and answers «unchanged» for the same file again", async () => {
    const { cookies } = await staffCookie("admin");
    const program = await createTestProgram(t.database.db);
    const number = uniqueCertificateNumber();
    const csv = `${HEADER}\nСертификат;${number};;${program.code};01.03.2026;28.02.2027;1;Орлов;Олег;;05.05.1990;;`;
    const first = (await upload(cookies, csv)).json();
    expect((await apply(cookies, first.id, "all")).json().import.appliedSummary.created).toBe(1);
    const second = (await upload(cookies, csv)).json();
    const res = await apply(cookies, second.id, "all");
    expect(res.json().import.appliedSummary).toMatchObject({ created: 0, unchanged: 1 });
  });

  it("writes nothing at all when the catalogue changed after the preview", async () => {
    const { cookies } = await staffCookie("admin");
    const kept = await createTestProgram(t.database.db);
    const removed = await createTestProgram(t.database.db);
    const [first, second] = [uniqueCertificateNumber(), uniqueCertificateNumber()];
    const csv = [
      HEADER,
      `Сертификат;${first};;${kept.code};01.03.2026;28.02.2027;1;Орлов;Олег;;05.05.1990;;`,
      `Сертификат;${second};;${removed.code};01.03.2026;28.02.2027;1;Белов;Борис;;06.06.1991;;`,
    ].join("\n");
    const preview = (await upload(cookies, csv)).json();
    expect(preview.errorsTotal).toBe(0);
    await t.database.db.delete(programs).where(eq(programs.id, removed.id));
    const res = await apply(cookies, preview.id, "all");
    expect(res.statusCode).toBe(409);
    expect(await storedNumbers([first, second])).toEqual([]);
  });

  it("cannot apply a discarded import", async () => {
    const { cookies } = await staffCookie("admin");
    const { csv, good } = await registryWithOneBadRow();
    const preview = (await upload(cookies, csv)).json();
    const discard = await t.app.inject({
      method: "POST",
      url: `/api/staff/registry-imports/${preview.id}/discard`,
      cookies,
    });
    expect(discard.statusCode).toBe(200);
    expect(discard.json().import.status).toBe("discarded");
    expect((await apply(cookies, preview.id, "valid-only")).statusCode).toBe(409);
    expect(await storedNumbers(good)).toEqual([]);

    const list = await t.app.inject({ method: "GET", url: "/api/staff/registry-imports", cookies });
    expect(
      list.json().imports.find((entry: { id: string }) => entry.id === preview.id),
    ).toMatchObject({
      status: "discarded",
      errorsTotal: 1,
    });
  });
});
