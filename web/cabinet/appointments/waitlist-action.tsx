import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { formatCountdown } from "../../ui/use-countdown.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { moscowDateTime } from "./appointment-format.ts";
import {
  acceptWaitlistOffer,
  appointmentsQueryKeys,
  declineWaitlistOffer,
  joinWaitlist,
  leaveWaitlist,
  storeAppointment,
} from "./appointments.api.ts";
import type { MovedState } from "./move-action.tsx";

type Offer = NonNullable<AppointmentView["waitlist"]["offer"]>;

/** Whole seconds until `moment`, ticking once a second until it is reached. */
function useSecondsUntil(moment: string): number {
  const deadline = Date.parse(moment);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= deadline) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [deadline]);
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** An earlier time held for this client: the time, what is left of the 15 minutes, the answers. */
function OfferCard({ appointment, offer }: { appointment: AppointmentView; offer: Offer }) {
  const { t } = useTranslation("appointments");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const titleId = useId();
  const secondsLeft = useSecondsUntil(offer.expiresAt);
  const refresh = () =>
    void queryClient.invalidateQueries({
      queryKey: appointmentsQueryKeys.appointment(appointment.id),
    });
  const accept = useMutation({
    mutationFn: () => acceptWaitlistOffer(offer.id),
    onSuccess: (moved) => {
      storeAppointment(queryClient, moved);
      if (moved.id !== appointment.id) refresh();
      const state: MovedState = { notice: "accepted" };
      navigate(`/cabinet/appointments/${moved.id}`, { state });
    },
    onError: (error) => {
      forgetSessionOn401(queryClient, error);
      refresh();
    },
  });
  const decline = useMutation({
    mutationFn: () => declineWaitlistOffer(offer.id),
    onSuccess: (kept) => storeAppointment(queryClient, kept),
    onError: (error) => forgetSessionOn401(queryClient, error),
  });
  const error = accept.error ?? decline.error;
  const lapsed = accept.error instanceof ApiError && accept.error.status === 409;
  const expired = secondsLeft === 0;

  return (
    <Paper
      withBorder
      radius="lg"
      p="md"
      component="section"
      aria-labelledby={titleId}
      bg="var(--mantine-color-rms-0)"
    >
      <Stack gap="sm">
        <Title order={3} fz="h4" id={titleId}>
          {t("waitlist.offerTitle")}
        </Title>
        <Text fw={600}>
          {t("waitlist.offer", {
            when: moscowDateTime(t, offer.startsAt),
            doctor: offer.doctor.name,
          })}
        </Text>
        {error ? (
          <FormAlert title={t("waitlist.failedTitle")}>
            {lapsed ? t("waitlist.lapsed") : describeError(error, tCommon)}
          </FormAlert>
        ) : null}
        {expired ? (
          <Text>{t("waitlist.offerExpired")}</Text>
        ) : (
          <>
            {/* Read out once when it appears, not every second. */}
            <Text aria-live="off">
              {t("waitlist.offerLeft", { left: formatCountdown(secondsLeft) })}
            </Text>
            {lapsed ? null : (
              <Group gap="sm">
                <Button
                  loading={accept.isPending}
                  disabled={decline.isPending}
                  onClick={() => accept.mutate()}
                >
                  {t("waitlist.accept")}
                </Button>
                <Button
                  variant="default"
                  loading={decline.isPending}
                  disabled={accept.isPending}
                  onClick={() => decline.mutate()}
                >
                  {t("waitlist.decline")}
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** «Сообщить, если освободится раньше», leaving the waitlist, and an offer when one is held. */
export function WaitlistAction({ appointment }: { appointment: AppointmentView }) {
  const { t } = useTranslation("appointments");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const { waitlist } = appointment;
  const change = useMutation({
    mutationFn: (join: boolean) =>
      join ? joinWaitlist(appointment.id) : leaveWaitlist(appointment.id),
    onSuccess: (changed) => storeAppointment(queryClient, changed),
    onError: (error) => forgetSessionOn401(queryClient, error),
  });
  if (waitlist.offer) return <OfferCard appointment={appointment} offer={waitlist.offer} />;
  if (!waitlist.waiting && !waitlist.available) return null;
  return (
    <Stack gap="xs">
      {change.error ? (
        <FormAlert title={t("waitlist.failedTitle")}>
          {describeError(change.error, tCommon)}
        </FormAlert>
      ) : null}
      {waitlist.waiting ? (
        <>
          <Text>{t("waitlist.waiting")}</Text>
          <Button
            variant="default"
            loading={change.isPending}
            onClick={() => change.mutate(false)}
            style={{ alignSelf: "flex-start" }}
          >
            {t("waitlist.leave")}
          </Button>
        </>
      ) : (
        <>
          <Button
            variant="light"
            loading={change.isPending}
            onClick={() => change.mutate(true)}
            // The label is long: on a phone it wraps instead of widening the page.
            h="auto"
            py={8}
            maw="100%"
            styles={{ label: { whiteSpace: "normal", textAlign: "left" } }}
            style={{ alignSelf: "flex-start" }}
          >
            {t("waitlist.join")}
          </Button>
          <Text c="dimmed" fz="sm">
            {t("waitlist.joinHint")}
          </Text>
        </>
      )}
    </Stack>
  );
}
