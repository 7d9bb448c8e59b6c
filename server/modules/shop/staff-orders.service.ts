import { PassThrough, type Readable } from "node:stream";
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { z } from "zod";
import { MOSCOW, todayInMoscow } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { parseRussianPhone } from "../../../common/format/phone.ts";
import {
  STAFF_ORDERS_PAGE,
  type StaffOrderCard,
  type StaffOrderSearchResult,
  type StaffOrderTotals,
  type staffOrderExportQuerySchema,
  type staffOrderSearchQuerySchema,
  type staffRefundRequestSchema,
} from "../../../common/shop/staff-orders.schema.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import { lazyModule } from "../../lazy.ts";
import { audit } from "../../plugins/audit.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import { selectRefundsInFlight } from "./refunds.repository.ts";
import { requestRefund } from "./refunds.service.ts";
import { selectOrder } from "./shop.repository.ts";
import type { ShopContext } from "./shop-context.ts";
import {
  findStaffOrder,
  type LedgerRow,
  type StaffOrderSearchKeys,
  searchOrders,
  selectDayTotals,
  selectLedgerPage,
  selectOrderHistory,
} from "./staff-orders.repository.ts";

// exceljs takes a second to load: it comes with the first export, not at start.
const loadExcel = lazyModule(async () => (await import("exceljs")).default);

const NAME_QUERY = /^\p{L}[\p{L}' -]*$/u;
const ORDER_NUMBER_QUERY = /^(?:№\s*)?(\d{6,15})$/;
// Provider payment ids: the sandbox's uuids, ЮKassa's «2d5f…-000f-5000-9000-1b68e7b15f3f».
const PAYMENT_ID_QUERY = /^[A-Za-z0-9][A-Za-z0-9_-]{7,99}$/;

/**
 * Reads the operator's text as every key it could be: «100123» (or «№ 100123») an order number,
 * a phone in any format people type, a surname (and name, patronymic), a provider payment id.
 */
export function orderSearchKeys(query: string): StaffOrderSearchKeys {
  const text = query.trim().replace(/\s+/g, " ");
  const numberMatch = ORDER_NUMBER_QUERY.exec(text);
  const number = numberMatch ? Number(numberMatch[1]) : null;
  const phone = /\d/.test(text) && !/\p{L}/u.test(text) ? parseRussianPhone(text) : null;
  const nameWords = NAME_QUERY.test(text)
    ? text.toLowerCase().replaceAll("ё", "е").split(" ").filter(Boolean).slice(0, 3)
    : [];
  return {
    number: number !== null && Number.isSafeInteger(number) ? number : null,
    phone,
    nameWords,
    paymentId: PAYMENT_ID_QUERY.test(text) ? text : null,
  };
}

type SearchQuery = z.output<typeof staffOrderSearchQuerySchema>;

/** «Заказы и платежи»: orders by client, number or payment id, newest first; audited. */
export async function searchOrdersForStaff(
  db: Db,
  actor: StaffActor,
  query: SearchQuery,
): Promise<StaffOrderSearchResult> {
  const text = query.q ?? "";
  const keys = text === "" ? null : orderSearchKeys(text);
  const offset = (query.page - 1) * STAFF_ORDERS_PAGE;
  const rows = await searchOrders(db, {
    keys,
    status: query.status || null,
    from: query.from || null,
    to: query.to || null,
    limit: STAFF_ORDERS_PAGE,
    offset,
  });
  const page = rows.slice(0, STAFF_ORDERS_PAGE);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "order.search",
    details: {
      query: text,
      status: query.status || null,
      from: query.from || null,
      to: query.to || null,
      offset,
      found: page.map((row) => row.number),
    },
    ip: actor.ip,
  });
  const matchedBy: StaffOrderSearchResult["matchedBy"] = [];
  if (keys?.number != null) matchedBy.push("number");
  if (keys?.phone) matchedBy.push("phone");
  if (keys && keys.nameWords.length > 0) matchedBy.push("name");
  if (keys?.paymentId) matchedBy.push("payment");
  return {
    matchedBy,
    page: query.page,
    hasMore: rows.length > STAFF_ORDERS_PAGE,
    orders: page.map((row) => ({
      id: row.id,
      number: row.number,
      createdAt: row.createdAt.toISOString(),
      kind: row.kind,
      status: row.status,
      description: row.description,
      client: { id: row.clientId, fullName: fullName(row), phone: row.phone },
      totalKopecks: row.totalKopecks,
      paidKopecks: row.paidKopecks,
      refundedKopecks: row.refundedKopecks,
    })),
  };
}

