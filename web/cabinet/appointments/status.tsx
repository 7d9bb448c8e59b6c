import { useTranslation } from "react-i18next";
import { type BadgeTone, StatusBadge } from "../../ui/query-states.tsx";
import type { DisplayStatus } from "./appointment-format.ts";

const tones: Record<DisplayStatus, BadgeTone> = {
  requested: "blue",
  awaiting_letter: "yellow",
  confirmed: "green",
  cancelled: "red",
  fulfilled: "gray",
  noshow: "red",
  moved: "gray",
  awaiting_payment: "yellow",
};

/** An appointment's status in the guide's words: «Заявка», «Подтверждена», «Перенесена»… */
export function AppointmentStatus({ status }: { status: DisplayStatus }) {
  const { t } = useTranslation("appointments");
  return <StatusBadge tone={tones[status]}>{t(`status.${status}`)}</StatusBadge>;
}
