import { Anchor, Button, Group, Paper, Stack, Tabs, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import {
  type StaffChatSummary,
  type StaffChatView,
  staffChatViewSchema,
} from "../../../common/chat/chat.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { ListStates } from "../../ui/query-states.tsx";
import { forgetStaffSessionOn401, useSignedInStaff } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import {
  type ChatLinkState,
  chatListKey,
  opensWithReason,
  takeChat,
  useChatList,
} from "./chat.api.ts";
import classes from "./chat.module.css";
import { oldestWaitFirst, useNow } from "./chat-format.ts";
import { ChatStatusBadge, OverdueBadge, WaitingTime } from "./chat-ui.tsx";

const views = staffChatViewSchema.options;

/** What the chat page left to say on coming back here (after «Передать»). */
function noticeOf(state: unknown): string | null {
  if (typeof state !== "object" || state === null || !("notice" in state)) return null;
  return typeof state.notice === "string" ? state.notice : null;
}

/** The tab, kept in the address (`?view=mine`) so a reload stays on it. */
function useView(): [StaffChatView, (view: StaffChatView) => void] {
  const [params, setParams] = useSearchParams();
  const parsed = staffChatViewSchema.safeParse(params.get("view"));
  const view = parsed.success ? parsed.data : "queue";
  return [view, (next) => setParams(next === "queue" ? {} : { view: next })];
}

/** «Чаты»: the queue of clients waiting for a doctor, the doctor's own chats, and all of them. */
export function ChatsPage() {
  const { t } = useTranslation("staffChat");
  const { t: ts } = useTranslation("staff");
  const [view, setView] = useView();
  const list = useChatList(view);
  const notice = noticeOf(useLocation().state);
  const counts = list.data?.counts;
  const chats = list.data?.chats ?? [];
  const shown = view === "queue" ? oldestWaitFirst(chats) : chats;
  const tabLabel = (tab: StaffChatView) => {
    if (!counts || tab === "all") return t(`list.tabs.${tab}`);
    return t("list.tabWithCount", { tab: t(`list.tabs.${tab}`), count: counts[tab] });
  };

  return (
    <Stack gap="lg">
      <title>{`${t("list.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("list.title")}</Title>
      <Text c="dimmed">{t("list.intro")}</Text>

      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}

      <Tabs
        value={view}
        onChange={(next) => {
          const parsed = staffChatViewSchema.safeParse(next);
          if (parsed.success) setView(parsed.data);
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t("list.tabsLabel")}>
          {views.map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {tabLabel(tab)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {views.map((tab) => (
          <Tabs.Panel key={tab} value={tab} pt="md">
            <Paper withBorder radius="lg" p={{ base: "sm", sm: "lg" }}>
              <Stack gap="md">
                {counts && counts.overdue > 0 ? (
                  <FormAlert tone="info" title={t("list.overdueTitle")}>
                    {t("list.overdueSummary", {
                      count: counts.overdue,
                      minutes: list.data?.targetReplyMinutes ?? 15,
                    })}
                  </FormAlert>
                ) : null}
                <Text fz="sm" c="dimmed">
                  {t("list.refreshHint")}
                </Text>
                <ListStates
                  query={list}
                  loading={t("list.loading")}
                  failedTitle={t("list.failedTitle")}
                  empty={t(`list.empty.${tab}`)}
                  isEmpty={shown.length === 0}
                />
                {shown.length > 0 ? (
                  <Stack
                    component="ol"
                    gap="sm"
                    m={0}
                    p={0}
                    style={{ listStyle: "none" }}
                    aria-label={t(`list.tabs.${tab}`)}
                  >
                    {shown.map((chat) => (
                      <ChatItem
                        key={chat.id}
                        chat={chat}
                        targetMinutes={list.data?.targetReplyMinutes ?? 15}
                      />
                    ))}
                  </Stack>
                ) : null}
              </Stack>
            </Paper>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

/** One chat of a list: who, how long they wait, and «Взять в работу» or «Открыть». */
export function ChatItem({
  chat,
  targetMinutes,
}: {
  chat: StaffChatSummary;
  targetMinutes: number;
}) {
  const { t } = useTranslation("staffChat");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const staff = useSignedInStaff();
  const now = useNow();
  const take = useMutation({
    mutationFn: () => takeChat(chat.id),
    onSuccess: () => navigate(`/staff/chats/${chat.id}`),
    onError: (error) => forgetStaffSessionOn401(queryClient, error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatListKey }),
  });
  const titleId = `chat-${chat.id}-title`;
  const linkState: ChatLinkState | undefined = opensWithReason(chat, staff.id)
    ? { askReason: true }
    : undefined;
  const actionFor = (
    <span className="visually-hidden">{` — ${t("list.actionFor", { person: chat.personName })}`}</span>
  );
  const age = chat.personAge === null ? null : t("common.age", { count: chat.personAge });

  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="sm"
      className={chat.overdue ? `${classes.item} ${classes.overdue}` : classes.item}
      aria-labelledby={titleId}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
          <Title order={2} fz="md" id={titleId}>
            <Anchor component={Link} to={`/staff/chats/${chat.id}`} state={linkState}>
              {chat.personName}
            </Anchor>
            {age ? <Text component="span" fw={400} c="dimmed">{`, ${age}`}</Text> : null}
          </Title>
          <Group gap="xs">
            {chat.overdue ? <OverdueBadge minutes={targetMinutes} /> : null}
            <ChatStatusBadge status={chat.status} doctor={chat.doctor} />
          </Group>
        </Group>
        <dl className={classes.facts}>
          <div>
            <dt>{t("common.program")}</dt>
            <dd>{chat.programName}</dd>
          </div>
          <div>
            <dt>{t("common.contract")}</dt>
            <dd>{chat.contractNumber}</dd>
          </div>
          <div>
            <dt>{t("list.waiting")}</dt>
            <dd>
              {chat.waitingSince ? (
                <WaitingTime since={chat.waitingSince} now={now} />
              ) : (
                t("list.notWaiting")
              )}
            </dd>
          </div>
          <div>
            <dt>{t("list.lastMessage")}</dt>
            <dd>{formatMoscowDateTime(chat.lastMessageAt)}</dd>
          </div>
        </dl>
        {chat.lastMessagePreview ? (
          <Text fz="sm" className={classes.preview}>
            {chat.lastMessagePreview}
          </Text>
        ) : null}
        {chat.unread > 0 ? (
          <Text fz="sm" fw={600}>
            {t("list.unread", { count: chat.unread })}
          </Text>
        ) : null}
        {take.isError ? (
          <FormAlert title={t("common.takeFailed")}>
            {describeProblem(take.error, messages)}
          </FormAlert>
        ) : null}
        <Group gap="sm">
          {chat.status === "waiting" && staff.role === "doctor" ? (
            <Button size="sm" onClick={() => take.mutate()} loading={take.isPending}>
              {t("common.take")}
              {actionFor}
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="default"
            component={Link}
            to={`/staff/chats/${chat.id}`}
            state={linkState}
          >
            {t("list.open")}
            {actionFor}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
