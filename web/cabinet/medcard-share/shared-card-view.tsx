import { Anchor, Box, Group, Image, Paper, Stack, Text, Title } from "@mantine/core";
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import type {
  MedcardAuthor,
  MedcardDocument,
  MedcardEntry,
  MedcardEntryKind,
  MedcardSharedView,
  MedcardTimelineItem,
} from "../../../common/medcard/medcard.schema.ts";
import { IconFile } from "../../ui/icons.tsx";
import { sharedFileUrl } from "./medcard-share.api.ts";

const KINDS: readonly MedcardEntryKind[] = ["allergy", "condition", "medication", "blood_group"];

function entryAuthor(t: TFunction<"medcardShare">, author: MedcardAuthor): string {
  if (author.source === "patient") return t("author.patient");
  if (author.source === "doctor") {
    return author.name ? t("author.doctor", { name: author.name }) : t("author.doctorUnnamed");
  }
  return author.name ? t("author.clinic", { name: author.name }) : t("author.clinicUnnamed");
}

function documentAuthor(t: TFunction<"medcardShare">, author: MedcardAuthor): string {
  if (author.source === "patient") return t("documents.addedBy.patient");
  if (author.source === "doctor") {
    return author.name
      ? t("documents.addedBy.doctor", { name: author.name })
      : t("documents.addedBy.doctorUnnamed");
  }
  return author.name
    ? t("documents.addedBy.clinic", { name: author.name })
    : t("documents.addedBy.clinicUnnamed");
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} fz="h3" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Box>
  );
}

function Summary({ entries }: { entries: MedcardEntry[] }) {
  const { t } = useTranslation("medcardShare");
  if (entries.length === 0) return <Text c="dimmed">{t("summary.empty")}</Text>;
  return (
    <Stack gap="md">
      {KINDS.map((kind) => {
        const ofKind = entries.filter((entry) => entry.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <Paper key={kind} withBorder radius="md" p="md">
            <Title order={3} fz="md" mb="xs">
              {t(`summary.groups.${kind}`)}
            </Title>
            <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
              {ofKind.map((entry) => (
                <li key={entry.id}>
                  <Text fw={600}>{entry.text}</Text>
                  {entry.note ? <Text>{entry.note}</Text> : null}
                  <Text size="sm" c="dimmed">
                    {entryAuthor(t, entry.author)}
                  </Text>
                </li>
              ))}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

function Timeline({ items }: { items: MedcardTimelineItem[] }) {
  const { t } = useTranslation("medcardShare");
  if (items.length === 0) return <Text c="dimmed">{t("timeline.empty")}</Text>;
  return (
    <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
      {items.map((item) => (
        <Paper component="li" key={item.id} withBorder radius="md" p="md">
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {formatMoscowDateTime(item.at)}
            </Text>
            <Title order={3} fz="md">
              {item.title}
            </Title>
            {item.doctorName ? (
              <Text size="sm">{t("timeline.doctor", { name: item.doctorName })}</Text>
            ) : null}
            {item.clinicName ? (
              <Text size="sm">{t("timeline.clinic", { name: item.clinicName })}</Text>
            ) : null}
            {item.conclusion ? (
              <Box mt={4}>
                <Text size="sm" fw={600}>
                  {t("timeline.conclusion")}
                </Text>
                <Text style={{ whiteSpace: "pre-wrap" }}>{item.conclusion}</Text>
              </Box>
            ) : null}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function DocumentItem({ token, document }: { token: string; document: MedcardDocument }) {
  const { t } = useTranslation("medcardShare");
  const inline = sharedFileUrl(token, document.id);
  const isImage = document.mediaType !== "application/pdf";
  return (
    <Paper component="li" withBorder radius="md" p="md">
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <IconFile size={20} aria-hidden="true" />
          <Box>
            <Title order={3} fz="md">
              {document.title}
            </Title>
            <Text size="sm">{t(`documents.types.${document.type}`)}</Text>
            <Text size="sm" c="dimmed">
              {t("documents.date", { date: formatRuDate(document.documentDate) })} ·{" "}
              {documentAuthor(t, document.author)}
            </Text>
          </Box>
        </Group>
        {isImage ? (
          <Image
            src={inline}
            alt={t("documents.preview", { title: document.title })}
            radius="sm"
            // A small scan is shown at its own size, never stretched to the column.
            style={{ alignSelf: "flex-start", width: "auto", maxWidth: "100%", maxHeight: 480 }}
          />
        ) : null}
        <Group gap="md">
          {isImage ? null : (
            <Anchor
              href={inline}
              target="_blank"
              rel="noopener"
              aria-label={t("documents.openNamed", { title: document.title })}
            >
              {t("documents.openPdf")}
            </Anchor>
          )}
          <Anchor
            href={sharedFileUrl(token, document.id, true)}
            download={document.fileName}
            aria-label={t("documents.downloadNamed", { title: document.title })}
          >
            {t("documents.download")}
          </Anchor>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The card as the link shows it: read-only, with the patient's name, until when, and its parts. */
export function SharedCardView({ token, view }: { token: string; view: MedcardSharedView }) {
  const { t } = useTranslation("medcardShare");
  const wholeCard = view.scope === "card";
  return (
    <Stack gap="xl">
      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
        <Stack gap={4}>
          <Text fz="xl" fw={700}>
            {view.card.fullName}
          </Text>
          <Text>{t("card.birthDate", { date: formatRuDate(view.card.birthDate) })}</Text>
          <Text fw={600}>
            {t("card.openUntil", { time: formatMoscowDateTime(view.expiresAt) })}
          </Text>
          <Text size="sm" c="dimmed">
            {wholeCard ? t("card.readOnly") : `${t("card.documentsOnly")} ${t("card.readOnly")}`}
          </Text>
        </Stack>
      </Paper>
      {wholeCard ? (
        <Section id="shared-summary" title={t("sections.summary")}>
          <Summary entries={view.summary} />
        </Section>
      ) : null}
      {wholeCard ? (
        <Section id="shared-timeline" title={t("sections.timeline")}>
          <Timeline items={view.timeline} />
        </Section>
      ) : null}
      <Section id="shared-documents" title={t("sections.documents")}>
        {view.documents.length === 0 ? (
          <Text c="dimmed">{t("documents.empty")}</Text>
        ) : (
          <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
            {view.documents.map((document) => (
              <DocumentItem key={document.id} token={token} document={document} />
            ))}
          </Stack>
        )}
      </Section>
    </Stack>
  );
}
