import { addMinutes } from "date-fns";
import type { z } from "zod";
import { parseRuDate, todayInMoscow } from "../../../common/format/date.ts";
import type { FieldError } from "../../../common/problem.schema.ts";
import { audienceProblem, startDateRange } from "../../../common/shop/certificate-terms.ts";
import type {
  certificateOrderRequestSchema,
  ShopProgram,
  visitOrderRequestSchema,
} from "../../../common/shop/shop.schema.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import { holdPaidVisit, paidVisitConflict } from "../booking/index.ts";
import { acceptDocument } from "../legal/index.ts";
import type { CertificateCheckout } from "./checkout-data.ts";
import { startPayment } from "./payment-attempts.service.ts";
import {
  insertOrder,
  selectOrderByCheckoutKey,
  selectProgramForSale,
  selectProgramsForSale,
} from "./shop.repository.ts";
import { ORDER_LIFETIME_MINUTES, type ShopContext } from "./shop-context.ts";

export type CertificateOrderInput = z.output<typeof certificateOrderRequestSchema>;
export type VisitOrderInput = z.output<typeof visitOrderRequestSchema>;

const OFFER_SLUG = "offer";

function toShopProgram(row: NonNullable<Awaited<ReturnType<typeof selectProgramForSale>>>) {
  if (row.priceKopecks === null || row.termMonths === null) return null;
  return {
    ...row,
    priceKopecks: row.priceKopecks,
    termMonths: row.termMonths,
    maxPersons: row.maxPersons === 2 ? 2 : 1,
  } satisfies ShopProgram;
}

/** «Купить сертификат»: the programs sold online. */
export async function listProgramsForSale(ctx: ShopContext): Promise<ShopProgram[]> {
  return (await selectProgramsForSale(ctx.db)).flatMap((row) => toShopProgram(row) ?? []);
}

export async function getProgramForSale(ctx: ShopContext, id: string): Promise<ShopProgram> {
  const row = await selectProgramForSale(ctx.db, id);
  const program = row && toShopProgram(row);
  if (!program) throw new NotFoundError("Эта программа не продаётся онлайн.");
  return program;
}

/** «Сертификат «Позвони Врачу», 12 мес.», within the receipt's 128 characters. */
export function certificateDescription(program: Pick<ShopProgram, "name" | "termMonths">) {
  return `Сертификат «${program.name}», ${program.termMonths} мес.`.slice(0, 128);
}

/** The checkout's start date and persons against the program's rules, as field errors. */
function checkCertificateCheckout(
  program: ShopProgram,
  input: CertificateOrderInput,
  today: string,
): { checkout: CertificateCheckout; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const startsOn = /^\d{4}-\d{2}-\d{2}$/.test(input.startsOn)
    ? input.startsOn
    : parseRuDate(input.startsOn);
  const range = startDateRange(today);
  if (!startsOn) {
    problems.push({ field: "startsOn", message: "Введите дату в формате дд.мм.гггг" });
  } else if (startsOn < range.first || startsOn > range.last) {
    problems.push({
      field: "startsOn",
      message: "Дата начала — с завтрашнего дня и не позже чем через 30 дней",
    });
  }
  if (input.persons.length > program.maxPersons) {
    problems.push({ field: "persons", message: "Эта программа — для одного человека" });
  }
  input.persons.forEach((person, index) => {
    const problem = startsOn ? audienceProblem(program.audience, person.birthDate, startsOn) : null;
    if (problem) problems.push({ field: `persons.${index}.birthDate`, message: problem });
  });
  const offer = input.acceptedDocuments.find((document) => document.slug === OFFER_SLUG);
  if (!offer) {
    problems.push({ field: "acceptedDocuments", message: "Примите условия договора-оферты" });
  }
  return {
    checkout: {
      programId: program.id,
      startsOn: startsOn ?? today,
      persons: input.persons.map((person) => ({
        lastName: person.lastName,
        firstName: person.firstName,
        patronymic: person.noPatronymic ? null : person.patronymic,
        birthDate: person.birthDate,
      })),
    },
    problems,
  };
}

/**
 * «Перейти к оплате» for a certificate: the order is priced from the catalogue (never from the
 * request), stored with the offer's accepted version, and its payment started. The form's
 * checkoutKey makes a repeat — a double click, a retry after a lost answer — the same order.
 */
