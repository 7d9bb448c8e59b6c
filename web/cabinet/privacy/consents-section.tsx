import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { AccountConsent } from "../../../common/privacy/privacy.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { LoadFailed, StatusBadge } from "../../ui/query-states.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { consentsQuery, consentsQueryKey, withdrawConsent } from "./privacy.api.ts";

const PERSONAL_DATA = "personal-data";
const HEALTH_DATA = "health-data";

const dateOf = (moment: string) => formatMoscowDateTime(moment).slice(0, 10);

/** «Принятые документы»: each with its version and date; an optional one may be withdrawn. */
export function ConsentsSection({ onDeleteAccount }: { onDeleteAccount: () => void }) {
  const { t } = useTranslation("dataRights");
  const queryClient = useQueryClient();
  const query = useQuery(consentsQuery());
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (query.isError) forgetSessionOn401(queryClient, query.error);
  }, [query.isError, query.error, queryClient]);

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="consents-title">
      <Stack gap="md">
        <Title order={2} fz="h3" id="consents-title">
          {t("consents.title")}
        </Title>
        {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
        {query.isPending ? <PageLoader label={t("loading")} /> : null}
        {query.isError ? <LoadFailed title={t("loadFailed")} query={query} /> : null}
        {query.isSuccess && query.data.consents.length === 0 ? (
          <Text c="dimmed">{t("consents.empty")}</Text>
        ) : null}
        {query.isSuccess ? (
          <Stack gap="md" component="ul" m={0} p={0} style={{ listStyle: "none" }}>
            {query.data.consents.map((consent) => (
              <ConsentItem
                key={consent.slug}
                consent={consent}
                onWithdrawn={(title) => setNotice(t("consents.withdrawnNotice", { title }))}
                onDeleteAccount={onDeleteAccount}
              />
            ))}
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}

function ConsentItem({
  consent,
  onWithdrawn,
  onDeleteAccount,
}: {
  consent: AccountConsent;
  onWithdrawn: (title: string) => void;
  onDeleteAccount: () => void;
}) {
  const { t } = useTranslation("dataRights");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const withdraw = useMutation({
    mutationFn: () => withdrawConsent(consent.slug),
    onSuccess: (data) => {
      queryClient.setQueryData(consentsQueryKey, data);
      // Nothing of «Медкарта» stays cached: its next read asks the server, which now refuses it.
      queryClient.removeQueries({ queryKey: ["medcard"] });
      setAsking(false);
      onWithdrawn(consent.title);
    },
    onError: (error) => forgetSessionOn401(queryClient, error),
  });
  const headingId = `consent-${consent.slug}`;
  const inForce = consent.withdrawnAt === null;

  return (
    <Paper component="li" withBorder radius="md" p="sm" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={3} fz="md" id={headingId}>
          {consent.title}
        </Title>
        <Group gap="xs">
          <StatusBadge tone={consent.required ? "blue" : "gray"}>
            {consent.required ? t("consents.required") : t("consents.optional")}
          </StatusBadge>
          {inForce ? (
            <StatusBadge tone="green">{t("consents.inForce")}</StatusBadge>
          ) : (
            <StatusBadge tone="red">
              {t("consents.withdrawn", { date: dateOf(consent.withdrawnAt ?? "") })}
            </StatusBadge>
          )}
        </Group>
        <Text fz="sm">
          {t("consents.version", { version: consent.version, date: dateOf(consent.acceptedAt) })}
        </Text>
        <Anchor href={consent.url} target="_blank" rel="noopener" fz="sm">
          {t("consents.read", { title: consent.title })}
        </Anchor>
        {consent.required && consent.slug !== PERSONAL_DATA ? (
          <Text fz="sm" c="dimmed">
            {t("consents.requiredHint")}
          </Text>
        ) : null}
        {!inForce && consent.slug === HEALTH_DATA ? (
          <Text fz="sm">
            {t("consents.giveAgainHealth")}{" "}
            <Anchor component={Link} to="/cabinet/medcard">
              {t("consents.openMedcard")}
            </Anchor>
          </Text>
        ) : null}
        {withdraw.isError ? (
          <FormAlert title={t("consents.withdrawFailed")}>
            {describeError(withdraw.error, tCommon)}
          </FormAlert>
        ) : null}
        {inForce && (consent.slug === PERSONAL_DATA || !consent.required) ? (
          asking ? (
            <WithdrawQuestion
              consent={consent}
              pending={withdraw.isPending}
              onConfirm={() => withdraw.mutate()}
              onCancel={() => setAsking(false)}
              onDeleteAccount={onDeleteAccount}
            />
          ) : (
            <Button
              variant="default"
              onClick={() => setAsking(true)}
              style={{ alignSelf: "flex-start" }}
              aria-describedby={headingId}
            >
              {t("consents.withdraw")}
            </Button>
          )
        ) : null}
      </Stack>
    </Paper>
  );
}

/** The question before a withdrawal; for personal data, the way to closing the account instead. */
function WithdrawQuestion({
  consent,
  pending,
  onConfirm,
  onCancel,
  onDeleteAccount,
}: {
  consent: AccountConsent;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  onDeleteAccount: () => void;
}) {
  const { t } = useTranslation("dataRights");
  if (consent.slug === PERSONAL_DATA) {
    return (
      <Stack gap="sm" role="group" aria-labelledby={`withdraw-${consent.slug}`}>
        <Text fw={600} id={`withdraw-${consent.slug}`}>
          {t("consents.personalDataTitle")}
        </Text>
        <Text fz="sm">{t("consents.personalDataText")}</Text>
        <Group gap="sm">
          <Button
            color="red"
            variant="light"
            onClick={onDeleteAccount}
            h="auto"
            mih={36}
            py={6}
            styles={{ label: { whiteSpace: "normal" } }}
          >
            {t("consents.toDeletion")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("consents.cancel")}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap="sm" role="group" aria-labelledby={`withdraw-${consent.slug}`}>
      <Text fw={600} id={`withdraw-${consent.slug}`}>
        {t("consents.withdrawTitle", { title: consent.title })}
      </Text>
      <Text fz="sm">
        {consent.slug === HEALTH_DATA ? t("consents.withdrawHealth") : t("consents.withdrawEffect")}
      </Text>
      <Group gap="sm">
        <Button color="red.9" onClick={onConfirm} loading={pending}>
          {t("consents.withdrawConfirm")}
        </Button>
        <Button variant="default" onClick={onCancel}>
          {t("consents.cancel")}
        </Button>
      </Group>
    </Stack>
  );
}
