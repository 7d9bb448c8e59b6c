import { useTranslation } from "react-i18next";
import { Page } from "../shell/page.tsx";
import { ActiveSessions } from "./active-sessions.tsx";
import { ChangePasswordForm } from "./change-password-form.tsx";

/** «Профиль» → «Безопасность»: the password and the devices signed in to the cabinet. */
export function SecurityPage() {
  const { t } = useTranslation("cabinet");
  return (
    <Page
      documentTitle={t("security.pageTitle")}
      title={t("security.title")}
      back={{ to: "/cabinet/profile", label: t("profile.title") }}
    >
      <ChangePasswordForm />
      <ActiveSessions />
    </Page>
  );
}
