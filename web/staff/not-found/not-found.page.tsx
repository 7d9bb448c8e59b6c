import { Anchor, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function StaffNotFoundPage() {
  const { t } = useTranslation("staff");
  return (
    <Stack gap="md" align="flex-start">
      <title>{`${t("notFound.title")} — ${t("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("notFound.title")}</Title>
      <Text c="dimmed">{t("notFound.description")}</Text>
      <Anchor component={Link} to="/staff">
        {t("notFound.home")}
      </Anchor>
    </Stack>
  );
}
