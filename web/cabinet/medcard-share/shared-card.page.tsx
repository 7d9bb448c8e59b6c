import { useTranslation } from "react-i18next";
import { Page } from "../shell/page.tsx";

// Being written this session (H2): the shared card a doctor opens with the link and its code.
export function SharedCardPage() {
  const { t } = useTranslation("medcardShare");
  return (
    <Page documentTitle={t("pageTitle")} title={t("title")}>
      {null}
    </Page>
  );
}
