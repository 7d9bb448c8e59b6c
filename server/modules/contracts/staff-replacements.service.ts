import type {
  ReplacementDetail,
  ReplacementStatus,
  ReplacementSummary,
} from "../../../common/contracts/staff-contracts.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { audit } from "../../plugins/audit.ts";
import { ALL_STAFF, emit } from "../../plugins/events.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import {
  findReplacementRequest,
  findRequestedPerson,
  listReplacementRequests,
  markDecided,
  replaceFirstPerson,
} from "./staff-replacements.repository.ts";

/** «Заявки на замену»: the queue, written to the audit log (it shows clients' names). */
export async function listReplacementQueue(
  db: Db,
  actor: StaffActor,
  filter: { status: ReplacementStatus | "all"; limit: number; offset: number },
): Promise<{ requests: ReplacementSummary[]; hasMore: boolean }> {
  const page = await listReplacementRequests(db, filter);
  await audit.record(db, {
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
  await audit.record(db, {
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

/**
 * Approves or rejects a pending request; its event tells the client by SMS (the notifications
 * module). Approving replaces «Пациент 1» in the same transaction that marks the request decided.
 *
 * Approval is allowed after the start date: the client could send the request only before it,
 * and a request sent in time should not be lost because the queue was worked the next day. The
 * replaced person's row stays (marked replaced), so appeals they received keep their name.
 */
export async function decideReplacement(
  db: Db,
  actor: StaffActor,
  id: string,
  decision: { approve: boolean; comment: string },
  now = new Date(),
): Promise<ReplacementDetail> {
  const request = await loadRequest(db, id);
  if (request.status !== "pending") throw alreadyDecided();
  const comment = decision.comment === "" ? null : decision.comment;

  await db.transaction(async (tx) => {
    const status = decision.approve ? "approved" : "rejected";
    const marked = await markDecided(tx, id, { status, staffId: actor.staffId, comment, at: now });
    if (!marked) throw alreadyDecided();
    if (decision.approve) {
      const person = await findRequestedPerson(tx, id);
      if (!person) throw new NotFoundError("Такой заявки нет.");
      const { contractId, ...requested } = person;
      await replaceFirstPerson(tx, contractId, requested, now);
    }
    await emit(
      tx,
      "replacement.decided",
      { changeRequestId: id, decision: status },
      { accountId: marked.clientId, staffRoles: ALL_STAFF },
    );
  });
  return loadRequest(db, id);
}
