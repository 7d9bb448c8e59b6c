import type { z } from "zod";
import type { Callback, callbackRequestSchema } from "../../../common/contact/contact.schema.ts";
import { contractStatus } from "../../../common/contracts/contract-status.ts";
import { givenNames } from "../../../common/format/person-name.ts";
import type { Db } from "../../db/client.ts";
import { AppError, ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import { ALL_STAFF, emit } from "../../plugins/events.ts";
import { visibleContractFor } from "../contracts/index.ts";
import { callbackWindow } from "./callback-window.ts";
import {
  type ClientCallbackRow,
  findClientCallback,
  insertCallback,
  listClientCallbacks,
  OPEN_CALLBACK,
  updateOpenCallback,
} from "./callbacks.repository.ts";

export type CallbackRequest = z.output<typeof callbackRequestSchema>;

export function toCallback(row: ClientCallbackRow): Callback {
  return {
    id: row.id,
    contractId: row.contractId,
    contractNumber: row.contractNumber,
    phone: row.phone,
    personName: givenNames({ firstName: row.personFirstName, patronymic: row.personPatronymic }),
    windowStart: row.windowStart?.toISOString() ?? null,
    windowEnd: row.windowEnd?.toISOString() ?? null,
    dueAt: row.dueAt.toISOString(),
    note: row.note,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * «Перезвонить мне» on a contract: about one of its current persons, to the phone given, as
 * soon as possible or in a window today or tomorrow. One open request per contract.
 */
export async function requestCallback(
  db: Db,
  clientId: string,
  contractId: string,
  input: CallbackRequest,
  now = new Date(),
): Promise<Callback> {
  const { contract, persons } = await visibleContractFor(db, clientId, contractId);
  const status = contractStatus(contract);
  if (status === "expired" || status === "annulled") {
    throw new AppError(
      409,
      "contract-expired",
      "Срок действия договора истёк",
      "Обратный звонок по этому договору заказать нельзя: срок его действия истёк. Позвоните в медпульт.",
    );
  }
  const person = persons.find((candidate) => candidate.slot === input.personSlot);
  if (!person) {
    throw new ValidationError([
      { field: "personSlot", message: "Выберите лицо, обслуживаемое по этому договору" },
    ]);
  }
  const window = callbackWindow(input.when, now);
  const id = await db.transaction(async (tx) => {
    const created = await insertCallback(tx, {
      clientId,
      contractId: contract.id,
      personId: person.id,
      phone: input.phone,
      ...window,
      note: input.note === "" ? null : input.note,
    });
    if (created) {
      await emit(
        tx,
        "callback.requested",
        { callbackId: created, contractId: contract.id },
        { accountId: clientId, staffRoles: ALL_STAFF },
      );
    }
    return created;
  });
  if (!id) {
    throw new ConflictError(
      "По этому договору уже есть заявка на обратный звонок. Дождитесь звонка или отмените заявку.",
    );
  }
  const row = await findClientCallback(db, clientId, id);
  if (!row) throw new Error("the new call-back request is missing");
  return toCallback(row);
}

export async function listMyCallbacks(db: Db, clientId: string): Promise<Callback[]> {
  return (await listClientCallbacks(db, clientId)).map(toCallback);
}

/** The client cancels an open request of theirs. */
export async function cancelCallback(
  db: Db,
  clientId: string,
  id: string,
  now = new Date(),
): Promise<Callback> {
  const row = await findClientCallback(db, clientId, id);
  if (!row) throw new NotFoundError("Заявка не найдена.");
  const cancelled = await db.transaction(async (tx) => {
    const done = await updateOpenCallback(tx, id, OPEN_CALLBACK, {
      status: "cancelled",
      closedAt: now,
    });
    if (done) {
      await emit(
        tx,
        "callback.cancelled",
        { callbackId: id, contractId: row.contractId },
        { accountId: clientId, staffRoles: ALL_STAFF },
      );
    }
    return done;
  });
  if (!cancelled) throw new ConflictError("Заявка уже выполнена или отменена.");
  const updated = await findClientCallback(db, clientId, id);
  if (!updated) throw new Error("the call-back request vanished");
  return toCallback(updated);
}
