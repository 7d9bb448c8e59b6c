import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readRegistryFile } from "./registry-file.ts";
import { checkRegistryRows } from "./registry-rows.ts";

const HEADER = [
  "Тип",
  "Номер",
  "Страховая компания",
  "Код программы",
  "Начало",
  "Окончание",
  "Пациент",
  "Фамилия",
  "Имя",
  "Отчество",
  "Дата рождения",
  "Телефон",
  "E-mail",
];

const SOKOLOV = [
  "Сертификат",
  "11/22445568",
  "",
  "call-doctor-plus",
  "12.01.2026",
  "11.01.2027",
  "1",
  "Соколов",
  "Евгений",
  "Александрович",
  "23.07.1980",
  "8 (926) 111-11-11",
  "Sokolov@Example.ru",
];
const SOKOLOVA = [
  "Сертификат",
  "11/22445568",
  "",
  "call-doctor-plus",
  "12.01.2026",
  "11.01.2027",
  "2",
  "Соколова",
  "Рената",
  "Саяровна",
  "02.11.1984",
  "",
  "",
];

function csv(rows: string[][], separator = ";", bom = false): Uint8Array {
  const text = rows.map((row) => row.join(separator)).join("\r\n");
  return new TextEncoder().encode(`${bom ? "\uFEFF" : ""}${text}\r\n`);
}

