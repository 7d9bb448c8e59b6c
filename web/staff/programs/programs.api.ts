import { z } from "zod";
import {
  type ProgramInput,
  staffProgramListSchema,
  staffProgramSchema,
} from "../../../common/contracts/programs.schema.ts";
import { api } from "../../ui/api.ts";
import { staffQuery } from "../staff-query.ts";

export const programsKey = ["staff", "programs"] as const;
const envelope = z.object({ program: staffProgramSchema });

export const programsQuery = () =>
  staffQuery([...programsKey, "list"], "/api/staff/programs", staffProgramListSchema);

export const programQuery = (id: string) =>
  staffQuery(
    [...programsKey, "one", id],
    `/api/staff/programs/${encodeURIComponent(id)}`,
    envelope,
  );

export async function saveProgram(id: string | null, body: ProgramInput) {
  const answer = id
    ? await api.put(`/api/staff/programs/${encodeURIComponent(id)}`, body, { schema: envelope })
    : await api.post("/api/staff/programs", body, { schema: envelope });
  return answer.program;
}

export async function setProgramArchived(id: string, archived: boolean) {
  const action = archived ? "archive" : "unarchive";
  const answer = await api.post(
    `/api/staff/programs/${encodeURIComponent(id)}/${action}`,
    undefined,
    {
      schema: envelope,
    },
  );
  return answer.program;
}
