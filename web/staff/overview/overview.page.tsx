import { Container, Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconInbox } from "../../ui/icons.tsx";

export function OverviewPage() {
  const { t } = useTranslation("staff");
  return (
    <Container size="lg" px={0}>
      <title>{`${t("overview.title")} — ${t("pageTitleSuffix")}`}</title>
      <Stack gap="lg">
        <Title order={1}>{t("overview.title")}</Title>
        <EmptyState
          icon={<IconInbox size={28} />}
          title={t("overview.emptyTitle")}
          description={t("overview.emptyText")}
        />
      </Stack>
    </Container>
  );
}
