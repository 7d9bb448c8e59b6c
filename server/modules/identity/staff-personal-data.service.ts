import type {
  PersonalDataRequestStatus,
  StaffPersonalDataRequest,
} from "../../../common/identity/personal-data.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { audit } from "../../plugins/audit.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import {
  findRequest,
  listRequests,
  markDecided,
  phoneTakenByOther,
  updateClientName,
  updateClientPhone,
} from "./personal-data.repository.ts";
import { revokeClientSessions } from "./sessions.repository.ts";

/** «Личные данные клиентов»: the queue; it shows names and phones, so it is audited. */
export async function listPersonalDataQueue(
  db: Db,
  actor: StaffActor,
  filter: { status: PersonalDataRequestStatus | "all"; limit: number; offset: number },
): Promise<{ requests: StaffPersonalDataRequest[]; hasMore: boolean }> {
  const page = await listRequests(db, filter);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "personal-data.list",
    details: {
      status: filter.status,
      offset: filter.offset,
      requests: page.requests.map((request) => request.id),
    },
    ip: actor.ip,
  });
  return page;
}

async function loadRequest(db: Db, id: string): Promise<StaffPersonalDataRequest> {
  const request = await findRequest(db, id);
  if (!request) throw new NotFoundError("Такой заявки нет.");
  return request;
}

/** One request beside the account's current data; the view is audited. */
export async function viewPersonalDataRequest(
  db: Db,
  actor: StaffActor,
  id: string,
): Promise<StaffPersonalDataRequest> {
  const request = await loadRequest(db, id);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "personal-data.view",
    subjectType: "personal_data_request",
    subjectId: id,
    details: { kind: request.kind },
    ip: actor.ip,
  });
  return request;
}

/**
 * Approves or rejects a pending request, recording who decided and when. Approving a «name»
 * request changes the account's surname, name, patronymic and birth date, and nothing else: the
 * persons on contracts stay as they are. Approving a «phone» request moves the account to the new
 * number and ends all its sessions (the person lost the old number; whoever has it now must not
 * stay signed in).
 */
export async function decidePersonalDataRequest(
  db: Db,
  actor: StaffActor,
  id: string,
  decision: { approve: boolean; comment: string },
  now = new Date(),
): Promise<StaffPersonalDataRequest> {
  const request = await loadRequest(db, id);
  if (request.status !== "pending") throw alreadyDecided();
  await db.transaction(async (tx) => {
    const decided = await markDecided(tx, id, {
      status: decision.approve ? "approved" : "rejected",
      comment: decision.comment === "" ? null : decision.comment,
      staffId: actor.staffId,
      at: now,
    });
    if (!decided) throw alreadyDecided();
    if (decision.approve) await apply(tx, actor, request, now);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: decision.approve ? "personal-data.approve" : "personal-data.reject",
      subjectType: "personal_data_request",
      subjectId: id,
      details: { kind: request.kind },
      ip: actor.ip,
    });
  });
  return loadRequest(db, id);
}

const alreadyDecided = () =>
  new ConflictError("Эту заявку уже рассмотрели. Обновите страницу, чтобы увидеть решение.");

async function apply(
  tx: Db,
  actor: StaffActor,
  request: StaffPersonalDataRequest,
  now: Date,
): Promise<void> {
  if (request.kind === "name") {
    await updateClientName(tx, request.clientId, {
      lastName: request.lastName ?? request.current.lastName,
      firstName: request.firstName ?? request.current.firstName,
      patronymic: request.patronymic,
      birthDate: request.birthDate ?? request.current.birthDate,
    });
    return;
  }
  const phone = request.phone ?? "";
  const taken = new ConflictError(
    "Этот номер уже принадлежит другой учётной записи. Отклоните заявку и объясните клиенту, что делать.",
  );
  if (await phoneTakenByOther(tx, request.clientId, phone)) throw taken;
  if (!(await updateClientPhone(tx, request.clientId, phone))) throw taken;
  const revoked = await revokeClientSessions(tx, request.clientId, "phone_changed");
  await recordSecurityEvent(
    tx,
    {
      kind: "phone_changed",
      clientId: request.clientId,
      staffId: actor.staffId,
      subject: phone,
      ip: actor.ip,
      details: { from: request.current.phone, to: phone, revoked, requestId: request.id },
    },
    now,
  );
}
