import { Button, Group, Paper, ScrollArea, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { CoverageView, SlotView } from "../../../common/booking/booking.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import {
  coverageLabel,
  groupSlotsByDay,
  moscowDateTime,
  moscowShortDay,
  moscowTime,
} from "../appointments/appointment-format.ts";
import { formatRubles } from "./booking-format.ts";

/**
 * What the chosen time costs this person, said before «Подтвердить запись»; a «Платно» time has
 * the company's price beside the clinic's own, and the refund rule of the clinic's cut-off.
 */
export function CostNote({
  coverage,
  cutoffHours,
}: {
  coverage: CoverageView;
  cutoffHours: number;
}) {
  const { t } = useTranslation("booking");
  if (coverage.kind === "covered") {
    return (
      <Stack gap={2}>
        <Text fw={700}>{t("cost.covered")}</Text>
        <Text fz="sm">{t("cost.coveredText")}</Text>
      </Stack>
    );
  }
  if (coverage.kind === "guarantee_letter") {
    return (
      <Stack gap={2}>
        <Text fw={700}>{t("cost.guarantee_letter")}</Text>
        <Text fz="sm">{t("cost.guaranteeText")}</Text>
      </Stack>
    );
  }
  return (
    <Stack gap={4}>
      <Text fw={700}>{t("cost.paid")}</Text>
      <Text fz="sm">{t(`cost.reason.${coverage.reason}`)}</Text>
      <Text fw={700} fz="lg">
        {t("cost.paidPrice", { company: formatRubles(coverage.companyPriceKopecks) })}
      </Text>
      <Text c="dimmed" td="line-through">
        {t("cost.clinicPrice", { clinic: formatRubles(coverage.clinicPriceKopecks) })}
      </Text>
      <Text fz="sm">{t("cost.payInApp")}</Text>
      <Text fz="sm" fw={600}>
        {t("cost.refundRule", { hours: cutoffHours })}
      </Text>
    </Stack>
  );
}

/** The days with free times (14 days ahead), the chosen day's times, each with its cost. */
export function TimeStep({
  slots,
  day,
  slotId,
  onDay,
  onSlot,
}: {
  slots: readonly SlotView[];
  day: string | null;
  slotId: string | null;
  onDay: (day: string) => void;
  onSlot: (slot: SlotView) => void;
}) {
  const { t } = useTranslation("booking");
  const { t: tAppointments } = useTranslation("appointments");
  const days = groupSlotsByDay(slots);
  const chosenSlot = slotId ? slots.find((slot) => slot.id === slotId) : undefined;
  const current =
    days.find((candidate) => candidate.key === day) ??
    days.find((candidate) => candidate.slots.some((slot) => slot.id === slotId)) ??
    days[0];
  const daysLabel = useId();
  if (!current) return <Text>{t("time.none")}</Text>;
  const dayName = moscowShortDay(current.firstStartsAt);
  // The doctor's name on each time only when the day has times of several doctors.
  const severalDoctors = new Set(current.slots.map((slot) => slot.doctor.id)).size > 1;
  return (
    <Stack gap="md">
      <Text c="dimmed" fz="sm">
        {t("time.hint")}
      </Text>
      {slotId && !chosenSlot ? <FormAlert tone="info">{t("time.gone")}</FormAlert> : null}
      <Stack gap="xs">
        <Text fw={600} id={daysLabel}>
          {t("time.days")}
        </Text>
        <ScrollArea type="auto" offsetScrollbars>
          <Group gap="xs" wrap="nowrap" role="group" aria-labelledby={daysLabel} pb={4}>
            {days.map((candidate) => (
              <Button
                key={candidate.key}
                variant={candidate.key === current.key ? "filled" : "default"}
                aria-pressed={candidate.key === current.key}
                onClick={() => onDay(candidate.key)}
                style={{ flexShrink: 0 }}
              >
                {moscowShortDay(candidate.firstStartsAt)}
              </Button>
            ))}
          </Group>
        </ScrollArea>
      </Stack>
      <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <legend style={{ fontWeight: 600, marginBottom: 8 }}>
          {t("time.times", { day: dayName })}
        </legend>
        <SimpleGrid cols={{ base: 2, xs: 3, sm: 4 }} spacing="xs">
          {current.slots.map((slot) => {
            const selected = slot.id === slotId;
            const cost = coverageLabel(tAppointments, slot.coverage, true);
            return (
              <Button
                key={slot.id}
                variant={selected ? "filled" : "default"}
                aria-pressed={selected}
                onClick={() => onSlot(slot)}
                h="auto"
                py={6}
                styles={{ label: { flexDirection: "column", whiteSpace: "normal" } }}
                aria-label={t("time.slot", {
                  time: moscowTime(slot.startsAt),
                  doctor: slot.doctor.name,
                  coverage: cost,
                })}
              >
                <span>{moscowTime(slot.startsAt)}</span>
                {severalDoctors ? (
                  <Text component="span" fz="xs" c={selected ? undefined : "dimmed"} lineClamp={2}>
                    {slot.doctor.name}
                  </Text>
                ) : null}
                <Text component="span" fz="xs" c={selected ? undefined : "dimmed"}>
                  {cost}
                </Text>
              </Button>
            );
          })}
        </SimpleGrid>
      </fieldset>
      {chosenSlot ? <ChosenSlot slot={chosenSlot} /> : null}
    </Stack>
  );
}

function ChosenSlot({ slot }: { slot: SlotView }) {
  const { t } = useTranslation("booking");
  const { t: tAppointments } = useTranslation("appointments");
  const titleId = useId();
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Title order={3} fz="h4" id={titleId}>
          {t("cost.title")}
        </Title>
        <Text>
          {t("confirm.summary", {
            when: moscowDateTime(tAppointments, slot.startsAt),
            doctor: `${slot.doctor.name}, ${slot.doctor.specialty.name}`,
          })}
        </Text>
        <Text fz="sm" c="dimmed">
          {slot.service.name}
        </Text>
        <CostNote coverage={slot.coverage} cutoffHours={slot.cancellationCutoffHours} />
      </Stack>
    </Paper>
  );
}
