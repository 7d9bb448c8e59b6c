import { Button, Group, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { StaffMember } from "../../../common/staff/staff-auth.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import {
  membersQuery,
  resetMemberPassword,
  setMemberDisabled,
  storeMember,
} from "./members.api.ts";
import { type MemberAction, MembersTable } from "./members-table.tsx";
import { NewMemberForm } from "./new-member-form.tsx";
import { type IssuedPassword, TemporaryPassword } from "./temporary-password.tsx";

interface Pending {
  member: StaffMember;
  action: MemberAction;
}

/** «Сотрудники»: the admin's list of staff accounts and the form for a new one. */
export function MembersPage() {
  const { t } = useTranslation("staffMembers");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const self = useSignedInStaff();
  const members = useQuery(membersQuery());
  const [issued, setIssued] = useState<IssuedPassword | null>(null);
  const [confirming, setConfirming] = useState<Pending | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const act = useMutation({
    mutationFn: async ({ member, action }: Pending) => {
      if (action === "reset-password") {
        const answer = await resetMemberPassword(member.id);
        storeMember(queryClient, answer.member);
        setIssued({ ...answer, reason: "reset" });
        return;
      }
      storeMember(queryClient, await setMemberDisabled(member.id, action === "disable"));
    },
    onMutate: () => setActionError(null),
    onError: (error) => {
      setActionError(describeProblem(error, messages));
    },
  });

  const onAction = (member: StaffMember, action: MemberAction) => {
    // Switching an account back on takes nothing away, so it needs no second thought.
    if (action === "enable") act.mutate({ member, action });
    else setConfirming({ member, action });
  };

  const confirmAction = () => {
    if (confirming) act.mutate(confirming);
    setConfirming(null);
  };

  const busy =
    act.isPending && act.variables
      ? { id: act.variables.member.id, action: act.variables.action }
      : null;

  return (
    <Stack gap="lg">
      <title>{`${t("members.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("members.title")}</Title>

      {issued ? (
        <TemporaryPassword
          key={issued.temporaryPassword}
          issued={issued}
          onDismiss={() => setIssued(null)}
        />
      ) : null}

      <NewMemberForm onCreated={(answer) => setIssued({ ...answer, reason: "created" })} />

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="members-list-title"
      >
        <Stack gap="md">
          <Title order={2} fz="h3" id="members-list-title">
            {t("members.listTitle")}
          </Title>
          {actionError ? (
            <FormAlert title={t("members.actionFailedTitle")}>{actionError}</FormAlert>
          ) : null}
          {members.isPending ? <PageLoader label={t("members.loading")} /> : null}
          {members.isError ? (
            <Stack gap="md" align="flex-start">
              <FormAlert title={t("members.loadFailedTitle")} w="100%">
                {describeProblem(members.error, messages)}
              </FormAlert>
              <Button onClick={() => void members.refetch()} loading={members.isFetching}>
                {t("members.retry")}
              </Button>
            </Stack>
          ) : null}
          {members.data?.length === 0 ? <Text c="dimmed">{t("members.empty")}</Text> : null}
          {members.data && members.data.length > 0 ? (
            <MembersTable members={members.data} selfId={self.id} busy={busy} onAction={onAction} />
          ) : null}
        </Stack>
      </Paper>

      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={
          confirming?.action === "disable"
            ? t("members.confirm.disableTitle")
            : t("members.confirm.resetTitle")
        }
        closeButtonProps={{ "aria-label": t("members.confirm.cancel") }}
        centered
      >
        <Stack gap="lg">
          <Text>
            {confirming?.action === "disable"
              ? t("members.confirm.disableText", { name: confirming.member.fullName })
              : t("members.confirm.resetText", { name: confirming?.member.fullName ?? "" })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t("members.confirm.cancel")}
            </Button>
            <Button
              color={confirming?.action === "disable" ? "red" : undefined}
              onClick={confirmAction}
            >
              {confirming?.action === "disable" ? t("members.disable") : t("members.resetPassword")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
