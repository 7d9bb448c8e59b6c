import { todayInMoscow } from "../../../common/format/date.ts";
import type {
  NewPrivacyRequest,
  PrivacyRequest,
  PrivacyRequestStatus,
  StaffPrivacyRequest,
} from "../../../common/privacy/privacy.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { audit } from "../../plugins/audit.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import { addBusinessDays } from "../calendar/index.ts";
import {
  closeRequest,
  countOpenClientRequests,
  findStaffRequest,
  insertPrivacyRequest,
  listClientRequests,
  listStaffRequests,
  type StaffRequestRow,
  takeRequest,
} from "./privacy-requests.repository.ts";

/** 152-FZ art. 20–21: an answer within 10 working days of the request. */
export const ANSWER_WORKING_DAYS = 10;
/** Open requests one account may have at a time: enough for any real need, not a flood. */
export const OPEN_REQUESTS_PER_ACCOUNT = 5;

/** The last day of the answer: 10 working days after the Moscow day the request came. */
export async function privacyRequestDueDate(db: Db, now: Date): Promise<string> {
  return addBusinessDays(db, todayInMoscow(now), ANSWER_WORKING_DAYS);
}

/** «Запрос по персональным данным»: stored with its legal deadline, for the console's queue. */
export async function createPrivacyRequest(
  db: Db,
  clientId: string,
  input: { kind: NewPrivacyRequest["kind"]; text: string },
  now = new Date(),
): Promise<PrivacyRequest> {
  if ((await countOpenClientRequests(db, clientId)) >= OPEN_REQUESTS_PER_ACCOUNT) {
    throw new ConflictError(
      `У вас уже ${OPEN_REQUESTS_PER_ACCOUNT} запросов на рассмотрении. Дождитесь ответа хотя бы на один — тогда можно будет отправить новый.`,
    );
  }
  const dueDate = await privacyRequestDueDate(db, now);
  return insertPrivacyRequest(db, { clientId, ...input, dueDate, at: now });
}

/** The account's own requests (no one else's), newest first. */
export function myPrivacyRequests(db: Db, clientId: string): Promise<PrivacyRequest[]> {
  return listClientRequests(db, clientId);
}

function toStaff(row: StaffRequestRow, today: string): StaffPrivacyRequest {
  const { assignedToId: _assignedToId, ...rest } = row;
  return { ...rest, overdue: row.status !== "closed" && row.dueDate < today };
}

/** «Запросы по 152-ФЗ»: the queue shows names and phones, so the list is audited. */
export async function listPrivacyQueue(
  db: Db,
  actor: StaffActor,
  filter: { status: "open" | PrivacyRequestStatus | "all"; limit: number; offset: number },
  now = new Date(),
): Promise<{ requests: StaffPrivacyRequest[]; hasMore: boolean }> {
  const page = await listStaffRequests(db, filter);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "privacy-request.list",
    details: {
      status: filter.status,
      offset: filter.offset,
      requests: page.requests.map((request) => request.id),
    },
    ip: actor.ip,
  });
  const today = todayInMoscow(now);
  return { requests: page.requests.map((row) => toStaff(row, today)), hasMore: page.hasMore };
}

async function loadRequest(db: Db, id: string): Promise<StaffRequestRow> {
  const request = await findStaffRequest(db, id);
  if (!request) throw new NotFoundError("Такого запроса нет.");
  return request;
}

/** One request with its client; the view is audited. */
export async function viewPrivacyRequest(
  db: Db,
  actor: StaffActor,
  id: string,
  now = new Date(),
): Promise<StaffPrivacyRequest> {
  const request = await loadRequest(db, id);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "privacy-request.view",
    subjectType: "privacy_request",
    subjectId: id,
    details: { kind: request.kind },
    ip: actor.ip,
  });
  return toStaff(request, todayInMoscow(now));
}

/** «Взять в работу». */
export async function takePrivacyRequest(
  db: Db,
  actor: StaffActor,
  id: string,
  now = new Date(),
): Promise<StaffPrivacyRequest> {
  const request = await loadRequest(db, id);
  if (request.status !== "new") throw alreadyTaken(request);
  await db.transaction(async (tx) => {
    if (!(await takeRequest(tx, id, actor.staffId, now))) throw alreadyTaken(request);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "privacy-request.take",
      subjectType: "privacy_request",
      subjectId: id,
      ip: actor.ip,
    });
  });
  return toStaff(await loadRequest(db, id), todayInMoscow(now));
}

/** «Ответить и закрыть»: the answer the client reads on its page. */
export async function closePrivacyRequest(
  db: Db,
  actor: StaffActor,
  id: string,
  answer: string,
  now = new Date(),
): Promise<StaffPrivacyRequest> {
  const request = await loadRequest(db, id);
  if (request.status === "closed") throw alreadyClosed();
  const takenByOther = request.status === "in_progress" && request.assignedToId !== actor.staffId;
  if (takenByOther && actor.role !== "admin") {
    const who = request.assignedToName ? ` (${request.assignedToName})` : "";
    throw new ConflictError(
      `Запрос в работе у другого сотрудника${who}. Ответить может он или администратор.`,
    );
  }
  await db.transaction(async (tx) => {
    if (!(await closeRequest(tx, id, { staffId: actor.staffId, answer, at: now }))) {
      throw alreadyClosed();
    }
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "privacy-request.close",
      subjectType: "privacy_request",
      subjectId: id,
      ip: actor.ip,
    });
  });
  return toStaff(await loadRequest(db, id), todayInMoscow(now));
}

const alreadyClosed = () =>
  new ConflictError("На этот запрос уже ответили. Обновите страницу, чтобы увидеть ответ.");

function alreadyTaken(request: StaffRequestRow) {
  if (request.status === "closed") return alreadyClosed();
  return new ConflictError(
    "Этот запрос уже взял в работу другой сотрудник. Обновите страницу, чтобы увидеть, кто.",
  );
}
