import { company } from "../../../common/company.ts";
import type { ContractPrint } from "../../../common/contracts/contracts.schema.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { lazyModule } from "../../lazy.ts";
import { startPdf } from "../../pdf.ts";

const loadQrCode = lazyModule(async () => (await import("qrcode")).default);

const LATIN: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "h",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "sch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

/** `certificate-11-22445568.pdf`, `policy-001-DMS-2026-004512.pdf`: ASCII only, no slashes. */
export function certificateFileName(print: Pick<ContractPrint, "kind" | "number">): string {
  const latin = [...print.number]
    .map((ch) => {
      const lower = ch.toLowerCase();
      const mapped = LATIN[lower];
      if (mapped === undefined) return ch;
      return ch === lower ? mapped : mapped.toUpperCase();
    })
    .join("");
  const safe = latin
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return `${print.kind === "certificate" ? "certificate" : "policy"}-${safe || "document"}.pdf`;
}

/** The certificate (or DMS policy) as an A4 PDF: the same content as the print page. */
export async function renderCertificatePdf(print: ContractPrint): Promise<Buffer> {
  const QRCode = await loadQrCode();
  const qr = await QRCode.toBuffer(print.verifyUrl, {
    type: "png",
    margin: 1,
    scale: 8,
    errorCorrectionLevel: "M",
  });
  const isCertificate = print.kind === "certificate";
  const { doc, bytes: done } = await startPdf({
    Title: `${isCertificate ? "Сертификат" : "Полис ДМС"} № ${print.number}`,
    Author: company.legalName,
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font("bold").fontSize(11).fillColor("#000").text(`${company.name} — ${company.legalName}`);
  doc.moveDown(1.2);
  doc
    .font("bold")
    .fontSize(20)
    .text(`${isCertificate ? "Сертификат" : "Полис ДМС"} № ${print.number}`);
  doc.moveDown(0.8);

  const field = (label: string, value: string) => {
    doc.font("regular").fontSize(10).fillColor("#333").text(label);
    doc.font("bold").fontSize(13).fillColor("#000").text(value);
    doc.moveDown(0.6);
  };
  if (print.insurerName) field("Страховая компания", print.insurerName);
  field("Срок действия", `${formatRuDate(print.startsOn)} - ${formatRuDate(print.endsOn)}`);
  field("Программа обслуживания", print.programName);

  doc.font("bold").fontSize(13).text("Список обслуживаемых лиц");
  doc.moveDown(0.3);
  for (const person of print.persons) {
    doc
      .font("regular")
      .fontSize(12)
      .text(
        `Пациент ${person.slot}: ${fullName(person)}, дата рождения ${formatRuDate(person.birthDate)}`,
      );
  }
  doc.moveDown(0.8);

  doc.font("bold").fontSize(13).text("Телефоны");
  doc.moveDown(0.3);
  for (const phone of print.phones) {
    doc.font("regular").fontSize(12).text(`${phone.label}: ${phone.display}`);
  }
  doc.moveDown(1.2);

  const qrSize = 140;
  const qrTop = doc.y;
  doc.image(qr, left, qrTop, { width: qrSize, height: qrSize });
  doc
    .font("regular")
    .fontSize(10)
    .text(
      `Проверить, действует ли ${isCertificate ? "сертификат" : "полис"} сегодня: отсканируйте QR-код или откройте ${print.verifyUrl}`,
      left + qrSize + 16,
      qrTop + 8,
      { width: width - qrSize - 16 },
    );

  doc.end();
  return done;
}
