import { Button, Container, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { IconArrowLeft } from "../../ui/icons.tsx";
import { CabinetHeader } from "../shell/cabinet-header.tsx";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <title>{t("notFound.pageTitle")}</title>
      <CabinetHeader />
      <Container component="main" size="sm" py={{ base: "xl", sm: 64 }}>
        <Stack align="flex-start" gap="md">
          <Text fw={800} fz={56} c="rms.7" lh={1} aria-hidden="true">
            {t("notFound.code")}
          </Text>
          <Title order={1}>{t("notFound.title")}</Title>
          <Text c="dimmed">{t("notFound.description")}</Text>
          <Button component={Link} to="/" leftSection={<IconArrowLeft size={20} />}>
            {t("notFound.home")}
          </Button>
        </Stack>
      </Container>
    </>
  );
}
