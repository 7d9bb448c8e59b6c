import { Button, Group, Modal, Paper, Stack, Tabs, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import {
  type MedcardAuthor,
  type MedcardDocument,
  type MedcardEntryKind,
  type MedcardView,
  medcardEntryKindSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { LoadFailed } from "../../ui/query-states.tsx";
import { DocumentForm } from "./document-form.tsx";
import { EntryForm } from "./entry-form.tsx";
import { medcardFileUrl, medcardQuery } from "./medcard.api.ts";

/**
 * The opened card: «Сводка», «Приёмы и консультации», «Документы», with the doctor's «Добавить
 * запись» and «Добавить документ». The opening's answer is shown as it came; the card is read
 * again (audited) only after the doctor adds to it.
 */
export function MedcardDialog({ cardId, onClose }: { cardId: string; onClose: () => void }) {
  const { t } = useTranslation("staffMedcard");
  const card = useQuery({ ...medcardQuery(cardId), staleTime: Number.POSITIVE_INFINITY });
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={t("medcard.dialog.title")}
      closeButtonProps={{ "aria-label": t("medcard.dialog.close") }}
    >
      {card.isPending ? <PageLoader label={t("medcard.dialog.loading")} /> : null}
      {card.isError ? <LoadFailed title={t("medcard.dialog.failedTitle")} query={card} /> : null}
      {card.data ? <CardContent view={card.data} /> : null}
    </Modal>
  );
}

function CardContent({ view }: { view: MedcardView }) {
  const { t } = useTranslation("staffMedcard");
  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Title order={2} fz="h3">
          {view.card.fullName}
        </Title>
        <Text c="dimmed">
          {t("medcard.dialog.birthDate", { date: formatRuDate(view.card.birthDate) })}
          {view.card.subject === "child" ? ` · ${t("medcard.dialog.child")}` : ""}
        </Text>
        <Text fz="sm" c="dimmed">
          {t("medcard.dialog.audited")}
        </Text>
      </Stack>
      <Tabs defaultValue="summary" keepMounted={false}>
        <Tabs.List aria-label={t("medcard.tabs.label")}>
          <Tabs.Tab value="summary">{t("medcard.tabs.summary")}</Tabs.Tab>
          <Tabs.Tab value="timeline">{t("medcard.tabs.timeline")}</Tabs.Tab>
          <Tabs.Tab value="documents">{t("medcard.tabs.documents")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="summary" pt="md">
          <SummaryPanel view={view} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <TimelinePanel view={view} />
        </Tabs.Panel>
        <Tabs.Panel value="documents" pt="md">
          <DocumentsPanel view={view} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function useAuthorLabel() {
  const { t } = useTranslation("staffMedcard");
  return (author: MedcardAuthor): string => {
    if (author.source === "patient") return t("medcard.author.patient");
    if (author.source === "doctor") {
      return author.name
        ? t("medcard.author.doctor", { name: author.name })
        : t("medcard.author.doctorUnnamed");
    }
    return author.name
      ? t("medcard.author.clinic", { name: author.name })
      : t("medcard.author.clinicUnnamed");
  };
}

function SummaryPanel({ view }: { view: MedcardView }) {
  const { t } = useTranslation("staffMedcard");
  const authorLabel = useAuthorLabel();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const kinds: readonly MedcardEntryKind[] = medcardEntryKindSchema.options;
  return (
    <Stack gap="md">
      {added ? (
        <FormAlert tone="success">{t("medcard.entry.added", { text: added })}</FormAlert>
      ) : null}
      {adding ? (
        <EntryForm
          cardId={view.card.id}
          onDone={(entry) => {
            setAdding(false);
            setAdded(entry?.text ?? null);
          }}
        />
      ) : (
        <Group>
          <Button
            onClick={() => {
              setAdded(null);
              setAdding(true);
            }}
          >
            {t("medcard.summary.add")}
          </Button>
        </Group>
      )}
      {kinds.map((kind) => {
        const entries = view.summary.filter((entry) => entry.kind === kind);
        const headingId = `medcard-kind-${kind}`;
        return (
          <section key={kind} aria-labelledby={headingId}>
            <Title order={3} fz="h5" id={headingId} mb={4}>
              {t(`medcard.kinds.${kind}`)}
            </Title>
            {entries.length === 0 ? (
              <Text c="dimmed" fz="sm">
                {t("medcard.summary.empty")}
              </Text>
            ) : (
              <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: "none" }}>
                {entries.map((entry) => (
                  <li key={entry.id}>
                    <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                      {entry.text}
                    </Text>
                    {entry.note ? (
                      <Text fz="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                        {entry.note}
                      </Text>
                    ) : null}
                    <Text fz="xs" c="dimmed">
                      {`${authorLabel(entry.author)} · ${formatMoscowDateTime(entry.updatedAt)}`}
                    </Text>
                  </li>
                ))}
              </Stack>
            )}
          </section>
        );
      })}
    </Stack>
  );
}

function TimelinePanel({ view }: { view: MedcardView }) {
  const { t } = useTranslation("staffMedcard");
  if (view.timeline.length === 0) return <Text c="dimmed">{t("medcard.timeline.empty")}</Text>;
  return (
    <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
      {view.timeline.map((item) => (
        <Paper component="li" key={item.id} withBorder radius="md" p="sm">
          <Stack gap={2}>
            <Group justify="space-between" gap="sm">
              <Text fw={600}>{item.title}</Text>
              <Text fz="sm" c="dimmed">
                {formatMoscowDateTime(item.at)}
              </Text>
            </Group>
            {item.doctorName ? (
              <Text fz="sm">{t("medcard.timeline.doctor", { name: item.doctorName })}</Text>
            ) : null}
            {item.clinicName ? (
              <Text fz="sm">{t("medcard.timeline.clinic", { name: item.clinicName })}</Text>
            ) : null}
            {item.conclusion ? (
              <Text fz="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                <Text component="span" fw={600} inherit>
                  {`${t("medcard.timeline.conclusion")}: `}
                </Text>
                {item.conclusion}
              </Text>
            ) : null}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function useSize() {
  const { t } = useTranslation("staffMedcard");
  const format = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1 });
  return (bytes: number): string =>
    bytes < 1024 * 1024
      ? t("medcard.size.kb", { value: format.format(Math.max(1, Math.round(bytes / 1024))) })
      : t("medcard.size.mb", { value: format.format(bytes / 1024 / 1024) });
}

function useAddedBy() {
  const { t } = useTranslation("staffMedcard");
  return (document: MedcardDocument): string => {
    const { source, name } = document.author;
    if (source === "patient") return t("medcard.documents.addedBy.patient");
    if (source === "doctor") {
      return name
        ? t("medcard.documents.addedBy.doctor", { name })
        : t("medcard.documents.addedBy.doctorUnnamed");
    }
    return name
      ? t("medcard.documents.addedBy.clinic", { name })
      : t("medcard.documents.addedBy.clinicUnnamed");
  };
}

function DocumentsPanel({ view }: { view: MedcardView }) {
  const { t } = useTranslation("staffMedcard");
  const size = useSize();
  const addedBy = useAddedBy();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  return (
    <Stack gap="md">
      {added ? (
        <FormAlert tone="success">{t("medcard.document.added", { title: added })}</FormAlert>
      ) : null}
      {adding ? (
        <DocumentForm
          cardId={view.card.id}
          onDone={(document) => {
            setAdding(false);
            setAdded(document?.title ?? null);
          }}
        />
      ) : (
        <Group>
          <Button
            onClick={() => {
              setAdded(null);
              setAdding(true);
            }}
          >
            {t("medcard.documents.add")}
          </Button>
        </Group>
      )}
      {view.documents.length === 0 ? (
        <Text c="dimmed">{t("medcard.documents.empty")}</Text>
      ) : (
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
          {view.documents.map((document) => (
            <Paper component="li" key={document.id} withBorder radius="md" p="sm">
              <Stack gap={4}>
                <Group justify="space-between" gap="sm">
                  <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                    {document.title}
                  </Text>
                  <Text fz="sm" c="dimmed">
                    {t(`medcard.documents.types.${document.type}`)}
                  </Text>
                </Group>
                <Text fz="sm">
                  {t("medcard.documents.date", { date: formatRuDate(document.documentDate) })}
                </Text>
                <Text fz="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {`${addedBy(document)} · ${t("medcard.documents.file", {
                    name: document.fileName,
                    size: size(document.sizeBytes),
                  })}`}
                </Text>
                <Group gap="xs">
                  <Button
                    component="a"
                    href={medcardFileUrl(view.card.id, document.id, false)}
                    target="_blank"
                    rel="noopener"
                    variant="default"
                    size="xs"
                    aria-label={t("medcard.documents.openLabel", { title: document.title })}
                  >
                    {t("medcard.documents.open")}
                  </Button>
                  <Button
                    component="a"
                    href={medcardFileUrl(view.card.id, document.id, true)}
                    download={document.fileName}
                    variant="default"
                    size="xs"
                    aria-label={t("medcard.documents.downloadLabel", { title: document.title })}
                  >
                    {t("medcard.documents.download")}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
