import { Box, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { ChatConversation } from "../../../common/chat/chat.schema.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { useChatConversation, useChatOptions } from "./chat.api.ts";
import { useDoctorTyping, useReceipts, useTypingSignal } from "./chat-live.ts";
import { Composer, type Restore } from "./composer.tsx";
import { ConclusionCard, RatingForm } from "./conclusion.tsx";
import { ReplyTime, SafetyNotice } from "./safety-notice.tsx";
import { ThreadMessage, UnsentMessageItem } from "./thread.tsx";
import {
  discardChatMessage,
  forgetArrived,
  retryAllChatMessages,
  retryChatMessage,
  sendChatMessage,
  useOutbox,
} from "./unsent.ts";

/** The history, oldest first, then what is not acknowledged yet, then «Врач печатает…». */
function Thread({
  conversation,
  onEdit,
}: {
  conversation: ChatConversation;
  onEdit: (restore: Restore) => void;
}) {
  const { t } = useTranslation("chat");
  const queryClient = useQueryClient();
  const unsent = useOutbox(conversation.id);
  const known = new Set(conversation.messages.map((message) => message.clientMessageId));
  const pending = unsent.filter((item) => !known.has(item.clientMessageId));
  const lastDoctor = conversation.messages.findLast((message) => message.author === "doctor");
  const typing = useDoctorTyping(conversation.id, lastDoctor?.id ?? null);
  const end = useRef<HTMLDivElement>(null);
  const count = conversation.messages.length + pending.length;
  const seen = useRef(0);

  // A message whose answer was lost on the way back shows up in the history: it arrived.
  useEffect(() => forgetArrived(conversation.id, conversation.messages), [conversation]);

  // A new message (or the first look at a long thread) scrolls to the newest one; a closed
  // conversation scrolls to its «Заключение» instead (ConversationView).
  const closed = conversation.status === "closed";
  useEffect(() => {
    if (count > seen.current && !closed) end.current?.scrollIntoView?.({ block: "nearest" });
    seen.current = count;
  }, [count, closed]);

  const waitingForDoctor =
    conversation.status === "waiting" && !conversation.messages.some((m) => m.author === "doctor");

  return (
    <Stack gap="xs">
      <div role="log" aria-label={t("thread.label")}>
        <Stack gap="xs" component="ol" m={0} p={0}>
          {conversation.messages.map((message) => (
            <ThreadMessage
              key={message.id}
              conversationId={conversation.id}
              personId={conversation.personId}
              message={message}
            />
          ))}
          {pending.map((item) => (
            <UnsentMessageItem
              key={item.clientMessageId}
              item={item}
              onRetry={() => retryChatMessage(queryClient, conversation.id, item.clientMessageId)}
              onEdit={() => {
                const draft = discardChatMessage(conversation.id, item.clientMessageId);
                if (draft) onEdit({ ...draft, key: item.clientMessageId });
              }}
              onDiscard={() => discardChatMessage(conversation.id, item.clientMessageId)}
            />
          ))}
        </Stack>
      </div>
      {conversation.messages.length === 0 && pending.length === 0 ? (
        <Text c="dimmed">{t("thread.empty")}</Text>
      ) : null}
      <Box aria-live="polite" mih={22}>
        {typing && conversation.status !== "closed" ? (
          <Text fz="sm" c="dark.5" fs="italic">
            {t("thread.typing")}
          </Text>
        ) : null}
      </Box>
      {waitingForDoctor ? (
        <Text fz="sm" c="dark.5">
          {t("thread.waiting")}
        </Text>
      ) : null}
      <div ref={end} />
    </Stack>
  );
}

function ConversationView({ conversation }: { conversation: ChatConversation }) {
  const { t } = useTranslation("chat");
  const queryClient = useQueryClient();
  const options = useChatOptions();
  const [restore, setRestore] = useState<Restore | null>(null);
  const onTyping = useTypingSignal(conversation.id);
  useReceipts(conversation);

  // Back online: what failed for want of a connection goes again, under the same ids.
  useEffect(() => {
    const retry = () => retryAllChatMessages(queryClient, conversation.id);
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [queryClient, conversation.id]);

  const closed = conversation.status === "closed";
  const outcome = useRef<HTMLDivElement>(null);
  // Opened closed, or closed while open: what the client came for is the doctor's «Заключение».
  useEffect(() => {
    if (closed) outcome.current?.scrollIntoView?.({ block: "start" });
  }, [closed]);
  return (
    <Stack gap="md">
      <Stack gap={2}>
        <Text fw={600}>
          {t("thread.forPerson", {
            name: conversation.personName,
            number: conversation.contractNumber,
          })}
        </Text>
        {conversation.doctor ? (
          <Text fz="sm" c="dark.5">
            {t("thread.doctorJoined", {
              name: conversation.doctor.specialty
                ? t("thread.doctorWith", {
                    name: conversation.doctor.name,
                    specialty: conversation.doctor.specialty,
                  })
                : conversation.doctor.name,
            })}
          </Text>
        ) : null}
      </Stack>
      <SafetyNotice />
      <Thread conversation={conversation} onEdit={setRestore} />
      {closed ? (
        // Below the sticky header when scrolled to, not under it.
        <Stack gap="md" ref={outcome} style={{ scrollMarginTop: "5rem" }}>
          {conversation.conclusion ? (
            <ConclusionCard
              conclusion={conversation.conclusion}
              personId={conversation.personId}
              recommendedSpecialty={conversation.recommendedSpecialty}
            />
          ) : null}
          <Text c="dark.5">{t("conversation.closedNote")}</Text>
          <RatingForm conversation={conversation} />
        </Stack>
      ) : (
        <Stack gap={4}>
          {conversation.status === "waiting" ? (
            <ReplyTime minutes={options.data?.typicalReplyMinutes ?? null} />
          ) : null}
          <Composer
            restore={restore}
            onTyping={onTyping}
            onSend={({ body, files }) => {
              sendChatMessage(queryClient, conversation.id, body, files);
              return true;
            }}
          />
        </Stack>
      )}
    </Stack>
  );
}

/** One conversation: its history live, the composer while it is open, the conclusion once closed. */
export function ConversationPage() {
  const { t } = useTranslation("chat");
  const { id = "" } = useParams();
  const conversation = useChatConversation(id);
  const back = useBackTo({ to: "/cabinet/chat", label: t("conversation.back") });
  return (
    <Page documentTitle={t("conversation.pageTitle")} title={t("conversation.title")} back={back}>
      <QueryState query={conversation}>
        {(detail) => <ConversationView conversation={detail} />}
      </QueryState>
    </Page>
  );
}
