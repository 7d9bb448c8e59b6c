import { Button, Group, Paper, ScrollArea, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { AppointmentView, SlotView } from "../../../common/booking/booking.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import {
  coverageLabel,
  groupSlotsByDay,
  moscowDateTime,
  moscowShortDay,
  moscowTime,
} from "./appointment-format.ts";
import {
  appointmentsQueryKeys,
  moveAppointment,
  storeAppointment,
  useMoveSlots,
} from "./appointments.api.ts";

/** State handed to the new appointment's page after a move. */
export interface MovedState {
  notice: "moved" | "accepted";
}

/** The days with free times, then the times of the chosen day, then the confirmation. */
function SlotPicker({
  slots,
  chosen,
  onChoose,
}: {
  slots: SlotView[];
  chosen: SlotView | null;
  onChoose: (slot: SlotView) => void;
}) {
  const { t } = useTranslation("appointments");
  const days = groupSlotsByDay(slots);
  const [dayKey, setDayKey] = useState<string | null>(null);
  const day = days.find((candidate) => candidate.key === dayKey) ?? days[0];
  const daysLabel = useId();
  if (!day) return <Text>{t("move.noSlots")}</Text>;
  const dayName = moscowShortDay(day.firstStartsAt);
  return (
    <Stack gap="sm">
      <Text fw={600} id={daysLabel}>
        {t("move.days")}
      </Text>
      <ScrollArea type="auto" offsetScrollbars>
        <Group gap="xs" wrap="nowrap" role="group" aria-labelledby={daysLabel} pb={4}>
          {days.map((candidate) => (
            <Button
              key={candidate.key}
              variant={candidate.key === day.key ? "filled" : "default"}
              aria-pressed={candidate.key === day.key}
              onClick={() => setDayKey(candidate.key)}
              style={{ flexShrink: 0 }}
            >
              {moscowShortDay(candidate.firstStartsAt)}
            </Button>
          ))}
        </Group>
      </ScrollArea>
      <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <legend style={{ fontWeight: 600, marginBottom: 8 }}>
          {t("move.times", { day: dayName })}
        </legend>
        <SimpleGrid cols={{ base: 2, xs: 3, sm: 4 }} spacing="xs">
          {day.slots.map((slot) => {
            const selected = chosen?.id === slot.id;
            return (
              <Button
                key={slot.id}
                variant={selected ? "filled" : "default"}
                aria-pressed={selected}
                onClick={() => onChoose(slot)}
                h="auto"
                py={6}
                styles={{ label: { flexDirection: "column", whiteSpace: "normal" } }}
                aria-label={t("move.slot", {
                  time: moscowTime(slot.startsAt),
                  coverage: coverageLabel(t, slot.coverage, true),
                })}
              >
                <span>{moscowTime(slot.startsAt)}</span>
                <Text component="span" fz="xs" c={selected ? undefined : "dimmed"}>
                  {coverageLabel(t, slot.coverage, true)}
                </Text>
              </Button>
            );
          })}
        </SimpleGrid>
      </fieldset>
    </Stack>
  );
}

/**
 * «Перенести»: a new time of the same doctor (or of the same clinic and specialty) for 14 days;
 * the move holds the new time before releasing the old, so a 409 leaves the old one as it was.
 */
export function MoveAction({ appointment }: { appointment: AppointmentView }) {
  const { t } = useTranslation("appointments");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<SlotView | null>(null);
  const slots = useMoveSlots(appointment, open);
  const titleId = useId();
  const move = useMutation({
    mutationFn: (slot: SlotView) => moveAppointment(appointment.id, slot.id),
    onSuccess: (moved) => {
      storeAppointment(queryClient, moved);
      void queryClient.invalidateQueries({
        queryKey: appointmentsQueryKeys.appointment(appointment.id),
      });
      const state: MovedState = { notice: "moved" };
      navigate(`/cabinet/appointments/${moved.id}`, { state });
    },
    onError: (error) => {
      forgetSessionOn401(queryClient, error);
      setChosen(null);
      void queryClient.invalidateQueries({
        queryKey: appointmentsQueryKeys.moveSlots(appointment.id),
      });
      void queryClient.invalidateQueries({
        queryKey: appointmentsQueryKeys.appointment(appointment.id),
      });
    },
  });
  const { reset } = move;
  // A new choice clears the previous refusal.
  useEffect(() => {
    if (chosen) reset();
  }, [chosen, reset]);

  if (!appointment.canMove) return null;
  if (!open) {
    return (
      <Button variant="light" onClick={() => setOpen(true)}>
        {t("move.button")}
      </Button>
    );
  }

  const whom = appointment.doctor
    ? t("move.sameDoctor", { doctor: appointment.doctor.name })
    : t("move.sameClinic", {
        specialty: appointment.specialty.name,
        clinic: appointment.clinic.name,
      });
  const conflict = move.error instanceof ApiError && move.error.status === 409;

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={titleId} w="100%">
      <Stack gap="md">
        <Title order={2} fz="h4" id={titleId}>
          {t("move.title")}
        </Title>
        <Text c="dimmed" fz="sm">
          {t("move.hint", { whom })}
        </Text>
        {move.error ? (
          <FormAlert title={t("move.failedTitle")}>
            {describeError(move.error, tCommon)}
            {conflict ? ` ${t("move.taken")}` : null}
          </FormAlert>
        ) : null}
        <QueryState query={slots}>
          {(free) => <SlotPicker slots={free} chosen={chosen} onChoose={setChosen} />}
        </QueryState>
        {chosen ? (
          <Stack gap={4} role="status">
            <Text fw={600}>{t("move.chosen", { when: moscowDateTime(t, chosen.startsAt) })}</Text>
            <Text fz="sm">
              {t("move.chosenCoverage", { coverage: coverageLabel(t, chosen.coverage) })}
            </Text>
          </Stack>
        ) : null}
        <Group gap="sm">
          <Button
            disabled={!chosen}
            loading={move.isPending}
            onClick={() => chosen && move.mutate(chosen)}
          >
            {t("move.confirm")}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setOpen(false);
              setChosen(null);
              move.reset();
            }}
          >
            {t("move.close")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
