import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { appointmentWhen, isLive } from "./appointment-format.ts";
import { cancelAppointment, storeAppointment } from "./appointments.api.ts";
import { ClinicPhone } from "./clinic-phone.tsx";
import { isPaidInApp } from "./paid-visit.tsx";

/**
 * «Отменить» with a confirmation while the clinic's cut-off allows it; after the cut-off, the
 * clinic's phone. A refusal (the cut-off passed meanwhile) shows the server's Russian words.
 */
export function CancelAction({
  appointment,
  onDone,
}: {
  appointment: AppointmentView;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation("appointments");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  // A visit paid in the app is refunded in full when cancelled before the cut-off.
  const paid = isPaidInApp(appointment);
  const cancel = useMutation({
    mutationFn: () => cancelAppointment(appointment.id),
    onSuccess: (cancelled) => {
      setConfirming(false);
      storeAppointment(queryClient, cancelled);
      if (paid) void queryClient.invalidateQueries({ queryKey: ["orders"] });
      onDone(paid ? t("cancel.donePaid") : t("cancel.done"));
    },
    onError: (error) => {
      setConfirming(false);
      forgetSessionOn401(queryClient, error);
      // What the server refused on may have changed (the cut-off passed): read it again.
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
    },
  });

  const error = cancel.error ? (
    <FormAlert title={t("cancel.failedTitle")}>{describeError(cancel.error, tCommon)}</FormAlert>
  ) : null;

  if (!appointment.canCancel) {
    // A live visit past the cut-off: only the clinic can cancel it now.
    if (!isLive(appointment) || !appointment.startsAt) return error;
    const phone = appointment.clinic.phone ?? appointment.clinic.phones[0] ?? null;
    return (
      <Stack gap="xs">
        {error}
        {phone ? (
          <>
            <Text>{t("cancel.byPhone")}</Text>
            <ClinicPhone phone={phone} />
          </>
        ) : (
          <Text>{t("cancel.byPhoneNoNumber")}</Text>
        )}
      </Stack>
    );
  }

  return (
    <>
      {error}
      <Button variant="default" color="red" onClick={() => setConfirming(true)}>
        {t("cancel.button")}
      </Button>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t("cancel.confirmTitle")}
        closeButtonProps={{ "aria-label": t("cancel.close") }}
        centered
      >
        <Stack gap="md">
          <Text>
            {t(paid ? "cancel.confirmPaidText" : "cancel.confirmText", {
              when: appointmentWhen(t, appointment),
            })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t("cancel.keep")}
            </Button>
            <Button color="red.9" loading={cancel.isPending} onClick={() => cancel.mutate()}>
              {t("cancel.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
