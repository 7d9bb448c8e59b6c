import {
  Anchor,
  Badge,
  Button,
  Group,
  Input,
  List,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type {
  ClinicImport,
  ClinicImportKind,
  ClinicImportRow,
} from "../../../../common/booking/clinic-import.schema.ts";
import { FormAlert } from "../../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../../ui/form-field.ts";
import { PageLoader } from "../../../ui/page-loader.tsx";
import { describeProblem } from "../../../ui/problem-errors.ts";
import { useFallbackMessages } from "../../errors.ts";
import { ColumnHeads } from "../../shell/column-heads.tsx";
import {
  applyClinicFile,
  CLINIC_IMPORT_MAX_BYTES,
  clinicImportChoicesQuery,
  discardClinicFile,
  templateUrl,
  uploadClinicFile,
} from "./clinic-import.api.ts";

const statusColor = { new: "green", changed: "yellow", unchanged: "gray", error: "red" } as const;
const statusInk = {
  new: "#1b5e20",
  changed: "#7a4100",
  unchanged: "#343a40",
  error: "#8a1c1c",
} as const;

/** Clinic, kind and file, each bound to its label, and «Проверить файл». */
function UploadForm({ onChecked }: { onChecked: (preview: ClinicImport) => void }) {
  const { t } = useTranslation("staffClinicImport");
  const messages = useFallbackMessages();
  const [params] = useSearchParams();
  const choices = useQuery(clinicImportChoicesQuery());
  const fileId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [clinicId, setClinicId] = useState(params.get("clinicId") ?? "");
  const [kind, setKind] = useState<ClinicImportKind>(
    params.get("kind") === "doctors" ? "doctors" : "prices",
  );
  const [clinicError, setClinicError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const upload = useMutation({ mutationFn: uploadClinicFile });

  if (choices.isPending) return <PageLoader label={t("import.loading")} />;
  if (choices.isError) {
    return (
      <Stack gap="sm" align="flex-start">
        <FormAlert title={t("import.loadFailed")} w="100%">
          {describeProblem(choices.error, messages)}
        </FormAlert>
        <Button onClick={() => void choices.refetch()}>{t("import.retry")}</Button>
      </Stack>
    );
  }
  const clinics = choices.data.clinics;
  const known = clinics.some((clinic) => clinic.id === clinicId);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const file = input.current?.files?.[0];
    const clinicProblem = known ? null : t("import.clinicRequired");
    const fileProblem = !file
      ? t("import.fileRequired")
      : file.size > CLINIC_IMPORT_MAX_BYTES
        ? t("import.fileTooLarge")
        : null;
    setClinicError(clinicProblem);
    setFileError(fileProblem);
    if (clinicProblem) {
      document.getElementById("clinic-import-clinic")?.focus();
      return;
    }
    if (fileProblem || !file) {
      input.current?.focus();
      return;
    }
    try {
      const preview = await upload.mutateAsync({ clinicId, kind, file });
      if (input.current) input.current.value = "";
      onChecked(preview);
    } catch (error) {
      setFormError(describeProblem(error, messages));
    }
  };

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Text fz="sm">
          {t("import.specialtiesNote", {
            list: choices.data.specialties.map((specialty) => specialty.name).join(", "),
          })}
        </Text>
      </Stack>
      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }} component="section">
        <form onSubmit={onSubmit} noValidate aria-labelledby="clinic-import-form-title">
          <Stack gap="md">
            <Title order={2} fz="h3" id="clinic-import-form-title">
              {t("import.formTitle")}
            </Title>
            {formError ? <FormAlert title={t("import.uploadFailed")}>{formError}</FormAlert> : null}
            {clinics.length === 0 ? (
              <FormAlert tone="info">{t("import.noClinics")}</FormAlert>
            ) : null}
            <NativeSelect
              id="clinic-import-clinic"
              label={t("import.clinic")}
              value={known ? clinicId : ""}
              onChange={(event) => {
                setClinicId(event.currentTarget.value);
                setClinicError(null);
              }}
              data={[
                { value: "", label: t("import.clinicPlaceholder") },
                ...clinics.map((clinic) => ({
                  value: clinic.id,
                  label: `${clinic.name} — ${clinic.address}`,
                })),
              ]}
              maw={560}
              size="md"
              {...fieldErrorProps(clinicError)}
            />
            <Radio.Group
              label={t("import.kind")}
              value={kind}
              onChange={(value) => setKind(value === "doctors" ? "doctors" : "prices")}
              size="md"
            >
              <Group mt={6} gap="lg">
                <Radio value="prices" label={t("import.kinds.prices")} />
                <Radio value="doctors" label={t("import.kinds.doctors")} />
              </Group>
            </Radio.Group>
            <Input.Wrapper
              label={t("import.file")}
              description={t("import.fileHint")}
              error={fileError}
              labelElement="label"
              id={fileId}
              size="md"
            >
              <input
                ref={input}
                id={fileId}
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-invalid={fileError ? true : undefined}
                aria-describedby={fileError ? `${fileId}-error` : `${fileId}-description`}
                onChange={() => setFileError(null)}
                style={{ display: "block", maxWidth: "100%", marginTop: 4 }}
              />
            </Input.Wrapper>
            <Group>
              <Button type="submit" loading={upload.isPending}>
                {t("import.check")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

function Total({ label, value }: { label: string; value: number }) {
  return (
    <Stack gap={0}>
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="xl" fw={700}>
        {value}
      </Text>
    </Stack>
  );
}

function RowDetails({ row }: { row: ClinicImportRow }) {
  const { t } = useTranslation("staffClinicImport");
  const lines =
    row.status === "error"
      ? row.errors.map((error) => t("import.rowError", error))
      : row.changes.map((change) =>
          change.from ? t("import.change", change) : t("import.changeEmpty", change),
        );
  if (lines.length === 0) return <>—</>;
  return (
    <List spacing={2} fz="sm" c={row.status === "error" ? "red.9" : undefined}>
      {lines.map((line) => (
        <List.Item key={line}>{line}</List.Item>
      ))}
    </List>
  );
}

function Preview({
  preview,
  onDone,
}: {
  preview: ClinicImport;
  onDone: (next: ClinicImport | null, notice: string | null) => void;
}) {
  const { t } = useTranslation("staffClinicImport");
  const messages = useFallbackMessages();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"apply" | "discard" | null>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);
  const writable = preview.totals.new + preview.totals.changed;
  const act = async (action: "apply" | "discard") => {
    setBusy(action);
    setError(null);
    try {
      if (action === "apply") onDone(await applyClinicFile(preview.id), null);
      else {
        await discardClinicFile(preview.id);
        onDone(null, t("import.discarded"));
      }
    } catch (problem) {
      setError(describeProblem(problem, messages));
      setBusy(null);
    }
  };
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="clinic-import-preview-title"
    >
      <Stack gap="md">
        <Stack gap={2}>
          <Title order={2} fz="h3" id="clinic-import-preview-title" ref={titleRef} tabIndex={-1}>
            {t("import.previewTitle", { fileName: preview.fileName })}
          </Title>
          <Text c="dimmed">
            {t("import.previewFor", {
              kind: t(`import.kinds.${preview.kind}`),
              clinic: preview.clinic.name,
              address: preview.clinic.address,
            })}
          </Text>
        </Stack>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          {(["new", "changed", "unchanged", "error"] as const).map((status) => (
            <Total
              key={status}
              label={t(`import.totals.${status}`)}
              value={preview.totals[status]}
            />
          ))}
        </SimpleGrid>
        {preview.headerErrors.length > 0 ? (
          <FormAlert title={t("import.headerErrorsTitle")}>
            <List spacing={2} fz="sm">
              {preview.headerErrors.map((entry) => (
                <List.Item key={`${entry.column}-${entry.reason}`}>
                  {t("import.headerError", entry)}
                </List.Item>
              ))}
            </List>
          </FormAlert>
        ) : null}
        {preview.rows.length > 0 ? (
          <Stack gap="xs">
            <Title order={3} fz="h4" id="clinic-import-rows-title">
              {t("import.rowsTitle")}
            </Title>
            {preview.rowsTotal > preview.rows.length ? (
              <Text fz="sm" c="dimmed">
                {t("import.rowsMore", { shown: preview.rows.length, total: preview.rowsTotal })}
              </Text>
            ) : null}
            <Table.ScrollContainer
              minWidth={720}
              // A table wider than a phone scrolls; the keyboard must reach it too.
              scrollAreaProps={{
                viewportProps: { tabIndex: 0, "aria-label": t("import.rowsTitle") },
              }}
            >
              <Table
                verticalSpacing="xs"
                horizontalSpacing="xs"
                fz="sm"
                aria-labelledby="clinic-import-rows-title"
              >
                <ColumnHeads
                  labels={[
                    t("import.columns.row"),
                    t("import.columns.what"),
                    t("import.columns.status"),
                    t("import.columns.details"),
                  ]}
                />
                <Table.Tbody>
                  {preview.rows.map((row) => (
                    <Table.Tr key={row.row}>
                      <Table.Td>{row.row}</Table.Td>
                      <Table.Th scope="row" fw={600} style={{ wordBreak: "break-word" }}>
                        {row.label}
                      </Table.Th>
                      <Table.Td>
                        <Badge
                          color={statusColor[row.status]}
                          variant="light"
                          tt="none"
                          styles={{ label: { overflow: "visible", color: statusInk[row.status] } }}
                        >
                          {t(`import.status.${row.status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <RowDetails row={row} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        ) : null}
        <Text fz="sm">{t("import.keepNote")}</Text>
        {writable === 0 ? <FormAlert tone="info">{t("import.nothingToApply")}</FormAlert> : null}
        {error ? <FormAlert title={t("import.applyFailed")}>{error}</FormAlert> : null}
        <Group gap="sm">
          <Button
            onClick={() => void act("apply")}
            loading={busy === "apply"}
            disabled={busy !== null || writable === 0}
          >
            {t("import.apply")}
          </Button>
          <Button
            variant="default"
            onClick={() => void act("discard")}
            loading={busy === "discard"}
            disabled={busy !== null}
          >
            {t("import.discard")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Applied({ applied, onAnother }: { applied: ClinicImport; onAnother: () => void }) {
  const { t } = useTranslation("staffClinicImport");
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="clinic-import-applied-title"
      role="status"
    >
      <Stack gap="sm" align="flex-start">
        <Title order={2} fz="h3" id="clinic-import-applied-title" ref={titleRef} tabIndex={-1}>
          {t("import.appliedTitle")}
        </Title>
        <Text>
          {t("import.previewFor", {
            kind: t(`import.kinds.${applied.kind}`),
            clinic: applied.clinic.name,
            address: applied.clinic.address,
          })}
        </Text>
        {applied.appliedSummary ? (
          <Text>{t("import.appliedSummary", applied.appliedSummary)}</Text>
        ) : null}
        <Button variant="light" onClick={onAnother}>
          {t("import.another")}
        </Button>
      </Stack>
    </Paper>
  );
}

/** /staff/clinics/import: a clinic's price list or doctors from CSV/XLSX, checked, then loaded. */
export function ClinicImportPage() {
  const { t } = useTranslation("staffClinicImport");
  const { t: tStaff } = useTranslation("staff");
  const [current, setCurrent] = useState<ClinicImport | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <Stack gap="lg">
      <title>{`${t("import.title")} — ${tStaff("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("import.title")}</Title>
      <Stack gap="xs">
        <Text>{t("import.intro")}</Text>
        <Text fz="sm">{t("import.pricesColumns")}</Text>
        <Text fz="sm">{t("import.doctorsColumns")}</Text>
        <Group gap="lg">
          <Anchor href={templateUrl("prices")} download>
            {t("import.templatePrices")}
          </Anchor>
          <Anchor href={templateUrl("doctors")} download>
            {t("import.templateDoctors")}
          </Anchor>
        </Group>
      </Stack>
      {notice ? <FormAlert tone="info">{notice}</FormAlert> : null}
      {current === null ? (
        <UploadForm
          onChecked={(preview) => {
            setNotice(null);
            setCurrent(preview);
          }}
        />
      ) : current.status === "applied" ? (
        <Applied applied={current} onAnother={() => setCurrent(null)} />
      ) : (
        <Preview
          key={current.id}
          preview={current}
          onDone={(next, message) => {
            setCurrent(next);
            setNotice(message);
          }}
        />
      )}
    </Stack>
  );
}
