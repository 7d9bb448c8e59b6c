import { Button, Container, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconInbox } from "../../ui/icons.tsx";

/** Where the contract work starts: the search and the replacement queue. */
function ContractsShortcuts() {
  const { t } = useTranslation("staffContracts");
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="overview-contracts-title"
    >
      <Stack gap="sm" align="flex-start">
        <Title order={2} fz="h3" id="overview-contracts-title">
          {t("overview.title")}
        </Title>
        <Text>{t("overview.text")}</Text>
        <Group gap="sm">
          <Button component={Link} to="/staff/contracts">
            {t("overview.search")}
          </Button>
          <Button component={Link} to="/staff/replacements" variant="default">
            {t("overview.replacements")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function OverviewPage() {
  const { t } = useTranslation("staff");
  return (
    <Container size="lg" px={0}>
      <title>{`${t("overview.title")} — ${t("pageTitleSuffix")}`}</title>
      <Stack gap="lg">
        <Title order={1}>{t("overview.title")}</Title>
        <ContractsShortcuts />
        <EmptyState
          icon={<IconInbox size={28} />}
          title={t("overview.emptyTitle")}
          description={t("overview.emptyText")}
        />
      </Stack>
    </Container>
  );
}
