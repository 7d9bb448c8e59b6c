import { company } from "../../../common/company.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import type { Db } from "../../db/client.ts";
import type { EmailDelivery } from "../../integrations/email/email-delivery.ts";
import type { EventHandler } from "../../plugins/event-relay.ts";
import { certificatePdfFor } from "../contracts/index.ts";
import { findOrderNotice } from "./order-notice.ts";

/** The letter with a certificate bought online. Pure, so its wording is unit-tested. */
export function certificateEmail(facts: {
  orderNumber: number;
  number: string;
  programName: string;
  startsOn: string;
  endsOn: string;
  cabinetUrl: string;
}): { subject: string; text: string } {
  return {
    subject: `Ваш сертификат № ${facts.number}`,
    text: [
      "Здравствуйте!",
      "",
      `Оплата заказа № ${facts.orderNumber} получена. Сертификат «${facts.programName}» № ${facts.number} действует с ${formatRuDate(facts.startsOn)} по ${formatRuDate(facts.endsOn)}.`,
      "",
      `Сертификат уже в личном кабинете, в разделе «Мои договоры»: ${facts.cabinetUrl}`,
      "PDF сертификата — во вложении к этому письму. Кассовый чек приходит отдельным письмом.",
      "",
      `Медицинский контакт-центр, круглосуточно: ${company.phones.contactCentre.display}`,
      "",
      `${company.name} — ${company.legalName}`,
    ].join("\n"),
  };
}

/**
 * certificate.issued → the e-mail with the certificate's PDF, to the address given for the
 * receipt. Queued under the delivery's key: a redelivered event sends one letter.
 */
export function certificateEmailHandler(db: Db, email: EmailDelivery): EventHandler {
  return {
    name: "notifications.certificate-email",
    types: ["certificate.issued"],
    async handle(event, delivery) {
      const orderId = event.payload.orderId;
      const contractId = event.payload.contractId;
      if (typeof orderId !== "string" || typeof contractId !== "string") return;
      const order = await findOrderNotice(db, orderId);
      if (!order) return;
      const certificate = await certificatePdfFor(
        db,
        order.clientId,
        contractId,
        order.returnOrigin,
      );
      const letter = certificateEmail({
        orderNumber: order.number,
        number: certificate.number,
        programName: certificate.programName,
        startsOn: certificate.startsOn,
        endsOn: certificate.endsOn,
        cabinetUrl: `${order.returnOrigin}/cabinet/contracts/${contractId}`,
      });
      await email.enqueue(
        {
          to: order.receiptEmail,
          ...letter,
          attachments: [
            {
              fileName: certificate.fileName,
              contentType: "application/pdf",
              contentBase64: certificate.pdf.toString("base64"),
            },
          ],
        },
        { id: delivery.key },
      );
    },
  };
}
