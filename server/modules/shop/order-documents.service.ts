import type { ReferralVerificationResult } from "../../../common/shop/shop.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError } from "../../errors.ts";
import { type EventLimit, enforceLimit, tooManyRequests } from "../../plugins/rate-limit.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { referralVerifyUrl, renderReceiptPdf, renderReferralPdf } from "./order-documents.ts";
import { getClientOrder } from "./orders.service.ts";
import {
  selectOrder,
  selectOrderByNumber,
  selectOrderDetails,
  selectReferralVisit,
} from "./shop.repository.ts";
import type { ShopContext } from "./shop-context.ts";

/** «Квитанция» of one of the account's orders, as a PDF. */
export async function orderReceiptPdf(ctx: ShopContext, clientId: string, orderId: string) {
  const order = await getClientOrder(ctx, clientId, orderId);
  const { attempts } = await selectOrderDetails(ctx.db, [order.id]);
  const payments = attempts.flatMap((attempt) =>
    attempt.status === "succeeded" && attempt.succeededAt
      ? [
          {
            providerPaymentId: attempt.providerPaymentId,
            method: attempt.method,
            succeededAt: attempt.succeededAt,
          },
        ]
      : [],
  );
  return {
    fileName: `receipt-${order.number}.pdf`,
    pdf: await renderReceiptPdf(order, payments),
  };
}

export const NO_REFERRAL =
  "Направление выдаётся на оплаченный и подтверждённый приём: у этого заказа его нет.";

/** «Направление» of a paid, confirmed visit of the account, as a PDF. */
export async function orderReferralPdf(ctx: ShopContext, clientId: string, orderId: string) {
  const order = await getClientOrder(ctx, clientId, orderId);
  const visit = order.kind === "visit" ? await selectReferralVisit(ctx.db, order.id) : null;
  if (visit?.status !== "confirmed" || order.status !== "paid" || !visit.startsAt) {
    throw new ConflictError(NO_REFERRAL);
  }
  const origin = (await selectOrder(ctx.db, order.id))?.returnOrigin ?? "";
  return {
    fileName: `referral-${order.number}.pdf`,
    pdf: await renderReferralPdf({
      orderNumber: order.number,
      paidKopecks: order.paidKopecks,
      person: visit,
      clinic: { name: visit.clinicName, address: visit.clinicAddress },
      doctor:
        visit.doctorLastName && visit.doctorFirstName
          ? {
              lastName: visit.doctorLastName,
              firstName: visit.doctorFirstName,
              patronymic: visit.doctorPatronymic,
            }
          : null,
      serviceName: visit.serviceName,
      startsAt: visit.startsAt,
      verifyUrl: referralVerifyUrl(origin, order.number),
    }),
  };
}

// The same per-address allowance as the certificate check: one counter for both.
const VERIFICATIONS: EventLimit = {
  kinds: ["certificate_verification"],
  max: 20,
  windowMs: 10 * 60_000,
};

/**
 * The public check behind a referral's QR code (for the clinic): valid only for a paid, not
 * refunded, confirmed visit of a patient with this birth date. Anything else — an unknown number,
 * a wrong birth date, a cancelled visit — gets the same answer, so it tells a stranger nothing.
 */
export async function verifyReferral(
  db: Db,
  input: { number: string; birthDate: string },
  meta: { ip: string; userAgent: string | undefined },
  now = new Date(),
): Promise<ReferralVerificationResult> {
  await enforceLimit(
    db,
    { ip: meta.ip },
    VERIFICATIONS,
    () =>
      tooManyRequests(
        "С вашего устройства выполнено слишком много проверок. Попробуйте снова через 10 минут.",
        VERIFICATIONS.windowMs,
        "Слишком много проверок",
      ),
    now,
  );
  const number = Number(input.number);
  const order = Number.isSafeInteger(number) ? await selectOrderByNumber(db, number) : null;
  const visit = order?.kind === "visit" ? await selectReferralVisit(db, order.id) : null;
  const valid =
    order?.status === "paid" &&
    visit?.status === "confirmed" &&
    visit.startsAt !== null &&
    visit.birthDate === input.birthDate;
  await recordSecurityEvent(
    db,
    {
      kind: "certificate_verification",
      ip: meta.ip,
      userAgent: meta.userAgent ?? null,
      details: { referral: true, valid },
    },
    now,
  );
  return valid && visit?.startsAt
    ? {
        valid: true,
        clinicName: visit.clinicName,
        serviceName: visit.serviceName,
        startsAt: visit.startsAt.toISOString(),
      }
    : { valid: false };
}