async function xlsx(rows: (string | number | Date)[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Реестр");
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("reading a registry file", () => {
  it("reads a CSV separated by semicolons, as Russian Excel saves it, with a BOM", async () => {
    const file = await readRegistryFile(csv([HEADER, SOKOLOV, SOKOLOVA], ";", true));
    expect(file.format).toBe("csv");
    expect(file.headerErrors).toEqual([]);
    expect(file.rows.map((row) => row.row)).toEqual([2, 3]);
    expect(file.rows[0]?.cells).toMatchObject({
      kind: "Сертификат",
      number: "11/22445568",
      lastName: "Соколов",
      phone: "8 (926) 111-11-11",
    });
  });

  it("reads a CSV separated by commas without a BOM, quoted cells included", async () => {
    const quoted = SOKOLOV.map((cell) => `"${cell}"`);
    const file = await readRegistryFile(csv([HEADER, quoted], ","));
    expect(file.rows).toHaveLength(1);
    expect(file.rows[0]?.cells.phone).toBe("8 (926) 111-11-11");
    expect(file.rows[0]?.cells.birthDate).toBe("23.07.1980");
  });

  it("keeps spreadsheet row numbers when blank lines stand between rows", async () => {
    const file = await readRegistryFile(csv([HEADER, SOKOLOV, [";;;"], SOKOLOVA]));
    expect(file.rows.map((row) => row.row)).toEqual([2, 4]);
  });

  it("reads an XLSX written by exceljs, with a real date cell and a numeric phone", async () => {
    const row: (string | number | Date)[] = [...SOKOLOV];
    row[4] = new Date(Date.UTC(2026, 0, 12));
    row[11] = 79261111111;
    row[6] = 1;
    const file = await readRegistryFile(await xlsx([HEADER, row]));
    expect(file.format).toBe("xlsx");
    expect(file.rows).toEqual([
      {
        row: 2,
        cells: expect.objectContaining({ startsOn: "12.01.2026", phone: "79261111111", slot: "1" }),
      },
    ]);
  });

  it("reads an e-mail that Excel turned into a link, and a name in rich text", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Реестр");
    sheet.addRow(HEADER);
    const row = sheet.addRow(SOKOLOV);
    row.getCell(13).value = { text: "sokolov@example.ru", hyperlink: "mailto:sokolov@example.ru" };
    row.getCell(8).value = { richText: [{ text: "Соко" }, { font: { bold: true }, text: "лов" }] };
    const file = await readRegistryFile(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(file.rows[0]?.cells).toMatchObject({
      email: "sokolov@example.ru",
      lastName: "Соколов",
    });
  });

  it("reports a missing column and an unknown one on the header row, and reads no rows", async () => {
    const header = HEADER.filter((name) => name !== "Дата рождения").concat("Отчетсво");
    const file = await readRegistryFile(csv([header, SOKOLOV]));
    expect(file.rows).toEqual([]);
    expect(file.headerErrors).toEqual(
      expect.arrayContaining([
        { row: 1, column: "Дата рождения", reason: "Нет такого столбца" },
        {
          row: 1,
          column: "Отчетсво",
          reason: "Неизвестный столбец. Используйте заголовки из шаблона реестра",
        },
      ]),
    );
  });

  it("matches headers regardless of case, extra spaces and ё", async () => {
    const header = HEADER.map((name) => `  ${name.toUpperCase()} `);
    const file = await readRegistryFile(csv([header, SOKOLOV]));
    expect(file.headerErrors).toEqual([]);
    expect(file.rows).toHaveLength(1);
  });

  it("refuses a file that is neither XLSX nor UTF-8 text (a Windows-1251 CSV)", async () => {
    const cp1251 = new Uint8Array([0xd2, 0xe8, 0xef, 0x3b, 0xcd, 0xee, 0xec, 0xe5, 0xf0]);
    await expect(readRegistryFile(cp1251)).rejects.toMatchObject({
      status: 415,
      detail: expect.stringContaining("CSV UTF-8"),
    });
  });

  it("refuses a ZIP that is not a workbook", async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    await expect(readRegistryFile(zip)).rejects.toMatchObject({
      status: 422,
      detail: expect.stringContaining("XLSX"),
    });
  });

  it("refuses a file with a header and no data", async () => {
    await expect(readRegistryFile(csv([HEADER]))).rejects.toMatchObject({
      detail: "В файле нет ни одной строки с данными под заголовками.",
    });
  });
});

describe("checking registry rows", () => {
  async function check(rows: string[][]) {
    const file = await readRegistryFile(csv([HEADER, ...rows]));
    return checkRegistryRows(file.rows);
  }

  it("normalises a valid contract: kind, ISO dates, E.164 phone, lower-case e-mail", async () => {
    const checked = await check([SOKOLOV, SOKOLOVA]);
    expect(checked.errors).toEqual([]);
    expect(checked.contracts).toHaveLength(1);
    expect(checked.contracts[0]?.item).toEqual({
      kind: "certificate",
      number: "11/22445568",
      insurerName: null,
      programCode: "call-doctor-plus",
      startsOn: "2026-01-12",
      endsOn: "2027-01-11",
      persons: [
        {
          slot: 1,
          lastName: "Соколов",
          firstName: "Евгений",
          patronymic: "Александрович",
          birthDate: "1980-07-23",
          phone: "+79261111111",
          email: "sokolov@example.ru",
        },
        {
          slot: 2,
          lastName: "Соколова",
          firstName: "Рената",
          patronymic: "Саяровна",
          birthDate: "1984-11-02",
          phone: null,
          email: null,
        },
      ],
    });
  });

  it("names the row and column of bad dates, a bad phone and a bad kind, in Russian", async () => {
    const bad = [...SOKOLOV];
    bad[0] = "Договор";
    bad[4] = "2026-01-12";
    bad[10] = "31.02.1980";
    bad[11] = "12345";
    const checked = await check([bad]);
    expect(checked.errors).toEqual([
      { row: 2, column: "Тип", reason: "Укажите «Сертификат» или «Полис ДМС»" },
      { row: 2, column: "Начало", reason: "Укажите дату в формате дд.мм.гггг" },
      { row: 2, column: "Дата рождения", reason: "Введите дату в формате дд.мм.гггг" },
      {
        row: 2,
        column: "Телефон",
        reason: "Укажите мобильный номер России, например +7 926 111-11-11",
      },
    ]);
    expect(checked.contracts).toEqual([]);
  });

  it("requires the insurer for a DMS policy and refuses one on a certificate", async () => {
    const policy = [...SOKOLOV];
    policy[0] = "Полис ДМС";
    policy[1] = "001-ДМС-2026-000001";
    const certificate = [...SOKOLOV];
    certificate[1] = "11/99999999";
    certificate[2] = "АО «СОГАЗ»";
    const checked = await check([policy, certificate]);
    expect(checked.errors).toEqual([
      { row: 2, column: "Страховая компания", reason: "Для полиса ДМС укажите страховую компанию" },
      {
        row: 3,
        column: "Страховая компания",
        reason: "У сертификата нет страховой компании: оставьте поле пустым",
      },
    ]);
  });

  it("puts a disagreement between rows of one contract on the later row and taints the contract", async () => {
    const second = [...SOKOLOVA];
    second[5] = "11.02.2027";
    const checked = await check([SOKOLOV, second]);
    expect(checked.errors).toEqual([
      { row: 3, column: "Окончание", reason: "Не совпадает со строкой 2 того же договора" },
    ]);
    expect(checked.tainted.keys.has("certificate|11/22445568")).toBe(true);
  });

  it("refuses the same patient slot twice in one contract", async () => {
    const twin = [...SOKOLOVA];
    twin[6] = "1";
    const checked = await check([SOKOLOV, twin]);
    expect(checked.errors).toEqual([
      { row: 3, column: "Пациент", reason: "Пациент 1 этого договора уже указан в строке 2" },
    ]);
  });

  it("taints a contract by its number when one of its rows cannot be read", async () => {
    const broken = [...SOKOLOVA];
    broken[8] = "";
    const checked = await check([SOKOLOV, broken]);
    expect(checked.errors).toEqual([{ row: 3, column: "Имя", reason: "Укажите имя" }]);
    expect(checked.tainted.numbers.has("11/22445568")).toBe(true);
  });
});
