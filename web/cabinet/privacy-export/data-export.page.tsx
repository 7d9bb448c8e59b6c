import { Button, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type {
  DataExport,
  DataExportStatus,
} from "../../../common/data-export/data-export.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatFileSize } from "../../../common/format/file-size.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconFile } from "../../ui/icons.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { InkBadge } from "../contracts/status-badge.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import {
  dataExportsQuery,
  dataExportsQueryKey,
  isRunning,
  requestDataExport,
} from "./data-export.api.ts";

const BADGE_COLOR: Record<DataExportStatus, "gray" | "blue" | "green" | "red"> = {
  queued: "gray",
  preparing: "blue",
  ready: "green",
  failed: "red",
  expired: "gray",
};

/** The last export: its status, and what can be done with it now. */
function LatestExport({
  latest,
  onPrepare,
  preparing,
}: {
  latest: DataExport;
  onPrepare: () => void;
  preparing: boolean;
}) {
  const { t } = useTranslation("dataExport");
  const running = isRunning(latest);
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="data-export-latest">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} fz="h4" id="data-export-latest">
            {t("statusTitle")}
          </Title>
          <InkBadge color={BADGE_COLOR[latest.status]}>{t(`status.${latest.status}`)}</InkBadge>
        </Group>
        <Text fz="sm" c="dimmed">
          {t("requestedAt", { time: formatMoscowDateTime(latest.requestedAt) })}
        </Text>
        {running ? (
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Loader size="sm" aria-hidden />
            <Text>{t("running")}</Text>
          </Group>
        ) : null}
        {latest.status === "ready" && latest.files && latest.expiresAt ? (
          <>
            <Text>{t("readyUntil", { time: formatMoscowDateTime(latest.expiresAt) })}</Text>
            <Stack gap="xs" aria-label={t("downloadsTitle")} role="group" maw={480}>
              <Button
                component="a"
                href={latest.files.pdf.url}
                download
                leftSection={<IconFile size={18} />}
                fullWidth
              >
                {t("downloadPdf")}
                <Text span fz="sm" ml={6} fw={400}>
                  ({formatFileSize(latest.files.pdf.sizeBytes)})
                </Text>
              </Button>
              <Button
                component="a"
                href={latest.files.json.url}
                download
                variant="default"
                leftSection={<IconFile size={18} />}
                fullWidth
              >
                {t("downloadJson")}
                <Text span fz="sm" ml={6} fw={400}>
                  ({formatFileSize(latest.files.json.sizeBytes)})
                </Text>
              </Button>
            </Stack>
          </>
        ) : null}
        {latest.status === "failed" ? (
          <>
            <Text>{t("failed")}</Text>
            <Button onClick={onPrepare} loading={preparing} style={{ alignSelf: "flex-start" }}>
              {t("retry")}
            </Button>
          </>
        ) : null}
        {latest.status === "expired" ? (
          <>
            <Text>{t("expired")}</Text>
            <Button onClick={onPrepare} loading={preparing} style={{ alignSelf: "flex-start" }}>
              {t("prepare")}
            </Button>
          </>
        ) : null}
        {latest.status === "ready" ? (
          <Button
            variant="subtle"
            onClick={onPrepare}
            loading={preparing}
            // Its label is longer than a 360 px card's width: it wraps rather than overflows.
            h="auto"
            mih={36}
            py={6}
            styles={{ label: { whiteSpace: "normal" } }}
            style={{ alignSelf: "flex-start" }}
          >
            {t("prepareAgain")}
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}

/**
 * «Выгрузить мои данные» (152-FZ, decision 0030): «Подготовить выгрузку» queues a job that gathers
 * everything held about the account; the page asks every two seconds while it runs, then offers
 * the PDF and the JSON until 24 hours after they were made.
 */
export function DataExportPage() {
  const { t } = useTranslation("dataExport");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const back = useBackTo({ to: "/cabinet/profile/privacy", label: t("backLabel") });
  const exports = useQuery(dataExportsQuery());
  const prepare = useMutation({
    mutationFn: requestDataExport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: dataExportsQueryKey }),
  });
  useEffect(() => {
    const error = exports.error ?? prepare.error;
    if (error) forgetSessionOn401(queryClient, error);
  }, [exports.error, prepare.error, queryClient]);

  const latest = exports.data?.exports[0];
  const onPrepare = () => prepare.mutate();

  return (
    <Page documentTitle={t("pageTitle")} title={t("title")} back={back}>
      <Stack gap="xs">
        <Text>{t("intro")}</Text>
        <Text>{t("formats")}</Text>
        <Text fz="sm" c="dimmed">
          {t("filesNote")}
        </Text>
      </Stack>
      {exports.isPending ? <PageLoader label={t("loading")} /> : null}
      {exports.isError && !exports.data ? (
        <Stack gap="md" align="flex-start">
          <FormAlert title={t("loadFailed")} w="100%">
            {describeError(exports.error, tCommon)}
          </FormAlert>
          <Button
            variant="light"
            onClick={() => void exports.refetch()}
            loading={exports.isFetching}
          >
            {t("reload")}
          </Button>
        </Stack>
      ) : null}
      {prepare.isError ? (
        <FormAlert title={t("requestFailed")}>{describeError(prepare.error, tCommon)}</FormAlert>
      ) : null}
      {/* The status is announced as it changes (queued → preparing → ready). */}
      <div aria-live="polite">
        {exports.isSuccess && latest ? (
          <LatestExport latest={latest} onPrepare={onPrepare} preparing={prepare.isPending} />
        ) : null}
      </div>
      {exports.isSuccess && !latest ? (
        <Stack gap="sm" align="flex-start">
          <Text c="dimmed">{t("none")}</Text>
          <Button onClick={onPrepare} loading={prepare.isPending}>
            {t("prepare")}
          </Button>
        </Stack>
      ) : null}
    </Page>
  );
}
