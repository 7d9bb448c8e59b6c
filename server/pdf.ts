import { createRequire } from "node:module";
import { lazyModule } from "./lazy.ts";

const require = createRequire(import.meta.url);
const loadPdfKit = lazyModule(async () => (await import("pdfkit")).default);
// DejaVu Sans has Cyrillic; PDF's standard fonts do not.
const FONT_REGULAR = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

export type PdfDocument = PDFKit.PDFDocument;

/**
 * An A4 document with the fonts «regular» and «bold» registered, and the promise of its bytes
 * once `doc.end()` is called: the start every PDF of the product shares (certificates, receipts,
 * referrals). pdfkit loads with the first document, not at start.
 */
export async function startPdf(info: {
  Title: string;
  Author: string;
}): Promise<{ doc: PdfDocument; bytes: Promise<Buffer> }> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: "A4", margin: 56, info });
  doc.registerFont("regular", FONT_REGULAR);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, bytes };
}
