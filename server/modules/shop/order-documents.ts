import { company } from "../../../common/company.ts";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import type { Order } from "../../../common/shop/shop.schema.ts";
import { lazyModule } from "../../lazy.ts";
import { type PdfDocument, startPdf } from "../../pdf.ts";

const loadQrCode = lazyModule(async () => (await import("qrcode")).default);

const rubles = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" });
const money = (kopecks: number) => rubles.format(kopecks / 100).replace(/\u00a0/g, " ");

const STATUS: Record<Order["status"], string> = {
  awaiting_payment: "ожидает оплаты",
  paid: "оплачен",
  cancelled: "отменён",
  partially_refunded: "возвращён частично",
  refunded: "возвращён полностью",
};

const METHOD = { bank_card: "картой", sbp: "через СБП" } as const;

function heading(doc: PdfDocument, title: string) {
  doc.font("bold").fontSize(11).fillColor("#000").text(`${company.name} — ${company.legalName}`);
  doc.moveDown(1.2);
  doc.font("bold").fontSize(20).text(title);
  doc.moveDown(0.8);
}

function field(doc: PdfDocument, label: string, value: string) {
  doc.font("regular").fontSize(10).fillColor("#333").text(label);
  doc.font("bold").fontSize(12).fillColor("#000").text(value);
  doc.moveDown(0.5);
}

/**
 * «Квитанция»: our account of an order — what, how much, how it was paid and returned. The fiscal
 * receipt (54-FZ) is the payment provider's, sent to the e-mail given at checkout.
 */
export async function renderReceiptPdf(
  order: Order,
  payments: { providerPaymentId: string | null; method: "bank_card" | "sbp"; succeededAt: Date }[],
): Promise<Buffer> {
  const { doc, bytes } = await startPdf({
    Title: `Квитанция по заказу № ${order.number}`,
    Author: company.legalName,
  });
  heading(doc, `Квитанция по заказу № ${order.number}`);
  field(doc, "Дата заказа", formatMoscowDateTime(order.createdAt));
  field(doc, "Услуга", order.description);
  field(doc, "Сумма", money(order.totalKopecks));
  field(doc, "Статус", STATUS[order.status]);
  for (const payment of payments) {
    field(
      doc,
      "Оплата",
      `${money(order.paidKopecks)} ${METHOD[payment.method]}, ${formatMoscowDateTime(payment.succeededAt)}${payment.providerPaymentId ? `, платёж ${payment.providerPaymentId}` : ""}`,
    );
  }
  for (const refund of order.refunds) {
    const state =
      refund.status === "succeeded"
        ? "выполнен"
        : refund.status === "canceled"
          ? "не прошёл"
          : "в обработке";
    field(
      doc,
      "Возврат",
      `${money(refund.amountKopecks)}, ${state}${refund.succeededAt ? `, ${formatMoscowDateTime(refund.succeededAt)}` : ""}`,
    );
  }
  doc.moveDown(0.6);
  doc
    .font("regular")
    .fontSize(10)
    .fillColor("#333")
    .text(`Кассовый чек отправлен на ${order.receiptEmail}.`);
  doc.end();
  return bytes;
}

export interface ReferralFacts {
  orderNumber: number;
  paidKopecks: number;
  person: { lastName: string; firstName: string; patronymic: string | null; birthDate: string };
  clinic: { name: string; address: string };
  doctor: { lastName: string; firstName: string; patronymic: string | null } | null;
  serviceName: string;
  startsAt: Date;
  /** The public check of this referral: its QR code. */
  verifyUrl: string;
}

/** «Направление»: the paid visit as the clinic checks it — by the QR code on the public page. */
export async function renderReferralPdf(facts: ReferralFacts): Promise<Buffer> {
  const QRCode = await loadQrCode();
  const qr = await QRCode.toBuffer(facts.verifyUrl, {
    type: "png",
    margin: 1,
    scale: 8,
    errorCorrectionLevel: "M",
  });
  const { doc, bytes } = await startPdf({
    Title: `Направление № ${facts.orderNumber}`,
    Author: company.legalName,
  });
  heading(doc, `Направление № ${facts.orderNumber}`);
  field(
    doc,
    "Пациент",
    `${fullName(facts.person)}, дата рождения ${formatRuDate(facts.person.birthDate)}`,
  );
  field(doc, "Клиника", `${facts.clinic.name}, ${facts.clinic.address}`);
  if (facts.doctor) field(doc, "Врач", fullName(facts.doctor));
  field(doc, "Услуга", facts.serviceName);
  field(doc, "Дата и время приёма", formatMoscowDateTime(facts.startsAt));
  field(doc, "Оплачено через приложение РМС", money(facts.paidKopecks));
  doc.moveDown(0.6);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const qrSize = 140;
  const qrTop = doc.y;
  doc.image(qr, left, qrTop, { width: qrSize, height: qrSize });
  doc
    .font("regular")
    .fontSize(10)
    .text(
      `Клинике: проверьте направление — отсканируйте QR-код или откройте ${facts.verifyUrl} и введите дату рождения пациента.`,
      left + qrSize + 16,
      qrTop + 8,
      { width: width - qrSize - 16 },
    );
  doc.end();
  return bytes;
}

export function referralVerifyUrl(origin: string, orderNumber: number): string {
  return `${origin.replace(/\/$/, "")}/verify?referral=${orderNumber}`;
}
