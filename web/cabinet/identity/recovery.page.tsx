import { useTranslation } from "react-i18next";
import { PendingFeature } from "./pending-feature.tsx";

export function RecoveryPage() {
  const { t } = useTranslation("identity");
  return (
    <PendingFeature
      documentTitle={t("recovery.pageTitle")}
      title={t("recovery.title")}
      note={t("recovery.note")}
    />
  );
}
