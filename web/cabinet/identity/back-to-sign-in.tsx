import { Button } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** «Вернуться к авторизации»: a link styled as the grey button of the guide. */
export function BackToSignIn() {
  const { t } = useTranslation("identity");
  return (
    <Button component={Link} to="/cabinet/sign-in" variant="default" fullWidth>
      {t("layout.backToSignIn")}
    </Button>
  );
}
