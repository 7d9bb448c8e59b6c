import { useTranslation } from "react-i18next";
import { PendingFeature } from "./pending-feature.tsx";

export function RegisterPage() {
  const { t } = useTranslation("identity");
  return (
    <PendingFeature
      documentTitle={t("register.pageTitle")}
      title={t("register.title")}
      note={t("register.note")}
    />
  );
}
