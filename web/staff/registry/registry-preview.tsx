import { Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type {
  RegistryApplyMode,
  RegistryImport,
  RegistryRow,
} from "../../../common/contracts/import.schema.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { FormAlert } from "../../ui/form-alert.tsx";

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

function SampleTable({ rows }: { rows: RegistryRow[] }) {
  const { t } = useTranslation("staffRegistry");
  return (
    <Table.ScrollContainer
      minWidth={900}
      // A table wider than a phone scrolls; the keyboard must reach it too.
      scrollAreaProps={{ viewportProps: { tabIndex: 0, "aria-label": t("registry.sampleTitle") } }}
    >
      <Table verticalSpacing="xs" horizontalSpacing="xs" fz="sm">
        <caption className="visually-hidden">
          {t("registry.sampleCaption", { count: rows.length })}
        </caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("registry.sampleColumns.row")}</Table.Th>
            <Table.Th scope="col">{t("registry.sampleColumns.contract")}</Table.Th>
            <Table.Th scope="col">{t("registry.sampleColumns.program")}</Table.Th>
            <Table.Th scope="col">{t("registry.sampleColumns.period")}</Table.Th>
            <Table.Th scope="col">{t("registry.sampleColumns.slot")}</Table.Th>
            <Table.Th scope="col">{t("registry.sampleColumns.person")}</Table.Th>
            <Table.Th scope="col">{t("registry.sampleColumns.birthDate")}</Table.Th>
            <Table.Th scope="col">{t("registry.sampleColumns.contacts")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.row}>
              <Table.Td>{row.row}</Table.Td>
              <Table.Td>
                {t(`registry.kind.${row.kind}`)} {row.number}
                {row.insurerName ? (
                  <Text fz="xs" c="dimmed">
                    {row.insurerName}
                  </Text>
                ) : null}
                {row.contractValid ? null : (
                  <Text fz="xs" c="red.9">
                    {t("registry.skipped")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{row.programCode}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {formatRuDate(row.startsOn)} – {formatRuDate(row.endsOn)}
              </Table.Td>
              <Table.Td>{row.slot}</Table.Td>
              <Table.Td>{fullName(row)}</Table.Td>
              <Table.Td>{formatRuDate(row.birthDate)}</Table.Td>
              <Table.Td>
                {[row.phone ? formatPhone(row.phone) : null, row.email].filter(Boolean).join(", ")}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface PreviewProps {
  preview: RegistryImport;
  busy: RegistryApplyMode | "discard" | null;
  error: string | null;
  onApply: (mode: RegistryApplyMode) => void;
  onDiscard: () => void;
}

/** A checked file: totals, every error by row and column, the first valid rows, the actions. */
export function RegistryPreview({ preview, busy, error, onApply, onDiscard }: PreviewProps) {
  const { t } = useTranslation("staffRegistry");
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);
  const hasErrors = preview.errorsTotal > 0;
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="registry-preview-title"
    >
      <Stack gap="md">
        <Title order={2} fz="h3" id="registry-preview-title" ref={titleRef} tabIndex={-1}>
          {t("registry.previewTitle", { fileName: preview.fileName })}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md">
          <Total label={t("registry.totals.rows")} value={preview.rowsTotal} />
          <Total label={t("registry.totals.rowsValid")} value={preview.rowsValid} />
          <Total label={t("registry.totals.contracts")} value={preview.contractsTotal} />
          <Total label={t("registry.totals.contractsValid")} value={preview.contractsValid} />
          <Total label={t("registry.totals.errors")} value={preview.errorsTotal} />
        </SimpleGrid>

        {hasErrors ? (
          <Stack gap="xs" component="section" aria-labelledby="registry-errors-title">
            <Title order={3} fz="h4" id="registry-errors-title">
              {t("registry.errorsTitle")}
            </Title>
            <List spacing={4} fz="sm" c="red.9">
              {preview.errors.map((entry) => (
                <List.Item key={`${entry.row}-${entry.column}-${entry.reason}`}>
                  {t("registry.errorLine", entry)}
                </List.Item>
              ))}
            </List>
            {preview.errorsTotal > preview.errors.length ? (
              <Text fz="sm" c="dimmed">
                {t("registry.errorsMore", {
                  shown: preview.errors.length,
                  total: preview.errorsTotal,
                })}
              </Text>
            ) : null}
            <Text fz="sm">{t("registry.validOnlyNote", { count: preview.contractsValid })}</Text>
          </Stack>
        ) : (
          <FormAlert tone="success">{t("registry.noErrors")}</FormAlert>
        )}

        {preview.sample.length > 0 ? (
          <Stack gap="xs">
            <Title order={3} fz="h4">
              {t("registry.sampleTitle")}
            </Title>
            <SampleTable rows={preview.sample} />
          </Stack>
        ) : null}

        {error ? <FormAlert title={t("registry.applyFailed")}>{error}</FormAlert> : null}
        <Group gap="sm">
          <Button onClick={() => onApply("all")} loading={busy === "all"} disabled={busy !== null}>
            {t("registry.apply")}
          </Button>
          {hasErrors ? (
            <Button
              variant="light"
              // The longest label wraps on a phone rather than being cut.
              h="auto"
              mih={36}
              py={8}
              styles={{ label: { whiteSpace: "normal", lineHeight: 1.3, textAlign: "left" } }}
              onClick={() => onApply("valid-only")}
              loading={busy === "valid-only"}
              disabled={busy !== null}
            >
              {t("registry.applyValidOnly")}
            </Button>
          ) : null}
          <Button
            variant="default"
            onClick={onDiscard}
            loading={busy === "discard"}
            disabled={busy !== null}
          >
            {t("registry.discard")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** What an apply wrote. */
export function RegistrySummary({
  applied,
  onAnother,
}: {
  applied: RegistryImport;
  onAnother: () => void;
}) {
  const { t } = useTranslation("staffRegistry");
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);
  const summary = applied.appliedSummary;
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="registry-summary-title"
      role="status"
    >
      <Stack gap="sm" align="flex-start">
        <Title order={2} fz="h3" id="registry-summary-title" ref={titleRef} tabIndex={-1}>
          {t("registry.appliedTitle")}
        </Title>
        {summary ? (
          <>
            <Text>{t("registry.appliedSummary", summary)}</Text>
            <Text>
              {t("registry.appliedRows", {
                applied: summary.rowsApplied,
                skipped: summary.rowsSkipped,
              })}
            </Text>
          </>
        ) : null}
        <Button variant="light" onClick={onAnother}>
          {t("registry.uploadAnother")}
        </Button>
      </Stack>
    </Paper>
  );
}
