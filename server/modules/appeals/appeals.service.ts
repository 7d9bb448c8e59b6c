import type { CreateAppeal, StaffAppeal } from "../../../common/appeals/appeals.schema.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import { ALL_STAFF, emit } from "../../plugins/events.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import {
  contractExists,
  findActiveDoctor,
  findContractPerson,
  insertAppeal,
  listContractAppeals,
} from "./appeals.repository.ts";
import { findServiceType } from "./service-types.repository.ts";

/** A contract's appeals, newest first, as its card in the console shows them. */
export { listContractAppeals };

// A minute of slack: the form fills in «now» to the minute, and clocks differ a little.
const CLOCK_SLACK_MS = 60_000;

/**
 * «Добавить обращение» on a contract card. The person must be one this contract covers or
 * covered; the doctor is the signed-in doctor unless another is named; the type must be offered.
 */
export async function addAppeal(
  db: Db,
  actor: StaffActor,
  contractId: string,
  input: CreateAppeal,
  now = new Date(),
): Promise<StaffAppeal> {
  if (!(await contractExists(db, contractId))) throw new NotFoundError("Такого договора нет.");

  const problems: { field: string; message: string }[] = [];
  const serviceType = await findServiceType(db, input.serviceTypeId);
  if (!serviceType || serviceType.archived) {
    problems.push({ field: "serviceTypeId", message: "Выберите вид услуги из списка" });
  }
  if (!(await findContractPerson(db, contractId, input.personId))) {
    problems.push({ field: "personId", message: "Выберите лицо, обслуживаемое по этому договору" });
  }
  const doctorId = input.doctorId ?? (actor.role === "doctor" ? actor.staffId : undefined);
  if (!doctorId) {
    problems.push({ field: "doctorId", message: "Выберите врача" });
  } else if (!(await findActiveDoctor(db, doctorId))) {
    problems.push({ field: "doctorId", message: "Выберите врача из списка" });
  }
  const occurredAt = new Date(input.occurredAt);
  if (occurredAt.getTime() > now.getTime() + CLOCK_SLACK_MS) {
    problems.push({
      field: "occurredAt",
      message: "Дата и время обращения не могут быть в будущем",
    });
  }
  if (problems.length > 0 || !doctorId) throw new ValidationError(problems);

  // Inside the caller's transaction when there is one (closing a call-back or a message).
  const id = await db.transaction(async (tx) => {
    const created = await insertAppeal(tx, {
      contractId,
      personId: input.personId,
      serviceTypeId: input.serviceTypeId,
      doctorId,
      channel: input.channel,
      occurredAt,
      outcome: input.outcome,
      createdById: actor.staffId,
    });
    await emit(tx, "appeal.created", { appealId: created, contractId }, { staffRoles: ALL_STAFF });
    return created;
  });
  const appeal = (await listContractAppeals(db, contractId)).find((known) => known.id === id);
  if (!appeal) throw new Error("the new appeal is not on its contract");
  return appeal;
}
