import { Anchor, Button, Paper, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CoverageView } from "../../../common/booking/booking.schema.ts";
import type { ChatOfferedSlot } from "../../../common/chat/chat.schema.ts";
import { MOSCOW } from "../../../common/format/date.ts";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { bookOfferedSlot, chatQueryKeys } from "./chat.api.ts";

const dayFormat = new Intl.DateTimeFormat("ru-RU", {
  timeZone: MOSCOW,
  weekday: "short",
  day: "numeric",
  month: "long",
});
const timeFormat = new Intl.DateTimeFormat("ru-RU", {
  timeZone: MOSCOW,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const rubles = new Intl.NumberFormat("ru-RU", {
  style: "currency",
  currency: "RUB",
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

/** «ср, 9 декабря, 10:30» in Moscow. */
export function offeredTime(moment: string): string {
  const date = new Date(moment);
  return `${dayFormat.format(date)}, ${timeFormat.format(date)}`;
}

function coverageText(t: TFunction<"chat">, coverage: CoverageView): string {
  if (coverage.kind !== "paid") return t(`offer.coverage.${coverage.kind}`);
  return t("offer.coverage.paid", {
    company: rubles.format(coverage.companyPriceKopecks / 100),
    clinic: rubles.format(coverage.clinicPriceKopecks / 100),
  });
}

/** One offered time: what, where, what it costs, and the one tap that books it. */
function OfferedSlotItem({
  conversationId,
  personId,
  slot,
}: {
  conversationId: string;
  personId: string;
  slot: ChatOfferedSlot;
}) {
  const { t } = useTranslation("chat");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  // What this tap booked, shown at once (the conversation's refetch says the same).
  const [bookedHere, setBookedHere] = useState<string | null>(null);
  const book = useMutation({
    mutationFn: () => bookOfferedSlot({ slotId: slot.id, personId }),
    onSuccess: (appointment) => {
      setBookedHere(appointment.id);
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
    },
    onError: (error) => forgetSessionOn401(queryClient, error),
    // Taken or not, the thread says how each time stands now.
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: chatQueryKeys.conversation(conversationId) }),
  });
  const when = offeredTime(slot.startsAt);
  const appointmentId = bookedHere ?? (slot.state === "booked" ? slot.appointmentId : null);
  const state = appointmentId ? "booked" : slot.state;

  return (
    <Paper component="li" withBorder radius="md" p="sm" bg="white" style={{ listStyle: "none" }}>
      <Stack gap={6}>
        <Text fw={700}>{t("offer.when", { when })}</Text>
        <Text fz="sm">
          {t("thread.doctorWith", {
            name: slot.doctor.name,
            specialty: slot.doctor.specialty.name,
          })}
        </Text>
        <Text fz="sm" style={{ overflowWrap: "anywhere" }}>
          {slot.clinic.metro
            ? t("offer.clinicWithMetro", {
                name: slot.clinic.name,
                address: slot.clinic.address,
                metro: slot.clinic.metro,
              })
            : t("offer.clinic", { name: slot.clinic.name, address: slot.clinic.address })}
        </Text>
        {state === "free" && slot.coverage ? (
          <Text fz="sm" fw={600} c="rms.8">
            {coverageText(t, slot.coverage)}
          </Text>
        ) : null}
        {state === "booked" && appointmentId ? (
          <Stack gap={2} role="status">
            <Text fz="sm" fw={700} c="rms.8">
              {t("offer.booked", { when })}
            </Text>
            <Anchor component={Link} to={`/cabinet/appointments/${appointmentId}`} fz="sm">
              {t("offer.openAppointment")}
            </Anchor>
          </Stack>
        ) : (
          <Stack gap={4} align="flex-start">
            <Button
              onClick={() => book.mutate()}
              loading={book.isPending}
              disabled={state !== "free"}
              aria-describedby={state !== "free" ? `offer-state-${slot.id}` : undefined}
            >
              {t("offer.book", { when })}
            </Button>
            {state !== "free" ? (
              <Text fz="sm" c="dark.5" id={`offer-state-${slot.id}`}>
                {t(`offer.state.${state}`)}
              </Text>
            ) : null}
            {book.isError ? (
              <Text fz="sm" c="red.8" role="alert">
                {describeError(book.error, tCommon)}
              </Text>
            ) : null}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** The free times a doctor offered in a message, each bookable with one tap. */
export function OfferedSlots({
  conversationId,
  personId,
  slots,
}: {
  conversationId: string;
  personId: string;
  slots: ChatOfferedSlot[];
}) {
  const { t } = useTranslation("chat");
  if (slots.length === 0) return null;
  return (
    <Stack gap={6} component="ul" m={0} p={0} aria-label={t("offer.label")}>
      {slots.map((slot) => (
        <OfferedSlotItem
          key={slot.id}
          conversationId={conversationId}
          personId={personId}
          slot={slot}
        />
      ))}
    </Stack>
  );
}
