import { useTranslation } from "react-i18next";
import { formatRuDate } from "../../../common/format/date.ts";
import { StatusBadge } from "../../ui/query-states.tsx";

const statusTone = {
  "not-started": "blue",
  active: "green",
  expired: "gray",
  annulled: "red",
} as const;

export function ContractStatusBadge({ status }: { status: keyof typeof statusTone }) {
  const { t } = useTranslation("staffContracts");
  return <StatusBadge tone={statusTone[status]}>{t(`common.status.${status}`)}</StatusBadge>;
}

const replacementTone = { pending: "yellow", approved: "green", rejected: "red" } as const;

export function ReplacementStatusBadge({ status }: { status: keyof typeof replacementTone }) {
  const { t } = useTranslation("staffContracts");
  return (
    <StatusBadge tone={replacementTone[status]}>
      {t(`common.replacementStatus.${status}`)}
    </StatusBadge>
  );
}

/** «12.01.2019 - 11.01.2020», as the client's cabinet shows a period. */
export function usePeriod() {
  const { t } = useTranslation("staffContracts");
  return (from: string, to: string) =>
    t("common.period", { from: formatRuDate(from), to: formatRuDate(to) });
}
