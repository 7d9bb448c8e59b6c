import type {
  ReplacementDetail,
  ReplacementStatus,
  ReplacementSummary,
} from "../../../common/staff/contracts.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import type { SmsMessage } from "../../integrations/sms/sms-provider.ts";
import { recordStaffAccess } from "../staff/audit.repository.ts";
import type { StaffActor } from "./staff-access.ts";
import {
  findReplacementRequest,
  findRequestedPerson,
  listReplacementRequests,
  markDecided,
  replaceFirstPerson,
} from "./staff-replacements.repository.ts";

export interface SmsQueue {
  enqueue(message: SmsMessage): Promise<unknown>;
}

/** «Заявки на замену»: the queue, written to the audit log (it shows clients' names). */
export async function listReplacementQueue(
  db: Db,
  actor: StaffActor,
  filter: { status: ReplacementStatus | "all"; limit: number; offset: number },
): Promise<{ requests: ReplacementSummary[]; hasMore: boolean }> {
  const page = await listReplacementRequests(db, filter);
  await recordStaffAccess(db, {
    staffId: actor.staffId,
    action: "replacement.list",
    details: {
      status: filter.status,
      offset: filter.offset,
      requests: page.requests.map((request) => request.id),
    },
    ip: actor.ip,
  });
  return page;
}

async function loadRequest(db: Db, id: string): Promise<ReplacementDetail> {
  const request = await findReplacementRequest(db, id);
  if (!request) throw new NotFoundError("Такой заявки нет.");
  return request;
}

/** One request with the requested person's contacts; the view is audited. */
export async function viewReplacementRequest(
  db: Db,
  actor: StaffActor,
  id: string,
): Promise<ReplacementDetail> {
  const request = await loadRequest(db, id);
  await recordStaffAccess(db, {
    staffId: actor.staffId,
    action: "replacement.view",
    subjectType: "replacement_request",
    subjectId: id,
    details: { contractNumber: request.contractNumber },
    ip: actor.ip,
  });
  return request;
}

const alreadyDecided = () =>
  new ConflictError("Эту заявку уже рассмотрели. Обновите страницу, чтобы увидеть решение.");

function decisionSms(
  request: ReplacementDetail,
  approved: boolean,
  comment: string | null,
): string {
  const contract =
    request.contractKind === "certificate"
      ? `сертификату ${request.contractNumber}`
      : `полису ДМС ${request.contractNumber}`;
  const verdict = approved ? "одобрена" : "отклонена";
  const note = comment ? ` ${approved ? "Комментарий" : "Причина"}: ${comment}` : "";
  return `РМС: заявка на замену Пациента 1 по ${contract} ${verdict}.${note}`;
}

/**
 * Approves or rejects a pending request and tells the client by SMS. Approving replaces «Пациент
 * 1» in the same transaction that marks the request decided.
 *
 * Approval is allowed after the start date: the client could send the request only before it,
 * and a request sent in time should not be lost because the queue was worked the next day. The
 * replaced person's row stays (marked replaced), so appeals they received keep their name.
 */
export async function decideReplacement(
  db: Db,
  sms: SmsQueue,
  actor: StaffActor,
  id: string,
  decision: { approve: boolean; comment: string },
  now = new Date(),
): Promise<ReplacementDetail> {
  const request = await loadRequest(db, id);
  if (request.status !== "pending") throw alreadyDecided();
  const comment = decision.comment === "" ? null : decision.comment;

  await db.transaction(async (tx) => {
    const marked = await markDecided(tx, id, {
      status: decision.approve ? "approved" : "rejected",
      staffId: actor.staffId,
      comment,
      at: now,
    });
    if (!marked) throw alreadyDecided();
    if (decision.approve) {
      const person = await findRequestedPerson(tx, id);
      if (!person) throw new NotFoundError("Такой заявки нет.");
      const { contractId, ...requested } = person;
      await replaceFirstPerson(tx, contractId, requested, now);
    }
  });
  // After the commit: PGlite is one session, and no SMS should tell of a decision rolled back.
  await sms.enqueue({
    to: request.requesterPhone,
    text: decisionSms(request, decision.approve, comment),
  });
  return loadRequest(db, id);
}
