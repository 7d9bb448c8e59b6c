import { Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { StaffAppointment } from "../../../common/booking/staff-appointments.schema.ts";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";

/** The visit's time, or for a request its preferred days and time of day. */
export function AppointmentTime({ appointment }: { appointment: StaffAppointment }) {
  const { t } = useTranslation("staffAppointments");
  if (appointment.startsAt) return <>{formatMoscowDateTime(appointment.startsAt)}</>;
  return (
    <Stack gap={2}>
      <Text fz="sm">{t("noTime")}</Text>
      {appointment.request ? (
        <Text fz="xs" c="dimmed">
          {t("requestDays", {
            days: appointment.request.days.map(formatRuDate).join(", "),
          })}
          {`, ${t(`timeOfDay.${appointment.request.timeOfDay}`)}`}
        </Text>
      ) : null}
    </Stack>
  );
}
