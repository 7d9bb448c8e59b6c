import { useTranslation } from "react-i18next";
import { Page } from "../shell/page.tsx";

// Being written this session (H5): «Кто смотрел мои данные».
export function DataReadsPage() {
  const { t } = useTranslation("privacy");
  return (
    <Page documentTitle={t("dataReads.pageTitle")} title={t("dataReads.title")}>
      {null}
    </Page>
  );
}
