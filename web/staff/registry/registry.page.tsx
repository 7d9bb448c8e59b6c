import {
  Anchor,
  Badge,
  Button,
  Group,
  Input,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type {
  RegistryApplyMode,
  RegistryImport,
  RegistryImportListItem,
} from "../../../common/contracts/import.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { ColumnHeads } from "../shell/column-heads.tsx";
import {
  applyRegistry,
  discardRegistry,
  fetchRegistryImport,
  REGISTRY_MAX_BYTES,
  recentImportsQuery,
  TEMPLATE_URL,
  uploadRegistry,
  useRegistryRefresh,
} from "./registry.api.ts";
import { RegistryPreview, RegistrySummary } from "./registry-preview.tsx";

/** The file input, bound to its label, and «Проверить файл». */
function UploadForm({ onUploaded }: { onUploaded: (preview: RegistryImport) => void }) {
  const { t } = useTranslation("staffRegistry");
  const messages = useFallbackMessages();
  const refresh = useRegistryRefresh();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const upload = useMutation({ mutationFn: uploadRegistry });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const file = input.current?.files?.[0];
    if (!file) {
      setFieldError(t("registry.fileRequired"));
      input.current?.focus();
      return;
    }
    if (file.size > REGISTRY_MAX_BYTES) {
      setFieldError(t("registry.fileTooLarge"));
      input.current?.focus();
      return;
    }
    setFieldError(null);
    try {
      const preview = await upload.mutateAsync(file);
      if (input.current) input.current.value = "";
      refresh();
      onUploaded(preview);
    } catch (error) {
      refresh(error);
      setFormError(describeProblem(error, messages));
    }
  };

  return (
    <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }} component="section">
      <form onSubmit={onSubmit} noValidate aria-labelledby="registry-upload-title">
        <Stack gap="md">
          <Title order={2} fz="h3" id="registry-upload-title">
            {t("registry.uploadTitle")}
          </Title>
          {formError ? <FormAlert title={t("registry.uploadFailed")}>{formError}</FormAlert> : null}
          <Input.Wrapper
            label={t("registry.file")}
            description={t("registry.fileHint")}
            error={fieldError}
            labelElement="label"
            id={inputId}
            size="md"
          >
            <input
              ref={input}
              id={inputId}
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${inputId}-error` : `${inputId}-description`}
              onChange={() => setFieldError(null)}
              style={{ display: "block", maxWidth: "100%", marginTop: 4 }}
            />
          </Input.Wrapper>
          <Group>
            <Button type="submit" loading={upload.isPending}>
              {t("registry.upload")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const statusInk = { previewed: "#7a4100", applied: "#1b5e20", discarded: "#343a40" } as const;
const statusColor = { previewed: "yellow", applied: "green", discarded: "gray" } as const;

function RecentImports({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation("staffRegistry");
  const messages = useFallbackMessages();
  const recent = useQuery(recentImportsQuery());
  const resultText = (entry: RegistryImportListItem) =>
    entry.appliedSummary ? t("registry.resultShort", entry.appliedSummary) : "—";
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="registry-recent-title"
    >
      <Stack gap="md">
        <Title order={2} fz="h3" id="registry-recent-title">
          {t("registry.recentTitle")}
        </Title>
        {recent.isPending ? <PageLoader label={t("registry.recentLoading")} /> : null}
        {recent.isError ? (
          <Stack gap="sm" align="flex-start">
            <FormAlert title={t("registry.recentFailed")} w="100%">
              {describeProblem(recent.error, messages)}
            </FormAlert>
            <Button onClick={() => void recent.refetch()}>{t("registry.retry")}</Button>
          </Stack>
        ) : null}
        {recent.data?.imports.length === 0 ? (
          <Text c="dimmed">{t("registry.recentEmpty")}</Text>
        ) : null}
        {recent.data && recent.data.imports.length > 0 ? (
          <Table.ScrollContainer
            minWidth={760}
            // A table wider than a phone scrolls; the keyboard must reach it too.
            scrollAreaProps={{
              viewportProps: { tabIndex: 0, "aria-label": t("registry.recentTitle") },
            }}
          >
            <Table
              verticalSpacing="sm"
              horizontalSpacing="xs"
              aria-labelledby="registry-recent-title"
            >
              <ColumnHeads
                labels={[
                  t("registry.recentColumns.file"),
                  t("registry.recentColumns.uploaded"),
                  t("registry.recentColumns.status"),
                  t("registry.recentColumns.rows"),
                  t("registry.recentColumns.errors"),
                  t("registry.recentColumns.result"),
                ]}
              />
              <Table.Tbody>
                {recent.data.imports.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Th scope="row" fw={600} style={{ wordBreak: "break-word" }}>
                      {entry.fileName}
                    </Table.Th>
                    <Table.Td>
                      {formatMoscowDateTime(entry.createdAt)}
                      {entry.uploadedBy ? (
                        <Text fz="xs" c="dimmed">
                          {entry.uploadedBy}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        color={statusColor[entry.status]}
                        variant="light"
                        tt="none"
                        styles={{ label: { overflow: "visible", color: statusInk[entry.status] } }}
                      >
                        {t(`registry.status.${entry.status}`)}
                      </Badge>
                      {entry.status === "previewed" ? (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          mt={4}
                          onClick={() => onOpen(entry.id)}
                        >
                          {t("registry.open")}
                          <span className="visually-hidden">{` — ${entry.fileName}`}</span>
                        </Button>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{`${entry.rowsTotal} (${entry.rowsValid})`}</Table.Td>
                    <Table.Td>{entry.errorsTotal}</Table.Td>
                    <Table.Td>{resultText(entry)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Paper>
  );
}

type Busy = RegistryApplyMode | "discard" | null;

/** «Загрузка реестра»: upload, check, then apply all, apply only the valid rows, or cancel. */
export function RegistryPage() {
  const { t } = useTranslation("staffRegistry");
  const { t: tStaff } = useTranslation("staff");
  const messages = useFallbackMessages();
  const refresh = useRegistryRefresh();
  const [current, setCurrent] = useState<RegistryImport | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);

  const act = async (action: Exclude<Busy, null>, run: () => Promise<RegistryImport>) => {
    setBusy(action);
    setActionError(null);
    try {
      const next = await run();
      refresh();
      if (next.status === "discarded") {
        setCurrent(null);
        setNotice(t("registry.discarded"));
      } else {
        setCurrent(next);
      }
    } catch (error) {
      refresh(error);
      setActionError(describeProblem(error, messages));
    } finally {
      setBusy(null);
    }
  };

  const open = useMutation({ mutationFn: fetchRegistryImport });

  return (
    <Stack gap="lg">
      <title>{`${t("registry.title")} — ${tStaff("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("registry.title")}</Title>
      <Stack gap="xs">
        <Text>{t("registry.intro")}</Text>
        <Text fz="sm" c="dimmed">
          {t("registry.columns")}
        </Text>
        <Anchor href={TEMPLATE_URL} download>
          {t("registry.template")}
        </Anchor>
      </Stack>

      {notice ? <FormAlert tone="info">{notice}</FormAlert> : null}
      {open.isError ? (
        <FormAlert title={t("registry.recentFailed")}>
          {describeProblem(open.error, messages)}
        </FormAlert>
      ) : null}

      {current === null ? (
        <UploadForm
          onUploaded={(preview) => {
            setNotice(null);
            setActionError(null);
            setCurrent(preview);
          }}
        />
      ) : current.status === "applied" ? (
        <RegistrySummary applied={current} onAnother={() => setCurrent(null)} />
      ) : (
        <RegistryPreview
          key={current.id}
          preview={current}
          busy={busy}
          error={actionError}
          onApply={(mode) => void act(mode, () => applyRegistry(current.id, mode))}
          onDiscard={() => void act("discard", () => discardRegistry(current.id))}
        />
      )}
      {open.isPending ? <PageLoader label={t("registry.loadingImport")} /> : null}

      <RecentImports
        onOpen={(id) =>
          open.mutate(id, {
            onSuccess: (preview) => {
              setNotice(null);
              setActionError(null);
              setCurrent(preview);
            },
          })
        }
      />
    </Stack>
  );
}
