import type { ProgramInput, StaffProgram } from "../../../common/contracts/programs.schema.ts";
import type { Db } from "../../db/client.ts";
import { AppError, NotFoundError } from "../../errors.ts";
import {
  findProgram,
  insertProgram,
  listPrograms,
  type ProgramClash,
  programHasSecondPersons,
  updateProgram,
} from "./staff-programs.repository.ts";

export { listPrograms };

const clashMessages: Record<ProgramClash, string> = {
  name: "Программа с таким названием уже есть.",
  code: "Программа с таким кодом уже есть.",
};

function clashError(clash: ProgramClash): AppError {
  const message = clashMessages[clash];
  return new AppError(409, "conflict", "Действие невозможно", message, [{ field: clash, message }]);
}

export async function getProgram(db: Db, id: string): Promise<StaffProgram> {
  const program = await findProgram(db, id);
  if (!program) throw new NotFoundError("Такой программы нет.");
  return program;
}

export async function createProgram(db: Db, input: ProgramInput): Promise<StaffProgram> {
  const created = await insertProgram(db, input);
  if ("clash" in created) throw clashError(created.clash);
  return created;
}

/**
 * Edits a program; its contracts follow (they point at it). The number of persons cannot drop to
 * one while a contract on the program covers a «Пациент 2».
 */
export async function editProgram(db: Db, id: string, input: ProgramInput): Promise<StaffProgram> {
  if (input.maxPersons === 1 && (await programHasSecondPersons(db, id))) {
    const message =
      "По этой программе уже есть договоры с Пациентом 2: программа должна покрывать двух человек.";
    throw new AppError(409, "conflict", "Действие невозможно", message, [
      { field: "maxPersons", message },
    ]);
  }
  const updated = await updateProgram(db, id, input);
  if (!updated) throw new NotFoundError("Такой программы нет.");
  if ("clash" in updated) throw clashError(updated.clash);
  return updated;
}

/** An archived program stays on its contracts but is offered nowhere. */
export async function setProgramArchived(
  db: Db,
  id: string,
  archived: boolean,
): Promise<StaffProgram> {
  const updated = await updateProgram(db, id, { archived });
  if (!updated || "clash" in updated) throw new NotFoundError("Такой программы нет.");
  return updated;
}
