import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import {
  type CreateStaffMember,
  type StaffMember,
  staffMemberListSchema,
  staffMemberSchema,
  staffMemberWithPasswordSchema,
  type staffSpecialtySchema,
} from "../../../common/staff/staff-auth.schema.ts";
import { api } from "../../ui/api.ts";

export type MemberWithPassword = z.infer<typeof staffMemberWithPasswordSchema>;

export const membersQueryKey = ["staff", "members"] as const;

/** The answer of «Отключить» and «Включить». */
const memberEnvelopeSchema = z.object({ member: staffMemberSchema });

/** Every staff account, for admins. */
export const membersQuery = () =>
  queryOptions({
    queryKey: membersQueryKey,
    queryFn: async ({ signal }) => {
      const answer = await api.get("/api/staff/members", { schema: staffMemberListSchema, signal });
      return answer.members;
    },
    retry: false,
  });

/** Puts the server's fresh copy of one account into the cached list (or adds a new one). */
export function storeMember(queryClient: QueryClient, member: StaffMember): void {
  queryClient.setQueryData<StaffMember[]>(membersQueryKey, (members) => {
    if (!members) return [member];
    return members.some((known) => known.id === member.id)
      ? members.map((known) => (known.id === member.id ? member : known))
      : [...members, member].sort((a, b) => a.fullName.localeCompare(b.fullName, "ru"));
  });
}

export function createMember(body: CreateStaffMember): Promise<MemberWithPassword> {
  return api.post("/api/staff/members", body, { schema: staffMemberWithPasswordSchema });
}

export function resetMemberPassword(id: string): Promise<MemberWithPassword> {
  return api.post(`/api/staff/members/${encodeURIComponent(id)}/reset-password`, undefined, {
    schema: staffMemberWithPasswordSchema,
  });
}

export async function setMemberDisabled(id: string, disabled: boolean): Promise<StaffMember> {
  const action = disabled ? "disable" : "enable";
  const answer = await api.post(
    `/api/staff/members/${encodeURIComponent(id)}/${action}`,
    undefined,
    {
      schema: memberEnvelopeSchema,
    },
  );
  return answer.member;
}

/** «Специальность» of one account (a doctor's is shown to clients beside their name in the chat). */
export async function setMemberSpecialty(
  id: string,
  body: z.input<typeof staffSpecialtySchema>,
): Promise<StaffMember> {
  const answer = await api.put(`/api/staff/members/${encodeURIComponent(id)}/specialty`, body, {
    schema: memberEnvelopeSchema,
  });
  return answer.member;
}
