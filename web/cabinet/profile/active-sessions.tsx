import { Badge, Button, Group, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { ActiveSession } from "../../../common/identity/security.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { activeSessionsQuery, activeSessionsQueryKey, revokeOtherSessions } from "./profile.api.ts";

function SessionItem({ session }: { session: ActiveSession }) {
  const { t } = useTranslation("cabinet");
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Stack gap={2}>
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>{session.device ?? t("security.sessions.unknownDevice")}</Text>
          {session.current ? (
            <Badge variant="light" radius="sm" tt="none">
              {t("security.sessions.thisDevice")}
            </Badge>
          ) : null}
        </Group>
        {session.ip ? (
          <Text fz="sm" c="dimmed">
            {t("security.sessions.ip", { ip: session.ip })}
          </Text>
        ) : null}
        <Text fz="sm" c="dimmed">
          {t("security.sessions.lastSeen", { time: formatMoscowDateTime(session.lastSeenAt) })}
        </Text>
      </Stack>
    </Paper>
  );
}

/** «Активные сеансы»: where the client is signed in, and «Выйти на других устройствах». */
export function ActiveSessions() {
  const { t } = useTranslation("cabinet");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<string | null>(null);

  const sessions = useQuery(activeSessionsQuery());

  useEffect(() => {
    if (sessions.error) forgetSessionOn401(queryClient, sessions.error);
  }, [sessions.error, queryClient]);

  const revokeOthers = useMutation({
    mutationFn: revokeOtherSessions,
    onSuccess: ({ revoked }) => {
      setResult(
        revoked > 0
          ? t("security.sessions.revoked", { count: revoked })
          : t("security.sessions.noneRevoked"),
      );
      void queryClient.invalidateQueries({ queryKey: activeSessionsQueryKey });
    },
    onError: (error) => forgetSessionOn401(queryClient, error),
    onSettled: () => setConfirming(false),
  });

  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="active-sessions-title"
    >
      <Stack gap="md">
        <Title order={2} fz="h3" id="active-sessions-title">
          {t("security.sessions.title")}
        </Title>

        {sessions.isPending ? (
          <Text c="dimmed" role="status">
            {t("security.sessions.loading")}
          </Text>
        ) : sessions.isError ? (
          <Stack gap="xs">
            <FormAlert title={t("security.sessions.failedTitle")}>
              {describeError(sessions.error, tCommon)}
            </FormAlert>
            <Button
              variant="light"
              onClick={() => void sessions.refetch()}
              style={{ alignSelf: "flex-start" }}
            >
              {t("security.sessions.retry")}
            </Button>
          </Stack>
        ) : (
          <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: "none" }}>
            {sessions.data.sessions.map((session) => (
              <SessionItem key={session.id} session={session} />
            ))}
          </Stack>
        )}

        {result ? <FormAlert tone="success">{result}</FormAlert> : null}
        {revokeOthers.isError ? (
          <FormAlert title={t("security.sessions.errorTitle")}>
            {describeError(revokeOthers.error, tCommon)}
          </FormAlert>
        ) : null}

        <Button
          variant="default"
          onClick={() => {
            setResult(null);
            revokeOthers.reset();
            setConfirming(true);
          }}
          w={{ base: "100%", sm: "auto" }}
          h="auto"
          mih={42}
          py={8}
          styles={{ label: { whiteSpace: "normal", textAlign: "center" } }}
          style={{ alignSelf: "flex-start" }}
        >
          {t("security.sessions.signOutOthers")}
        </Button>
      </Stack>

      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t("security.sessions.confirmTitle")}
        closeButtonProps={{ "aria-label": t("security.sessions.cancel") }}
        centered
      >
        <Stack gap="md">
          <Text>{t("security.sessions.confirmText")}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t("security.sessions.cancel")}
            </Button>
            <Button loading={revokeOthers.isPending} onClick={() => revokeOthers.mutate()}>
              {t("security.sessions.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
