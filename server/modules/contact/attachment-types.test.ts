import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { judgeAttachment } from "./attachment-types.ts";

const PDF = Buffer.from(
  "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
  "latin1",
);
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489",
  "hex",
);
const JPEG = Buffer.from("ffd8ffe000104a46494600010100000100010000ffdb004300", "hex");
const CFB = Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(600)]);
const EXE = Buffer.concat([
  Buffer.from("4d5a90000300000004000000ffff0000", "hex"),
  Buffer.alloc(300),
]);

async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet("Анализы").addRow(["Гемоглобин", 140]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("judgeAttachment", () => {
  it("accepts PDF, PNG and JPEG by their content", async () => {
    expect(await judgeAttachment(PDF, "анализы.pdf")).toBe("application/pdf");
    expect(await judgeAttachment(PNG, "снимок.png")).toBe("image/png");
    expect(await judgeAttachment(JPEG, "фото.JPG")).toBe("image/jpeg");
  });

  it("judges by content, not by name: a PDF named .txt is still a PDF", async () => {
    expect(await judgeAttachment(PDF, "заключение.txt")).toBe("application/pdf");
  });

  it("refuses an executable renamed to .pdf", async () => {
    expect(await judgeAttachment(EXE, "результаты.pdf")).toBeNull();
  });

  it("tells old Word from old Excel by the name, and refuses other compound files", async () => {
    expect(await judgeAttachment(CFB, "направление.doc")).toBe("application/msword");
    expect(await judgeAttachment(CFB, "таблица.xls")).toBe("application/vnd.ms-excel");
    expect(await judgeAttachment(CFB, "setup.msi")).toBeNull();
  });

  it("recognises an XLSX workbook from its first bytes", async () => {
    const sample = (await xlsx()).subarray(0, 4100);
    expect(await judgeAttachment(sample, "анализы.xlsx")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
  });

  it("takes plain text in UTF-8 or Windows-1251 only with a .txt name, and no binary", async () => {
    expect(await judgeAttachment(Buffer.from("Температура 38,5\r\n"), "жалобы.txt")).toBe(
      "text/plain",
    );
    expect(
      await judgeAttachment(Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]), "cp1251.txt"),
    ).toBe("text/plain");
    expect(await judgeAttachment(Buffer.from("echo hi"), "run.sh")).toBeNull();
    expect(await judgeAttachment(Buffer.from([0x41, 0x00, 0x42]), "binary.txt")).toBeNull();
    expect(await judgeAttachment(Buffer.alloc(0), "empty.txt")).toBeNull();
  });
});
