import { useTranslation } from "react-i18next";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconFile } from "../../ui/icons.tsx";
import { Page } from "../shell/page.tsx";

export function HomePage() {
  const { t } = useTranslation("cabinet");
  return (
    <Page documentTitle={t("home.pageTitle")} title={t("home.title")}>
      <EmptyState
        icon={<IconFile size={28} />}
        title={t("home.emptyTitle")}
        description={t("home.emptyText")}
      />
    </Page>
  );
}
