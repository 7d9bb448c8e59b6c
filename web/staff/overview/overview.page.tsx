import { Button, Container, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { MESSAGE_REPLY_HOURS } from "../../../common/contact/queue-summary.schema.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { LoadFailed } from "../../ui/query-states.tsx";
import { AppointmentsOverview } from "../appointments/appointments-overview.tsx";
import { useChatCounts } from "../chat/chat.api.ts";
import { useQueueSummary } from "../contact/contact.api.ts";
import classes from "./overview.module.css";
import { type QueueCounts, useQueueCounts } from "./queue-counts.ts";

/** Where the contract work starts: the search and the replacement queue. */
function ContractsShortcuts() {
  const { t } = useTranslation("staffOverview");
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
          {t("overview.contracts.title")}
        </Title>
        <Text>{t("overview.contracts.text")}</Text>
        <Group gap="sm">
          <Button component={Link} to="/staff/contracts">
            {t("overview.contracts.search")}
          </Button>
          <Button component={Link} to="/staff/replacements" variant="default">
            {t("overview.contracts.replacements")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** One queue: its counts, each a link to the queue, named with the queue for a screen reader. */
function QueueCard({
  queue,
  targetMinutes = null,
}: {
  queue: QueueCounts;
  /** The chats' target reply time, for their card's hint. */
  targetMinutes?: number | null;
}) {
  const { t } = useTranslation("staffOverview");
  const titleId = `overview-${queue.queue}-title`;
  const hint =
    queue.queue === "callbacks"
      ? t("overview.overdueHint.callbacks")
      : queue.queue === "messages"
        ? t("overview.overdueHint.messages", { hours: MESSAGE_REPLY_HOURS })
        : queue.queue === "chats" && targetMinutes !== null
          ? t("overview.overdueHint.chats", { count: targetMinutes })
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
  const { t } = useTranslation("staffOverview");
  const summary = useQueueSummary();
  const chats = useChatCounts();
  const queues = useQueueCounts(summary.data, chats.data?.counts);
  if (summary.isError && !summary.data) {
    return <LoadFailed title={t("overview.failedTitle")} query={summary} />;
  }
  if (!summary.data) return <PageLoader label={t("overview.loading")} />;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: queues.length >= 3 ? 3 : 2 }} spacing="md">
      {queues.map((queue) => (
        <QueueCard
          key={queue.queue}
          queue={queue}
          targetMinutes={chats.data?.targetReplyMinutes ?? null}
        />
      ))}
    </SimpleGrid>
  );
}

export function OverviewPage() {
  const { t } = useTranslation("staffOverview");
  const { t: ts } = useTranslation("staff");
  return (
    <Container size="lg" px={0}>
      <title>{`${t("overview.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Stack gap="lg">
        <Title order={1}>{t("overview.title")}</Title>
        <Text c="dimmed">{t("overview.intro")}</Text>
        <QueueCards />
        <AppointmentsOverview />
        <ContractsShortcuts />
      </Stack>
    </Container>
  );
}
