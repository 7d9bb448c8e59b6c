import type { z } from "zod";
import { company } from "../../../common/company.ts";
import type {
  VisitorCallback,
  visitorCallbackRequestSchema,
} from "../../../common/contact/visitor-callback.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, ValidationError } from "../../errors.ts";
import { ALL_STAFF, emit } from "../../plugins/events.ts";
import type { CodeRequestMeta, PhoneCodes } from "../../plugins/phone-codes.ts";
import {
  type EventLimit,
  enforceLimit,
  lockLimitKeys,
  tooManyRequests,
} from "../../plugins/rate-limit.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { findCurrentDocument } from "../legal/index.ts";
import { callbackWindow } from "./callback-window.ts";
import { insertCallback } from "./callbacks.repository.ts";

export type VisitorCallbackInput = z.output<typeof visitorCallbackRequestSchema>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Requests (visitor's and sales) one IP address may leave in a day. */
export const VISITOR_CALLBACKS_PER_IP_PER_DAY = 3;
const PER_IP: EventLimit = {
  kinds: ["visitor_callback_requested"],
  max: VISITOR_CALLBACKS_PER_IP_PER_DAY,
  windowMs: DAY_MS,
};

const tooManyFromIp = () =>
  tooManyRequests(
    `С вашего устройства уже отправлено ${VISITOR_CALLBACKS_PER_IP_PER_DAY} заявки за сутки. Если вопрос срочный, позвоните нам: ${company.phones.contactCentre.display}.`,
    DAY_MS,
    "Слишком много заявок",
  );

const ticketExpired = () =>
  new ValidationError([
    {
      field: "ticket",
      message: "Подтверждение номера устарело. Нажмите «Получить код» и введите новый код из SMS.",
    },
  ]);

/**
 * «Заказать звонок» on the site (or the corporate cards' request for the sales team): a phone
 * confirmed by its SMS code, a name, a topic and the consent to the personal-data document's
 * current version. Lands in the console's call-back queue, due as soon as possible. At most one
 * open request per phone and three a day per IP address.
 */
export async function requestVisitorCallback(
  db: Db,
  tickets: Pick<PhoneCodes, "phoneOfTicket" | "redeemTicket">,
  input: VisitorCallbackInput,
  meta: CodeRequestMeta,
  now = new Date(),
): Promise<VisitorCallback> {
  const document = await findCurrentDocument(db, "personal-data");
  if (!document || document.version !== input.consentVersion) {
    throw new ConflictError(
      "Согласие на обработку персональных данных обновилось, пока страница была открыта. Обновите страницу и ознакомьтесь с новой редакцией.",
    );
  }
  // A quick refusal before the transaction; the binding count is the one under the lock.
  if (!(await tickets.phoneOfTicket(db, input.ticket, "callback", now))) throw ticketExpired();
  const { dueAt } = callbackWindow({ kind: "asap" }, now);
  const created = await db.transaction(async (tx) => {
    await lockLimitKeys(tx, [`visitor-callback:ip:${meta.ip}`]);
    await enforceLimit(tx, { ip: meta.ip }, PER_IP, tooManyFromIp, now);
    const phone = await tickets.redeemTicket(tx, input.ticket, "callback", now);
    if (!phone) throw ticketExpired();
    const id = await insertCallback(tx, {
      source: input.source,
      phone,
      visitorName: input.name,
      topic: input.topic,
      companyName: input.source === "sales" ? (input.companyName ?? null) : null,
      consentDocumentId: document.id,
      consentIp: meta.ip,
      dueAt,
      createdAt: now,
    });
    // The open request's unique index: the ticket's use rolls back with this refusal.
    if (!id) {
      throw new ConflictError(
        "С этого номера уже есть заявка на звонок. Дождитесь звонка оператора — мы перезвоним как можно скорее.",
      );
    }
    await recordSecurityEvent(
      tx,
      {
        kind: "visitor_callback_requested",
        subject: phone,
        ip: meta.ip,
        userAgent: meta.userAgent ?? null,
        details: { callbackId: id, source: input.source },
      },
      now,
    );
    await emit(
      tx,
      "callback.requested",
      { callbackId: id, contractId: null },
      { staffRoles: ALL_STAFF },
    );
    return id;
  });
  return { id: created, source: input.source, dueAt: dueAt.toISOString() };
}
