import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import type { StaffChat } from "../../../common/chat/chat.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconArrowLeft } from "../../ui/icons.tsx";
import { useLiveListener } from "../../ui/live-events.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import { MedcardButton } from "../medcard/medcard-button.tsx";
import {
  asksReason,
  chatQuery,
  needsReason,
  postReceipt,
  refreshChat,
  takeChat,
  useChatList,
} from "./chat.api.ts";
import classes from "./chat.module.css";
import { ChatStatusBadge, OverdueBadge } from "./chat-ui.tsx";
import { CloseChatDialog } from "./close-chat-dialog.tsx";
import { Composer, useOutbox } from "./composer.tsx";
import { ContextPanel } from "./context-panel.tsx";
import { OfferSlotsDialog } from "./offer-slots-dialog.tsx";
import { ReasonDialog } from "./reason-dialog.tsx";
import { TemplatesButton } from "./templates-dialog.tsx";
import { Thread } from "./thread.tsx";
import { TransferDialog } from "./transfer-dialog.tsx";

/** How long «Клиент печатает…» stays after the last signal (the client's side sends one every few seconds). */
const TYPING_SHOWN_MS = 6000;

/** What «Передать» leaves for the list page to say. */
export interface ChatsNoticeState {
  notice: string;
}

function BackLink() {
  const { t } = useTranslation("staffChat");
  return (
    <Anchor component={Link} to="/staff/chats" fz="sm" className={classes.back}>
      <IconArrowLeft size={16} aria-hidden="true" />
      {t("chat.back")}
    </Anchor>
  );
}

/**
 * One chat as the doctor works it. A closed chat, or another doctor's, opens only after the
 * doctor gives a reason (the server answers 403 without one and audits the read with it).
 */
export function ChatPage() {
  const { id = "" } = useParams();
  // Another chat (an earlier one, from the context) starts afresh: its own reason, its own outbox.
  return <ChatPageFor key={id} id={id} />;
}

