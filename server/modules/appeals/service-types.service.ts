import type { ServiceType } from "../../../common/appeals/appeals.schema.ts";
import type { Db } from "../../db/client.ts";
import { AppError, NotFoundError } from "../../errors.ts";
import {
  insertServiceType,
  listServiceTypes,
  updateServiceType,
} from "./service-types.repository.ts";

export { listServiceTypes };

function nameTaken(): AppError {
  const message = "Вид услуги с таким названием уже есть.";
  return new AppError(409, "conflict", "Действие невозможно", message, [
    { field: "name", message },
  ]);
}

export async function createServiceType(db: Db, name: string): Promise<ServiceType> {
  const created = await insertServiceType(db, name);
  if (!created) throw nameTaken();
  return created;
}

/** Rename, archive (kept on old appeals, offered no more) or bring back. */
export async function changeServiceType(
  db: Db,
  id: string,
  change: { name?: string; archived?: boolean },
): Promise<ServiceType> {
  const updated = await updateServiceType(db, id, change);
  if (updated === "taken") throw nameTaken();
  if (!updated) throw new NotFoundError("Такого вида услуги нет.");
  return updated;
}
