import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import {
  type CreateStaffMember,
  type StaffMember,
  staffMemberListSchema,
  staffMemberSchema,
  staffMemberWithPasswordSchema,
} from "../../../common/staff/staff-auth.schema.ts";
import { api } from "../../ui/api.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";

export type MemberWithPassword = z.infer<typeof staffMemberWithPasswordSchema>;

export const membersQueryKey = ["staff", "members"] as const;

/** The answer of «Отключить» and «Включить». */
const memberEnvelopeSchema = z.object({ member: staffMemberSchema });

/** Every staff account, for admins. */
export function useMembers() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: membersQueryKey,
    queryFn: async ({ signal }) => {
      try {
        const answer = await api.get("/api/staff/members", {
          schema: staffMemberListSchema,
          signal,
        });
        return answer.members;
      } catch (error) {
        forgetStaffSessionOn401(queryClient, error);
        throw error;
      }
    },
    retry: false,
  });
}

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
