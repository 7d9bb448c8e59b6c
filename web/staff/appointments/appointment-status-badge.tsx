import { useTranslation } from "react-i18next";
import type { StaffAppointment } from "../../../common/booking/staff-appointments.schema.ts";
import { type BadgeTone, StatusBadge } from "../../ui/query-states.tsx";

type AppointmentStatus = StaffAppointment["status"];

const tones: Record<AppointmentStatus, BadgeTone> = {
  requested: "yellow",
  awaiting_letter: "yellow",
  confirmed: "blue",
  cancelled: "gray",
  fulfilled: "green",
  noshow: "red",
  awaiting_payment: "yellow",
};

/** An appointment's status as the guide names it. */
export function AppointmentStatusBadge({ status }: { status: AppointmentStatus }) {
  const { t } = useTranslation("staffAppointments");
  return <StatusBadge tone={tones[status]}>{t(`statuses.${status}`)}</StatusBadge>;
}