function prettyBody(body: unknown): string {
  return body === null || body === undefined ? "" : JSON.stringify(body, null, 2);
}

/** The order card as staff see it (no audit record: the callers write theirs). */
async function loadOrderCard(db: Db, orderId: string): Promise<StaffOrderCard> {
  const found = await findStaffOrder(db, orderId);
  if (!found) throw new NotFoundError("Такого заказа нет.");
  const { order, client } = found;
  const [history, inFlight] = await Promise.all([
    selectOrderHistory(db, orderId),
    selectRefundsInFlight(db, orderId),
  ]);
  const refundable =
    order.status === "paid" || order.status === "partially_refunded"
      ? Math.max(0, order.paidKopecks - order.refundedKopecks - inFlight)
      : 0;
  return {
    id: order.id,
    number: order.number,
    kind: order.kind,
    status: order.status,
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    expiresAt: order.expiresAt.toISOString(),
    receiptEmail: order.receiptEmail,
    client: { id: client.id, fullName: fullName(client), phone: client.phone, email: client.email },
    items: history.items,
    totalKopecks: order.totalKopecks,
    paidKopecks: order.paidKopecks,
    refundedKopecks: order.refundedKopecks,
    refundableKopecks: refundable,
    contract:
      order.contractId && found.contractNumber
        ? {
            id: order.contractId,
            number: found.contractNumber,
            annulled: found.contractAnnulledAt !== null,
          }
        : null,
    events: history.events.map((event) => ({
      id: event.id,
      at: event.at.toISOString(),
      kind: event.kind,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actorKind: event.actorKind,
      actorName:
        event.staffName ??
        (event.clientLastName && event.clientFirstName
          ? fullName({
              lastName: event.clientLastName,
              firstName: event.clientFirstName,
              patronymic: event.clientPatronymic,
            })
          : null),
      reason: event.reason,
    })),
    attempts: history.attempts.map((attempt) => ({
      ...attempt,
      createdAt: attempt.createdAt.toISOString(),
      succeededAt: attempt.succeededAt?.toISOString() ?? null,
      notifications: history.notifications
        .filter((notification) => notification.attemptId === attempt.id)
        .map((notification) => ({
          id: notification.id,
          receivedAt: notification.receivedAt.toISOString(),
          sourceIp: notification.sourceIp,
          sourceAllowed: notification.sourceAllowed,
          event: notification.event,
          outcome: notification.outcome,
          body: prettyBody(notification.body),
        })),
    })),
    refunds: history.refunds.map((refund) => ({
      ...refund,
      createdAt: refund.createdAt.toISOString(),
      succeededAt: refund.succeededAt?.toISOString() ?? null,
    })),
  };
}

/** The order card: client, items, history, attempts with their notifications, refunds; audited. */
export async function getOrderCard(
  db: Db,
  actor: StaffActor,
  orderId: string,
): Promise<StaffOrderCard> {
  const card = await loadOrderCard(db, orderId);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "order.view",
    subjectType: "order",
    subjectId: orderId,
    details: { number: card.number },
    ip: actor.ip,
  });
  return card;
}

/**
 * An admin's «Вернуть деньги»: the amount (no more than is left — requestRefund checks it with
 * the order locked), the reason, and the certificate annulled when asked. The audit row follows
 * the refund's own transaction: requestRefund commits its row before it calls the provider.
 */
export async function refundOrderByAdmin(
  ctx: ShopContext,
  actor: StaffActor,
  orderId: string,
  body: z.output<typeof staffRefundRequestSchema>,
): Promise<StaffOrderCard> {
  const order = await selectOrder(ctx.db, orderId);
  if (!order) throw new NotFoundError("Такого заказа нет.");
  if (body.annulCertificate && !order.contractId) {
    throw new ValidationError([
      { field: "annulCertificate", message: "По этому заказу сертификат не выдавался." },
    ]);
  }
  await requestRefund(ctx, {
    orderId,
    kind: "admin",
    amountKopecks: body.amountKopecks,
    reason: body.reason,
    actor: { kind: "staff", id: actor.staffId },
    annul: body.annulCertificate,
  });
  await audit.record(ctx.db, {
    staffId: actor.staffId,
    action: "order.refund",
    subjectType: "order",
    subjectId: orderId,
    details: {
      number: order.number,
      amountKopecks: body.amountKopecks,
      reason: body.reason,
      annulCertificate: body.annulCertificate,
    },
    ip: actor.ip,
  });
  return loadOrderCard(ctx.db, orderId);
}

