import { Button, Container, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { MESSAGE_REPLY_HOURS } from "../../../common/staff/queue-summary.schema.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { useQueueSummary } from "../contact/contact-queries.ts";
import { LoadFailed } from "../contracts/contract-ui.tsx";
import classes from "./overview.module.css";
import { type QueueCounts, useQueueCounts } from "./queue-counts.ts";

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

/** One queue: its counts, each a link to the queue, named with the queue for a screen reader. */
function QueueCard({ queue }: { queue: QueueCounts }) {
  const { t } = useTranslation("staff");
  const titleId = `overview-${queue.queue}-title`;
  const hint =
    queue.queue === "callbacks"
      ? t("overview.overdueHint.callbacks")
      : queue.queue === "messages"
        ? t("overview.overdueHint.messages", { hours: MESSAGE_REPLY_HOURS })
        : null;
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby={titleId}
    >
      <Stack gap="sm">
        <Title order={2} fz="h3" id={titleId}>
          {queue.title}
        </Title>
        <ul className={classes.counts}>
          {queue.counts.map((count) => (
            <li key={count.kind}>
              <Link
                to={queue.path}
                className={`${classes.count} ${count.count > 0 ? classes[count.tone] : classes.zero}`}
                aria-label={t("overview.link", { queue: queue.title, what: count.phrase })}
              >
                <span className={classes.number}>{count.count}</span>
                <span>{count.word}</span>
              </Link>
            </li>
          ))}
        </ul>
        {hint ? (
          <Text fz="sm" c="gray.7">
            {hint}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** What waits in the queues of the signed-in role, and where the contract work starts. */
function QueueCards() {
  const { t } = useTranslation("staff");
  const summary = useQueueSummary();
  const queues = useQueueCounts(summary.data);
  if (summary.isError && !summary.data) {
    return <LoadFailed title={t("overview.failedTitle")} query={summary} />;
  }
  if (!summary.data) return <PageLoader label={t("overview.loading")} />;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: queues.length >= 3 ? 3 : 2 }} spacing="md">
      {queues.map((queue) => (
        <QueueCard key={queue.queue} queue={queue} />
      ))}
    </SimpleGrid>
  );
}

export function OverviewPage() {
  const { t } = useTranslation("staff");
  return (
    <Container size="lg" px={0}>
      <title>{`${t("overview.title")} — ${t("pageTitleSuffix")}`}</title>
      <Stack gap="lg">
        <Title order={1}>{t("overview.title")}</Title>
        <Text c="dimmed">{t("overview.intro")}</Text>
        <QueueCards />
        <ContractsShortcuts />
      </Stack>
    </Container>
  );
}
