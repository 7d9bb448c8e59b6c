import { useTranslation } from "react-i18next";
import type { PersonalDataRequestStatus } from "../../../common/identity/personal-data.schema.ts";
import { type BadgeTone, StatusBadge } from "../../ui/query-states.tsx";

const tones: Record<PersonalDataRequestStatus, BadgeTone> = {
  pending: "yellow",
  approved: "green",
  rejected: "red",
};

/** «На рассмотрении», «Одобрено», «Отклонено». */
export function PersonalDataStatusBadge({ status }: { status: PersonalDataRequestStatus }) {
  const { t } = useTranslation("staffPersonalData");
  return <StatusBadge tone={tones[status]}>{t(`personalData.status.${status}`)}</StatusBadge>;
}