export async function checkoutCertificate(
  ctx: ShopContext,
  input: CertificateOrderInput & { clientId: string; origin: string },
  meta: { ip: string | null; userAgent: string | undefined },
): Promise<{ orderId: string; confirmationUrl: string }> {
  const again = await selectOrderByCheckoutKey(ctx.db, input.clientId, input.checkoutKey);
  if (again) {
    return startPayment(ctx, { clientId: input.clientId, orderId: again.id, method: input.method });
  }
  const program = await getProgramForSale(ctx, input.programId);
  const { checkout, problems } = checkCertificateCheckout(program, input, todayInMoscow());
  if (problems.length > 0) throw new ValidationError(problems);
  const offer = input.acceptedDocuments.find((document) => document.slug === OFFER_SLUG);
  const offerDocumentId = offer ? await acceptDocument(ctx.db, input.clientId, offer, meta) : null;
  const created = await ctx.db.transaction((tx) =>
    insertOrder(
      tx,
      {
        kind: "certificate",
        clientId: input.clientId,
        totalKopecks: program.priceKopecks,
        receiptEmail: input.receiptEmail,
        checkout,
        offerDocumentId,
        returnOrigin: input.origin,
        checkoutKey: input.checkoutKey,
        expiresAt: addMinutes(new Date(), ORDER_LIFETIME_MINUTES),
      },
      {
        kind: "certificate",
        programId: program.id,
        description: certificateDescription(program),
        quantity: 1,
        unitKopecks: program.priceKopecks,
        amountKopecks: program.priceKopecks,
      },
    ),
  );
  // Null: the same form's other request made the order a moment ago.
  const order =
    created ?? (await selectOrderByCheckoutKey(ctx.db, input.clientId, input.checkoutKey));
  if (!order) throw new Error("order missing after its insert");
  return startPayment(ctx, { clientId: input.clientId, orderId: order.id, method: input.method });
}

/**
 * «Оплатить и записаться»: the time is held for the person (an appointment awaiting payment,
 * which every other booking path is refused by the database) and the order made at the company's
 * price, in one transaction; then the payment starts. The hold ends with the order's hour.
 */
export async function checkoutVisit(
  ctx: ShopContext,
  input: VisitOrderInput & { clientId: string; origin: string },
  meta: { ip: string | null; userAgent: string | undefined },
): Promise<{ orderId: string; confirmationUrl: string }> {
  const again = await selectOrderByCheckoutKey(ctx.db, input.clientId, input.checkoutKey);
  if (again) {
    return startPayment(ctx, { clientId: input.clientId, orderId: again.id, method: input.method });
  }
  const offer = input.acceptedDocuments.find((document) => document.slug === OFFER_SLUG);
  if (!offer) {
    throw new ValidationError([
      { field: "acceptedDocuments", message: "Примите условия договора-оферты" },
    ]);
  }
  const offerDocumentId = await acceptDocument(ctx.db, input.clientId, offer, meta);
  const now = new Date();
  const expiresAt = addMinutes(now, ORDER_LIFETIME_MINUTES);
  let created: Awaited<ReturnType<typeof insertOrder>>;
  try {
    created = await ctx.db.transaction(async (tx) => {
      const hold = await holdPaidVisit(tx, {
        clientId: input.clientId,
        personId: input.personId,
        slotId: input.slotId,
        holdUntil: expiresAt,
        now,
      });
      return insertOrder(
        tx,
        {
          kind: "visit",
          clientId: input.clientId,
          totalKopecks: hold.companyPriceKopecks,
          receiptEmail: input.receiptEmail,
          checkout: { personId: input.personId, slotId: input.slotId },
          offerDocumentId,
          returnOrigin: input.origin,
          checkoutKey: input.checkoutKey,
          expiresAt,
        },
        {
          kind: "visit",
          appointmentId: hold.appointmentId,
          description: hold.description,
          quantity: 1,
          unitKopecks: hold.companyPriceKopecks,
          amountKopecks: hold.companyPriceKopecks,
        },
      );
    });
  } catch (error) {
    // The same form's other request holds the time (the person's own hold): its order answers.
    const sameForm = await selectOrderByCheckoutKey(ctx.db, input.clientId, input.checkoutKey);
    if (sameForm) {
      return startPayment(ctx, {
        clientId: input.clientId,
        orderId: sameForm.id,
        method: input.method,
      });
    }
    throw paidVisitConflict(error) ?? error;
  }
  const order =
    created ?? (await selectOrderByCheckoutKey(ctx.db, input.clientId, input.checkoutKey));
  if (!order) throw new ConflictError("Заказ не сохранился: попробуйте ещё раз.");
  return startPayment(ctx, { clientId: input.clientId, orderId: order.id, method: input.method });
}
