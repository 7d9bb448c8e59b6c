import { Badge, Button, Group, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { StaffMember } from "../../../common/staff/staff-auth.schema.ts";
import { SpecialtyCell } from "./specialty-dialog.tsx";

export type MemberAction = "disable" | "enable" | "reset-password";

interface MembersTableProps {
  members: StaffMember[];
  /** The signed-in admin: no buttons on their own row, so nobody locks themselves out. */
  selfId: string;
  /** The row whose action is being sent, and which one. */
  busy: { id: string; action: MemberAction } | null;
  onAction: (member: StaffMember, action: MemberAction) => void;
}

/** An e-mail that may wrap before its «@» in a narrow column rather than mid-word. */
function EmailText({ email }: { email: string }) {
  const at = email.lastIndexOf("@");
  if (at <= 0) return email;
  return (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}

/** A status is a couple of words: shown whole rather than cut to an ellipsis. */
// Mantine's light badges (and even its 9th shades of green and yellow) fall below WCAG AA's 4.5:1
// for small text on their pale backgrounds; these darker inks pass.
const badgeInk = { gray: "#343a40", yellow: "#7a4100", green: "#1b5e20" } as const;
function badgeStyles(color: keyof typeof badgeInk) {
  return { label: { overflow: "visible", color: badgeInk[color] } };
}

function MemberStatus({ member }: { member: StaffMember }) {
  const { t } = useTranslation("staffMembers");
  if (member.disabled) {
    return (
      <Badge color="gray" variant="light" tt="none" styles={badgeStyles("gray")}>
        {t("members.status.disabled")}
      </Badge>
    );
  }
  if (member.mustChangePassword) {
    return (
      <Badge color="yellow" variant="light" tt="none" styles={badgeStyles("yellow")}>
        {t("members.status.mustChangePassword")}
      </Badge>
    );
  }
  return (
    <Badge color="green" variant="light" tt="none" styles={badgeStyles("green")}>
      {t("members.status.active")}
    </Badge>
  );
}

/** The staff accounts, one row each, with what an admin can do to each. */
export function MembersTable({ members, selfId, busy, onAction }: MembersTableProps) {
  const { t } = useTranslation("staffMembers");
  const { t: ts } = useTranslation("staff");
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table
        verticalSpacing="sm"
        horizontalSpacing="xs"
        highlightOnHover
        aria-labelledby="members-list-title"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("members.columns.fullName")}</Table.Th>
            <Table.Th scope="col">{t("members.columns.email")}</Table.Th>
            <Table.Th scope="col">{t("members.columns.roleAndSpecialty")}</Table.Th>
            <Table.Th scope="col">{t("members.columns.totp")}</Table.Th>
            <Table.Th scope="col">{t("members.columns.status")}</Table.Th>
            <Table.Th scope="col">{t("members.columns.actions")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => {
            const rowBusy = busy?.id === member.id ? busy.action : null;
            // Each button's name also says whose account it acts on, for a screen reader's list of buttons.
            const whose = <span className="visually-hidden">{` — ${member.fullName}`}</span>;
            return (
              <Table.Tr key={member.id}>
                <Table.Th scope="row" fw={600}>
                  {member.fullName}
                </Table.Th>
                <Table.Td>
                  <EmailText email={member.email} />
                </Table.Td>
                <Table.Td>
                  <Text fz="sm">{ts(`roles.${member.role}`)}</Text>
                  {/* A specialty is a doctor's: clients see it beside their name in the chat. */}
                  {member.role === "doctor" || member.specialty ? (
                    <SpecialtyCell member={member} />
                  ) : null}
                </Table.Td>
                <Table.Td>
                  {member.totpEnabled ? t("members.totpOn") : t("members.totpOff")}
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <MemberStatus member={member} />
                </Table.Td>
                <Table.Td>
                  {member.id === selfId ? (
                    <Text fz="sm" c="dimmed">
                      {t("members.you")}
                    </Text>
                  ) : (
                    <Group gap="xs">
                      <Button
                        size="xs"
                        variant="default"
                        loading={rowBusy === "disable" || rowBusy === "enable"}
                        disabled={rowBusy !== null}
                        onClick={() => onAction(member, member.disabled ? "enable" : "disable")}
                      >
                        {member.disabled ? t("members.enable") : t("members.disable")}
                        {whose}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        loading={rowBusy === "reset-password"}
                        disabled={rowBusy !== null}
                        onClick={() => onAction(member, "reset-password")}
                      >
                        {t("members.resetPassword")}
                        {whose}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
