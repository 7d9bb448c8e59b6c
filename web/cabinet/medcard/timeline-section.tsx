import { Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { MedcardTimelineItem } from "../../../common/medcard/medcard.schema.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconStethoscope } from "../../ui/icons.tsx";
import { moscowDay, shortPersonName } from "./medcard-format.ts";

/** Newest first, whatever order the items came in. */
function newestFirst(items: readonly MedcardTimelineItem[]): MedcardTimelineItem[] {
  return [...items].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/**
 * «Приёмы и консультации»: chat conclusions, telephone and call-back consultations and visits
 * that took place, newest first, each with its date, doctor, clinic and conclusion.
 */
export function TimelineSection({ items }: { items: readonly MedcardTimelineItem[] }) {
  const { t } = useTranslation("medcard");
  if (items.length === 0) {
    return (
      <EmptyState
        order={3}
        icon={<IconStethoscope size={28} />}
        title={t("timeline.emptyTitle")}
        description={t("timeline.emptyText")}
      />
    );
  }
  return (
    <Stack component="ol" gap="sm" m={0} p={0}>
      {newestFirst(items).map((item) => (
        <Paper
          component="li"
          key={item.id}
          withBorder
          radius="md"
          p="md"
          style={{ listStyle: "none" }}
        >
          <Stack gap={4}>
            <Text c="dimmed" fz="sm">
              <time dateTime={item.at}>{moscowDay(item.at)}</time>
            </Text>
            <Title order={3} fz="lg">
              {item.title}
            </Title>
            {item.doctorName ? (
              <Text>{t("timeline.doctor", { name: shortPersonName(item.doctorName) })}</Text>
            ) : null}
            {item.clinicName ? (
              <Text>{t("timeline.clinic", { name: item.clinicName })}</Text>
            ) : null}
            {item.conclusion ? (
              <Stack gap={2} mt={4}>
                <Text fw={600} fz="sm">
                  {t("timeline.conclusion")}
                </Text>
                <Text style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>
                  {item.conclusion}
                </Text>
              </Stack>
            ) : null}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