/** The day's money in Moscow time: paid, refunded, net, and how many of each. */
export async function dayTotals(db: Db, date = todayInMoscow()): Promise<StaffOrderTotals> {
  const totals = await selectDayTotals(db, date);
  return { date, ...totals, netKopecks: totals.paidKopecks - totals.refundedKopecks };
}

const STATUS_LABELS = {
  awaiting_payment: "Ожидает оплаты",
  paid: "Оплачен",
  cancelled: "Отменён",
  partially_refunded: "Возвращён частично",
  refunded: "Возвращён полностью",
} as const;
const METHOD_LABELS = { bank_card: "Банковская карта", sbp: "СБП" } as const;
const REFUND_KIND_LABELS: Record<string, string> = {
  cancellation: "Возврат: отмена записи",
  client: "Возврат по просьбе клиента",
  admin: "Возврат администратором",
  late_payment: "Возврат поздней оплаты",
  double_payment: "Возврат двойной оплаты",
};

/** The export's columns, as the accountants read them. */
export const LEDGER_COLUMNS = [
  { header: "Дата и время (МСК)", key: "at", width: 18 },
  { header: "Заказ №", key: "order", width: 10 },
  { header: "Клиент", key: "client", width: 32 },
  { header: "Что", key: "what", width: 40 },
  { header: "Операция", key: "entry", width: 28 },
  { header: "Способ оплаты", key: "method", width: 18 },
  { header: "ID платежа", key: "paymentId", width: 38 },
  { header: "Сумма, ₽", key: "amount", width: 14 },
  { header: "Статус заказа", key: "status", width: 20 },
] as const;

/**
 * An instant as an Excel date showing Moscow wall-clock time: Excel dates have no time zone, and
 * exceljs writes a Date's UTC fields.
 */
function moscowWallClock(moment: Date): Date {
  return new Date(`${format(new TZDate(moment, MOSCOW), "yyyy-MM-dd'T'HH:mm:ss")}Z`);
}

function ledgerCells(row: LedgerRow) {
  const refund = row.entry === "refund";
  return {
    at: moscowWallClock(row.at),
    order: row.orderNumber,
    client: fullName(row),
    what: row.description,
    entry: refund ? (REFUND_KIND_LABELS[row.refundKind ?? ""] ?? "Возврат") : "Оплата",
    method: METHOD_LABELS[row.method],
    paymentId: row.providerPaymentId ?? "",
    // Integer kopecks to roubles only here, for the cell: the sheet's number format shows two decimals.
    amount: (refund ? -row.amountKopecks : row.amountKopecks) / 100,
    status: STATUS_LABELS[row.orderStatus],
  };
}

const LEDGER_BATCH = 1000;

/**
 * The XLSX for accounting: one row per payment and per refund that succeeded in the Moscow date
 * range, written by exceljs's streaming writer batch by batch. The export is audited first.
 */
export async function exportLedger(
  db: Db,
  actor: StaffActor,
  range: z.output<typeof staffOrderExportQuerySchema>,
): Promise<{ fileName: string; stream: Readable }> {
  await audit.record(db, {
    staffId: actor.staffId,
    action: "order.export",
    details: { from: range.from, to: range.to },
    ip: actor.ip,
  });
  const ExcelJS = await loadExcel();
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet("Платежи и возвраты");
  sheet.columns = LEDGER_COLUMNS.map((column) => ({ ...column }));
  sheet.getColumn("at").numFmt = "dd.mm.yyyy hh:mm";
  sheet.getColumn("amount").numFmt = "#,##0.00";
  sheet.getRow(1).font = { bold: true };
  const write = async () => {
    for (let offset = 0; ; offset += LEDGER_BATCH) {
      const rows = await selectLedgerPage(db, range, { limit: LEDGER_BATCH, offset });
      for (const row of rows) sheet.addRow(ledgerCells(row)).commit();
      if (rows.length < LEDGER_BATCH) break;
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => {
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return { fileName: `rms-payments-${range.from}-${range.to}.xlsx`, stream: out };
}
