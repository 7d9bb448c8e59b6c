import { useTranslation } from "react-i18next";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconMedcard } from "../../ui/icons.tsx";
import { Page } from "../shell/page.tsx";

export function MedcardPage() {
  const { t } = useTranslation("cabinet");
  return (
    <Page documentTitle={t("medcard.pageTitle")} title={t("medcard.title")}>
      <EmptyState
        icon={<IconMedcard size={28} />}
        title={t("medcard.emptyTitle")}
        description={t("medcard.emptyText")}
      />
    </Page>
  );
}