function ChatPageFor({ id }: { id: string }) {
  const { t } = useTranslation("staffChat");
  const { t: ts } = useTranslation("staff");
  const navigate = useNavigate();
  const messages = useFallbackMessages();
  const [reason, setReason] = useState<string | null>(null);
  const [asking, setAsking] = useState(true);
  // A link that knew the read needs a reason: ask first, read once, with it.
  const askFirst = asksReason(useLocation().state);
  const chat = useQuery(chatQuery(id, reason, askFirst));

  if (chat.data) return <ChatView chat={chat.data} reason={reason} />;

  const askReason =
    reason === null && ((askFirst && !chat.data) || (chat.isError && needsReason(chat.error)));
  return (
    <Stack gap="lg">
      <title>{`${t("chat.title")} — ${ts("pageTitleSuffix")}`}</title>
      <BackLink />
      <Title order={1}>{t("chat.title")}</Title>
      {chat.isPending && !askReason ? <PageLoader label={t("chat.loading")} /> : null}
      {askReason ? (
        <Stack gap="sm" align="flex-start">
          <FormAlert tone="info" title={t("reason.needed")} w="100%">
            {chat.isError ? describeProblem(chat.error, messages) : t("reason.intro")}
          </FormAlert>
          <Button onClick={() => setAsking(true)}>{t("reason.give")}</Button>
          <ReasonDialog
            opened={asking}
            onCancel={() => setAsking(false)}
            onSubmit={(given) => {
              setAsking(false);
              setReason(given);
            }}
          />
        </Stack>
      ) : null}
      {chat.isError && !askReason ? (
        <Stack gap="sm" align="flex-start">
          <LoadFailed title={t("chat.failed")} query={chat} />
          {reason !== null ? (
            <Button variant="default" onClick={() => navigate("/staff/chats")}>
              {t("chat.back")}
            </Button>
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}

/**
 * «Доставлено» when a client's message reaches the open page while it is in the background,
 * «Прочитано» once the page is in view. Only the doctor who answers the chat marks it.
 */
function useReceipts(chat: StaffChat) {
  const lastClient = chat.messages.findLast((message) => message.author === "client");
  const sent = useRef<Partial<Record<"delivered" | "read", string>>>({});
  const lastId = lastClient?.id;
  const alreadyRead = lastClient?.delivery === "read";
  const alreadyDelivered = lastClient?.delivery !== "sent";
  useEffect(() => {
    if (!lastId || !chat.canReply || alreadyRead) return;
    const post = (state: "delivered" | "read") => {
      if (sent.current[state] === lastId) return;
      sent.current[state] = lastId;
      postReceipt(chat.id, { upToMessageId: lastId, state }).catch(() => {
        sent.current[state] = undefined;
      });
    };
    const onVisibility = () => {
      if (document.visibilityState === "visible") post("read");
    };
    if (document.visibilityState === "visible") post("read");
    else if (!alreadyDelivered) post("delivered");
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, [chat.id, chat.canReply, lastId, alreadyRead, alreadyDelivered]);
}

/** «Клиент печатает…» while the client's typing signals keep coming for this chat. */
function useClientTyping(chatId: string): boolean {
  const [until, setUntil] = useState(0);
  useLiveListener((update) => {
    if (update.payload.conversationId !== chatId) return;
    if (update.type === "chat.typing" && update.payload.side === "client") {
      setUntil(Date.now() + TYPING_SHOWN_MS);
    } else if (update.type === "chat.message" && update.payload.author === "client") {
      setUntil(0);
    }
  });
  useEffect(() => {
    if (until === 0) return;
    const timer = window.setTimeout(() => setUntil(0), Math.max(0, until - Date.now()));
    return () => window.clearTimeout(timer);
  }, [until]);
  return until > 0;
}

function ChatView({ chat, reason }: { chat: StaffChat; reason: string | null }) {
  const { t } = useTranslation("staffChat");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const outbox = useOutbox(chat.id);
  const [text, setText] = useState("");
  const [closing, setClosing] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const [offering, setOffering] = useState(false);
  const [offeredNotice, setOfferedNotice] = useState(false);
  const [closedNotice, setClosedNotice] = useState(false);
  const typing = useClientTyping(chat.id);
  // The target reply time comes with the lists (the chat itself does not carry it).
  const targetMinutes = useChatList("queue").data?.targetReplyMinutes ?? null;
  useReceipts(chat);
  const threadEnd = useRef<HTMLDivElement>(null);
  const count = chat.messages.length + outbox.pending.length;

  // The newest message in view when one arrives or goes out.
  useEffect(() => {
    if (count > 0) threadEnd.current?.scrollIntoView?.({ block: "nearest" });
  }, [count]);

  const take = useMutation({
    mutationFn: () => takeChat(chat.id),
    onSuccess: (taken) => queryClient.setQueryData(chatQuery(chat.id, reason).queryKey, taken),
    onError: (error) => forgetStaffSessionOn401(queryClient, error),
    onSettled: () => refreshChat(queryClient, chat.id),
  });
  const open = chat.status !== "closed";
  const age = chat.personAge === null ? null : t("common.age", { count: chat.personAge });

  return (
    <Stack gap="lg">
      <title>{`${chat.personName} — ${t("chat.title")} — ${ts("pageTitleSuffix")}`}</title>
      <BackLink />
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Title order={1} fz="h2">
            {chat.personName}
            {age ? <Text component="span" inherit fw={400} c="dimmed">{`, ${age}`}</Text> : null}
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
            <dd>
              <Anchor component={Link} to={`/staff/contracts/${chat.contractId}`}>
                {chat.contractNumber}
              </Anchor>
            </dd>
          </div>
          <div>
            <dt>{t("chat.client")}</dt>
            <dd>{chat.clientName}</dd>
          </div>
          <div>
            <dt>{t("chat.started")}</dt>
            <dd>{formatMoscowDateTime(chat.createdAt)}</dd>
          </div>
        </dl>
        <MedcardButton source={{ chatId: chat.id }} />
      </Stack>

      {take.isError ? (
        <FormAlert title={t("common.takeFailed")}>
          {describeProblem(take.error, messages)}
        </FormAlert>
      ) : null}
      {closedNotice ? <FormAlert tone="success">{t("close.done")}</FormAlert> : null}
      {offeredNotice && open ? <FormAlert tone="success">{t("offer.done")}</FormAlert> : null}

      {open && (chat.canTake || chat.canReply) ? (
        <Group gap="sm">
          {chat.canTake ? (
            <Button onClick={() => take.mutate()} loading={take.isPending}>
              {t("common.take")}
            </Button>
          ) : null}
          {chat.canReply && chat.status === "active" ? (
            <>
              <Button
                variant="default"
                onClick={() => {
                  setOfferedNotice(false);
                  setOffering(true);
                }}
              >
                {t("offer.open")}
              </Button>
              <Button variant="default" onClick={() => setTransferring(true)}>
                {t("transfer.open")}
              </Button>
              <Button variant="default" onClick={() => setClosing(true)}>
                {t("close.open")}
              </Button>
            </>
          ) : null}
        </Group>
      ) : null}

      {chat.transfers.length > 0 ? (
        <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="chat-transfers">
          <Title order={2} fz="sm" id="chat-transfers" mb={4}>
            {t("chat.transfers")}
          </Title>
          <ul className={classes.history}>
            {chat.transfers.map((transfer) => (
              <li key={`${transfer.at}-${transfer.to}`}>
                <Text fz="sm" fw={600}>
                  {t("chat.transfer", {
                    from: transfer.from,
                    to: transfer.to,
                    at: formatMoscowDateTime(transfer.at),
                  })}
                </Text>
                <Text fz="sm" className={classes.text}>
                  {transfer.note}
                </Text>
              </li>
            ))}
          </ul>
        </Paper>
      ) : null}

      {chat.conclusion ? (
        <Paper
          withBorder
          radius="lg"
          p="md"
          component="section"
          aria-labelledby="chat-conclusion"
          className={classes.conclusion}
        >
          <Stack gap="xs">
            <Title order={2} fz="h4" id="chat-conclusion">
              {t("conclusion.title")}
            </Title>
            <Text fw={600}>
              {chat.conclusion.specialty
                ? t("conclusion.outcomeWithSpecialty", {
                    outcome: t(`outcome.${chat.conclusion.outcome}`),
                    specialty: chat.conclusion.specialty,
                  })
                : t(`outcome.${chat.conclusion.outcome}`)}
            </Text>
            <Text className={classes.text}>{chat.conclusion.text}</Text>
            <Text fz="sm" c="gray.7">
              {t("conclusion.by", {
                doctor: chat.conclusion.doctorName,
                at: formatMoscowDateTime(chat.conclusion.closedAt),
              })}
            </Text>
            {chat.rating ? (
              <Text fz="sm">
                {chat.rating.comment
                  ? t("conclusion.ratingWithComment", {
                      score: chat.rating.score,
                      comment: chat.rating.comment,
                    })
                  : t("conclusion.rating", { score: chat.rating.score })}
              </Text>
            ) : null}
          </Stack>
        </Paper>
      ) : null}

      <div className={classes.layout}>
        <Paper
          withBorder
          radius="lg"
          p={{ base: "sm", sm: "md" }}
          component="section"
          aria-labelledby="chat-thread-title"
        >
          <Stack gap="sm">
            <Title order={2} fz="h4" id="chat-thread-title">
              {t("thread.title")}
            </Title>
            <div className={classes.scroller}>
              <Thread
                chatId={chat.id}
                reason={reason}
                messages={chat.messages}
                pending={outbox.pending}
                onRetry={outbox.retry}
              />
              <div ref={threadEnd} />
            </div>
            <Text fz="sm" c="gray.7" role="status" aria-live="polite" mih="1.5em">
              {typing ? t("thread.clientTyping") : ""}
            </Text>
            {chat.canReply && open ? (
              <Composer
                chatId={chat.id}
                onSend={outbox.send}
                text={text}
                onTextChange={setText}
                templates={
                  <TemplatesButton
                    onInsert={(body) =>
                      setText((current) => (current ? `${current}\n${body}` : body))
                    }
                  />
                }
              />
            ) : (
              <Text fz="sm" c="dimmed">
                {!open
                  ? t("chat.closedNoReply")
                  : chat.canTake
                    ? t("chat.takeToReply")
                    : t("chat.readOnly")}
              </Text>
            )}
          </Stack>
        </Paper>
        <ContextPanel chatId={chat.id} reason={reason} />
      </div>

      <CloseChatDialog
        chat={chat}
        opened={closing}
        onClose={() => setClosing(false)}
        onClosed={(closed) => {
          queryClient.setQueryData(chatQuery(chat.id, reason).queryKey, closed);
          setClosing(false);
          setClosedNotice(true);
        }}
      />
      <OfferSlotsDialog
        chat={chat}
        opened={offering}
        onClose={() => setOffering(false)}
        onOffered={(message) => {
          queryClient.setQueryData(
            chatQuery(chat.id, reason).queryKey,
            (current: StaffChat | undefined) =>
              current && !current.messages.some((known) => known.id === message.id)
                ? { ...current, messages: [...current.messages, message] }
                : current,
          );
          setOffering(false);
          setOfferedNotice(true);
        }}
      />
      <TransferDialog
        chat={chat}
        opened={transferring}
        onClose={() => setTransferring(false)}
        onTransferred={(to, moved) => {
          // Another doctor's now: kept as answered, not read again without a reason.
          queryClient.setQueryData(chatQuery(chat.id, reason).queryKey, moved);
          setTransferring(false);
          const state: ChatsNoticeState = { notice: t("transfer.done", { name: to.name }) };
          navigate("/staff/chats", { state });
        }}
      />
    </Stack>
  );
}
