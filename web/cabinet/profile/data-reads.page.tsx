import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { DataRead } from "../../../common/staff/data-reads.schema.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconShield } from "../../ui/icons.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import texts from "../locales/ru/privacy.json" with { type: "json" };
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { dataReadsQuery } from "./data-reads.api.ts";

type KnownAction = keyof typeof texts.dataReads.actions;
const isKnownAction = (action: string): action is KnownAction =>
  Object.hasOwn(texts.dataReads.actions, action);

/** What was looked at, in words: the action, its contract or order, the patient, the reason. */
function useDescribe() {
  const { t } = useTranslation("privacy");
  return (read: DataRead): { what: string; notes: string[] } => {
    const what = isKnownAction(read.action)
      ? t(`dataReads.actions.${read.action}`, {
          number: read.contractNumber ?? read.orderNumber ?? "",
          reason: read.reason ?? "",
        })
      : t("dataReads.fallback");
    const notes = [
      ...(read.personName ? [t("dataReads.person", { name: read.personName })] : []),
      // «Открыл(а) медкарту: …» already says the reason.
      ...(read.reason && read.action !== "medcard.open"
        ? [t("dataReads.reason", { reason: read.reason })]
        : []),
    ];
    return { what, notes };
  };
}

function ReadItem({ read }: { read: DataRead }) {
  const { t } = useTranslation("privacy");
  const describe = useDescribe();
  const { what, notes } = describe(read);
  return (
    <Paper component="li" withBorder radius="md" p="md">
      <Stack gap={4}>
        <Text fw={600} style={{ overflowWrap: "anywhere" }}>
          {what}
        </Text>
        {notes.map((note) => (
          <Text key={note} fz="sm" style={{ overflowWrap: "anywhere" }}>
            {note}
          </Text>
        ))}
        <Text fz="sm" c="dimmed">
          <span className="visually-hidden">{t("dataReads.who")}: </span>
          {t("dataReads.staff", {
            role: t(`dataReads.roles.${read.staff.role}`),
            name: read.staff.fullName,
          })}
        </Text>
        <Text fz="sm" c="dimmed">
          <span className="visually-hidden">{t("dataReads.when")}: </span>
          <time dateTime={read.at}>{formatMoscowDateTime(read.at)}</time>
        </Text>
      </Stack>
    </Paper>
  );
}

/**
 * «Кто смотрел мои данные»: every staff read of the account's personal and medical data from the
 * console's audit log — what, who (role and name), when (Moscow time) — newest first.
 */
export function DataReadsPage() {
  const { t } = useTranslation("privacy");
  const { t: tCabinet } = useTranslation("cabinet");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  // Opened from «Профиль» or from «Медкарта»: back to where it was opened from.
  const back = useBackTo({ to: "/cabinet/profile", label: tCabinet("profile.title") });
  const reads = useInfiniteQuery(dataReadsQuery);
  useEffect(() => {
    if (reads.error) forgetSessionOn401(queryClient, reads.error);
  }, [reads.error, queryClient]);
  const items = reads.data?.pages.flatMap((page) => page.items) ?? [];
  // A failed next page keeps what was shown; a failed first page has nothing to show.
  const firstFailed = reads.isError && items.length === 0;

  return (
    <Page documentTitle={t("dataReads.pageTitle")} title={t("dataReads.title")} back={back}>
      <Text>{t("dataReads.intro")}</Text>
      {reads.isPending ? <PageLoader label={t("dataReads.loading")} /> : null}
      {firstFailed ? (
        <Stack gap="md" align="flex-start">
          <FormAlert title={t("dataReads.failedTitle")} w="100%">
            {describeError(reads.error, tCommon)}
          </FormAlert>
          <Button variant="light" onClick={() => void reads.refetch()} loading={reads.isFetching}>
            {t("dataReads.retry")}
          </Button>
        </Stack>
      ) : null}
      {reads.isSuccess && items.length === 0 ? (
        <EmptyState
          icon={<IconShield size={28} />}
          title={t("dataReads.emptyTitle")}
          description={t("dataReads.emptyText")}
        />
      ) : null}
      {items.length > 0 ? (
        <section aria-labelledby="data-reads-list">
          <Title order={2} fz="h4" id="data-reads-list" mb="sm">
            {t("dataReads.listTitle")}
          </Title>
          <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
            {items.map((read) => (
              <ReadItem key={read.id} read={read} />
            ))}
          </Stack>
        </section>
      ) : null}
      {reads.isFetchNextPageError ? (
        <FormAlert title={t("dataReads.moreFailedTitle")}>
          {describeError(reads.error, tCommon)}
        </FormAlert>
      ) : null}
      {reads.hasNextPage ? (
        <Group>
          <Button
            variant="default"
            onClick={() => void reads.fetchNextPage()}
            loading={reads.isFetchingNextPage}
          >
            {t("dataReads.more")}
          </Button>
        </Group>
      ) : null}
    </Page>
  );
}
