import { company } from "../../../common/company.ts";
import { formatMoscowDateTime, formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import type {
  MedcardEntryKind,
  MedcardTimelineItem,
  MedcardView,
} from "../../../common/medcard/medcard.schema.ts";
import { type PdfDocument, startPdf } from "../../pdf.ts";
import {
  authorLabel,
  MEDCARD_DOCUMENT_TYPE_LABEL,
  MEDCARD_ENTRY_GROUP_LABEL,
} from "./medcard-labels.ts";

// «Выписка»: the card the client sees, printable. pdfkit wraps each text within the margins and
// starts a new page when one runs out; a heading is moved to the next page with its first lines.

const GROUPS: readonly MedcardEntryKind[] = ["allergy", "condition", "medication", "blood_group"];
const GREY = "#555";

/** «Выписка из медкарты Иванова 03.12.2026.pdf»: the surname and the day it was made (Moscow). */
export function extractFileName(view: MedcardView, madeAt: Date): string {
  const surname = view.card.fullName.split(/\s+/)[0] || "пациента";
  return `Выписка из медкарты ${surname} ${formatRuDate(todayInMoscow(madeAt))}.pdf`;
}

/** Starts a new page unless `height` points are left above the bottom margin. */
function keepTogether(doc: PdfDocument, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function sectionHeading(doc: PdfDocument, title: string) {
  doc.moveDown(0.8);
  keepTogether(doc, 70);
  doc.font("bold").fontSize(15).fillColor("#000").text(title);
  doc.moveDown(0.3);
}

function groupHeading(doc: PdfDocument, title: string) {
  keepTogether(doc, 50);
  doc.moveDown(0.3);
  doc.font("bold").fontSize(12).fillColor("#000").text(title);
}

/** A paragraph; `indent` moves all its lines right (a hanging list item), not only the first. */
function line(
  doc: PdfDocument,
  value: string,
  options: { color?: string; size?: number; indent?: number } = {},
) {
  const left = doc.page.margins.left;
  const indent = options.indent ?? 0;
  const width = doc.page.width - left - doc.page.margins.right - indent;
  doc
    .font("regular")
    .fontSize(options.size ?? 11)
    .fillColor(options.color ?? "#000")
    .text(value, left + indent, doc.y, { width });
  doc.x = left;
}

function nothing(doc: PdfDocument, value: string) {
  line(doc, value, { color: GREY, indent: 12 });
}

function summary(doc: PdfDocument, view: MedcardView) {
  sectionHeading(doc, "Сводка");
  for (const kind of GROUPS) {
    groupHeading(doc, MEDCARD_ENTRY_GROUP_LABEL[kind]);
    const entries = view.summary.filter((entry) => entry.kind === kind);
    if (entries.length === 0) nothing(doc, "Нет сведений");
    for (const entry of entries) {
      keepTogether(doc, 30);
      line(doc, `${entry.text}${entry.note ? ` — ${entry.note}` : ""}`, { indent: 12 });
      line(doc, `${authorLabel(entry.author)}, ${formatRuDate(entry.createdAt)}`, {
        color: GREY,
        size: 9,
        indent: 12,
      });
    }
  }
}

function timelineItem(doc: PdfDocument, item: MedcardTimelineItem) {
  keepTogether(doc, 60);
  doc.moveDown(0.4);
  doc
    .font("bold")
    .fontSize(11)
    .fillColor("#000")
    .text(`${formatMoscowDateTime(item.at)} — ${item.title}`);
  if (item.doctorName) line(doc, `Врач: ${item.doctorName}`, { indent: 12 });
  if (item.clinicName) line(doc, `Клиника: ${item.clinicName}`, { indent: 12 });
  line(doc, `Заключение: ${item.conclusion ?? "нет"}`, { indent: 12 });
}

function timeline(doc: PdfDocument, view: MedcardView) {
  sectionHeading(doc, "Приёмы и консультации");
  if (view.timeline.length === 0) nothing(doc, "Нет приёмов и консультаций");
  for (const item of view.timeline) timelineItem(doc, item);
}

function documents(doc: PdfDocument, view: MedcardView) {
  sectionHeading(doc, "Документы");
  if (view.documents.length === 0) nothing(doc, "Нет документов");
  for (const document of view.documents) {
    keepTogether(doc, 30);
    doc.moveDown(0.2);
    line(
      doc,
      `${formatRuDate(document.documentDate)} — ${MEDCARD_DOCUMENT_TYPE_LABEL[document.type]}: ${document.title}`,
      { indent: 12 },
    );
    line(doc, `Добавил: ${authorLabel(document.author)}`, { color: GREY, size: 9, indent: 12 });
  }
}

/** «Выписка из медицинской карты»: the patient, «Сводка», «Приёмы и консультации», «Документы». */
export async function renderMedcardExtractPdf(view: MedcardView, madeAt: Date): Promise<Buffer> {
  const { doc, bytes } = await startPdf({
    Title: `Выписка из медицинской карты: ${view.card.fullName}`,
    Author: company.legalName,
  });
  doc.font("bold").fontSize(11).fillColor("#000").text(`${company.name} — ${company.legalName}`);
  doc.moveDown(1);
  doc.font("bold").fontSize(20).text("Выписка из медицинской карты");
  doc.moveDown(0.6);
  line(doc, `Пациент: ${view.card.fullName}`, { size: 12 });
  line(doc, `Дата рождения: ${formatRuDate(view.card.birthDate)}`, { size: 12 });
  line(doc, `Дата составления: ${formatMoscowDateTime(madeAt)}`, { size: 12 });

  summary(doc, view);
  timeline(doc, view);
  documents(doc, view);
  doc.end();
  return bytes;
}
