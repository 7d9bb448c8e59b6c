import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ChatConversation } from "../../../common/chat/chat.schema.ts";
import { company } from "../../../common/company.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { IconChat, IconPhone } from "../../ui/icons.tsx";
import { StatusBadge } from "../../ui/query-states.tsx";
import { QueryState } from "../contracts/query-state.tsx";
import { useFromHere } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { useChatList, useChatOptions } from "./chat.api.ts";
import { ReplyTime } from "./safety-notice.tsx";

const tone = { waiting: "yellow", active: "blue", closed: "gray" } as const;

function ConversationRow({ conversation }: { conversation: ChatConversation }) {
  const { t } = useTranslation("chat");
  const from = useFromHere(t("title"));
  const when = formatMoscowDateTime(conversation.lastMessageAt);
  const doctor = conversation.doctor
    ? conversation.doctor.specialty
      ? t("thread.doctorWith", {
          name: conversation.doctor.name,
          specialty: conversation.doctor.specialty,
        })
      : conversation.doctor.name
    : null;
  return (
    <Paper component="li" withBorder radius="lg" p="md" style={{ listStyle: "none" }}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Anchor
            component={Link}
            to={`/cabinet/chat/${conversation.id}`}
            state={from}
            fw={700}
            aria-label={t("openChat", {
              name: conversation.personName,
              date: formatMoscowDateTime(conversation.createdAt),
            })}
          >
            {conversation.personName}
          </Anchor>
          <Group gap={6}>
            {conversation.unread > 0 ? (
              <StatusBadge tone="red">{t("unread", { count: conversation.unread })}</StatusBadge>
            ) : null}
            <StatusBadge tone={tone[conversation.status]}>
              {t(`status.${conversation.status}`)}
            </StatusBadge>
          </Group>
        </Group>
        {doctor ? (
          <Text fz="sm" c="dark.5">
            {doctor}
          </Text>
        ) : null}
        {conversation.conclusion ? (
          <Text fz="sm" fw={600}>
            {t("conclusion.listSummary", {
              outcome: t(`conclusion.outcome.${conversation.conclusion.outcome}`),
            })}
          </Text>
        ) : null}
        <Text fz="sm" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
          {conversation.lastMessagePreview}
        </Text>
        <Text fz="xs" c="dark.4">
          {t("lastAt", { date: when })}
        </Text>
      </Stack>
    </Paper>
  );
}

/** Why there is no «Новый чат», and where to turn instead: the медпульт, the contracts. */
function Ineligible() {
  const { t } = useTranslation("chat");
  const phone = company.phones.contactCentre;
  return (
    <EmptyState
      icon={<IconChat size={28} />}
      title={t("ineligible.title")}
      description={
        <>
          {t("ineligible.text")} {t("ineligible.alternatives")}
        </>
      }
    >
      <Group gap="sm" justify="center" wrap="wrap">
        <Button
          component="a"
          href={`tel:${phone.tel}`}
          leftSection={<IconPhone size={20} />}
          aria-label={`${t("ineligible.call")} ${phone.display}`}
          h="auto"
          py="xs"
          maw="100%"
          styles={{ label: { whiteSpace: "normal" } }}
        >
          {t("ineligible.call")} {phone.display.replaceAll(" ", "\u00a0")}
        </Button>
        <Button component={Link} to="/cabinet/contracts" variant="default">
          {t("ineligible.contracts")}
        </Button>
      </Group>
    </EmptyState>
  );
}

function Section({ title, list }: { title: string; list: ChatConversation[] }) {
  if (list.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Title order={2} fz="h4">
        {title}
      </Title>
      <Stack gap="sm" component="ul" m={0} p={0}>
        {list.map((conversation) => (
          <ConversationRow key={conversation.id} conversation={conversation} />
        ))}
      </Stack>
    </Stack>
  );
}

/** «Чат с врачом»: the conversations, open first, and «Новый чат» for whoever may have one. */
export function ChatPage() {
  const { t } = useTranslation("chat");
  const options = useChatOptions();
  const list = useChatList();
  const from = useFromHere(t("title"));
  return (
    <Page documentTitle={t("pageTitle")} title={t("title")}>
      <QueryState query={options}>
        {({ persons, typicalReplyMinutes }) =>
          persons.length === 0 ? (
            <Ineligible />
          ) : (
            <Stack gap={6}>
              <Text>{t("intro")}</Text>
              <ReplyTime minutes={typicalReplyMinutes} />
              <Button
                component={Link}
                to="/cabinet/chat/new"
                state={from}
                leftSection={<IconChat size={20} />}
                mt="xs"
                style={{ alignSelf: "flex-start" }}
              >
                {t("newChat")}
              </Button>
            </Stack>
          )
        }
      </QueryState>
      <QueryState query={list}>
        {(conversations) =>
          conversations.length === 0 ? (
            options.data && options.data.persons.length > 0 ? (
              <Text c="dimmed">{t("none")}</Text>
            ) : null
          ) : (
            <Stack gap="lg">
              <Section
                title={t("open")}
                list={conversations.filter((item) => item.status !== "closed")}
              />
              <Section
                title={t("closed")}
                list={conversations.filter((item) => item.status === "closed")}
              />
            </Stack>
          )
        }
      </QueryState>
    </Page>
  );
}
