import { Button, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** «Купить сертификат»: a link to the catalogue of the programs sold online. */
export function BuyCertificateLink({ variant = "filled" }: { variant?: "filled" | "light" }) {
  const { t } = useTranslation("shop");
  return (
    <Button component={Link} to="/shop" variant={variant} style={{ alignSelf: "flex-start" }}>
      {t("buyCertificate")}
    </Button>
  );
}

/** «Главная»'s card: what buying online gives, and the link. */
export function BuyCertificateCard() {
  const { t } = useTranslation("shop");
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="home-shop">
      <Stack gap="xs">
        <Title order={2} fz="h4" id="home-shop">
          {t("home.title")}
        </Title>
        <Text c="dimmed" fz="sm">
          {t("home.text")}
        </Text>
        <BuyCertificateLink variant="light" />
      </Stack>
    </Paper>
  );
}
