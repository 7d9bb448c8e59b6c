import { Accordion, Anchor, Group, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearchParams } from "react-router";
import type { ClientMessage } from "../../../common/contact/contact.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatFileSize } from "../../../common/format/file-size.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconInbox } from "../../ui/icons.tsx";
import { useContractTitle } from "../contracts/contract-parent.ts";
import { useContracts } from "../contracts/contracts.api.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { InkBadge } from "../contracts/status-badge.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { CallbackCard } from "./callback-card.tsx";
import {
  attachmentHref,
  markThreadRead,
  messagesQueryKey,
  useCallbacks,
  useMessages,
} from "./contact.api.ts";
import type { MessageSentState } from "./message.page.tsx";

function sentState(state: unknown): MessageSentState | null {
  return typeof state === "object" && state !== null && "sentTo" in state
    ? (state as MessageSentState)
    : null;
}

/** One message with its files and, under it, the replies of the company. */
function Thread({ message }: { message: ClientMessage }) {
  const { t } = useTranslation("contact");
  return (
    <Stack gap="sm">
      <Text style={{ whiteSpace: "pre-wrap" }}>{message.body}</Text>
      {message.attachments.length > 0 ? (
        <Stack gap={4}>
          <Text fw={600} fz="sm">
            {t("messages.files")}
          </Text>
          {message.attachments.map((file) => (
            <Anchor key={file.id} href={attachmentHref(message.id, file.id)} download={file.name}>
              {file.name} ({formatFileSize(file.sizeBytes)})
            </Anchor>
          ))}
        </Stack>
      ) : null}
      {message.replies.length === 0 ? (
        <Text c="dimmed">{t("messages.noReply", { email: message.email })}</Text>
      ) : (
        message.replies.map((reply) => (
          <Stack
            key={reply.id}
            gap={4}
            p="sm"
            bg="gray.0"
            style={{ borderLeft: "3px solid var(--mantine-color-rms-6)", borderRadius: 4 }}
          >
            <Text fz="sm" fw={600}>
              {t("messages.reply", {
                author: reply.authorName,
                date: formatMoscowDateTime(reply.createdAt),
              })}
            </Text>
            <Text style={{ whiteSpace: "pre-wrap" }}>{reply.body}</Text>
          </Stack>
        ))
      )}
    </Stack>
  );
}

/**
 * Where «Переписка» goes back to: where it was opened from («Профиль», «Главная», a contract),
 * else the contract it is filtered by, else «Профиль».
 */
function useMessagesParent(contractId: string | undefined) {
  const { t } = useTranslation("cabinet");
  const contracts = useContracts().data?.contracts;
  const contract = contracts?.find((candidate) => candidate.id === contractId);
  const contractTitle = useContractTitle(contract?.kind);
  // A contract the account does not have (a stale link) has no page to go back to.
  const byContract =
    contractId !== undefined && (contracts === undefined || contract !== undefined);
  return useBackTo(
    byContract
      ? { to: `/cabinet/contracts/${contractId}`, label: contractTitle }
      : { to: "/cabinet/profile", label: t("profile.title") },
  );
}

/** «Переписка»: the client's messages, newest first, each with the replies under it. */
export function MessagesPage() {
  const { t } = useTranslation("contact");
  const queryClient = useQueryClient();
  const location = useLocation();
  const [search] = useSearchParams();
  const contractId = search.get("contract") ?? undefined;
  const messages = useMessages(contractId);
  const callbacks = (useCallbacks().data ?? []).filter(
    (callback) => !contractId || callback.contractId === contractId,
  );
  const sent = sentState(location.state);
  const back = useMessagesParent(contractId);
  const read = useMutation({
    mutationFn: markThreadRead,
    // Every list of messages: the account's and each contract's.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagesQueryKey() }),
    onError: (error) => forgetSessionOn401(queryClient, error),
  });

  const [openId, setOpenId] = useState<string | null>(null);

  // Opening a thread with new replies marks them read.
  function onOpen(id: string | null, list: ClientMessage[]) {
    setOpenId(id);
    const opened = list.find((message) => message.id === id);
    if (opened && opened.unreadReplies > 0) read.mutate(opened.id);
  }

  return (
    <Page documentTitle={t("messages.pageTitle")} title={t("messages.title")} back={back}>
      {sent ? (
        <FormAlert tone="success">{t("message.sent", { email: sent.sentTo })}</FormAlert>
      ) : null}
      <QueryState query={messages}>
        {({ messages: list }) =>
          list.length === 0 ? (
            <EmptyState
              icon={<IconInbox size={28} />}
              title={t("messages.empty")}
              description={t("messages.emptyText")}
            />
          ) : (
            <Stack gap="sm">
              {contractId && list[0] ? (
                <Group justify="space-between" wrap="wrap">
                  <Text fw={600}>
                    {t("messages.contractFilter", { number: list[0].contractNumber })}
                  </Text>
                  <Anchor component={Link} to="/cabinet/messages" state={{ from: back }}>
                    {t("messages.showAll")}
                  </Anchor>
                </Group>
              ) : null}
              <Accordion
                variant="separated"
                radius="lg"
                // Closed items too stand out as cards on the page's grey.
                styles={{
                  item: {
                    backgroundColor: "var(--mantine-color-white)",
                    border: "1px solid var(--mantine-color-gray-3)",
                  },
                }}
                value={openId}
                onChange={(id) => onOpen(id, list)}
              >
                {list.map((message) => (
                  <Accordion.Item key={message.id} value={message.id}>
                    <Accordion.Control>
                      <Stack gap={4}>
                        <Group gap="xs" wrap="wrap">
                          <Text fz="sm" c="dimmed">
                            {t("messages.sentAt", {
                              date: formatMoscowDateTime(message.createdAt),
                              number: message.contractNumber,
                            })}
                          </Text>
                          <InkBadge color={message.status === "closed" ? "gray" : "blue"}>
                            {t(`messages.status.${message.status}`)}
                          </InkBadge>
                          {message.unreadReplies > 0 ? (
                            <InkBadge color="green">
                              {t("messages.unreadCount", { count: message.unreadReplies })}
                            </InkBadge>
                          ) : null}
                        </Group>
                        {/* The opening lines while closed; open, the panel shows the whole text once. */}
                        {openId === message.id ? null : <Text lineClamp={2}>{message.body}</Text>}
                      </Stack>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <Thread message={message} />
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            </Stack>
          )
        }
      </QueryState>
      {callbacks.length > 0 ? (
        <Stack gap="sm" component="section" aria-labelledby="messages-callbacks">
          <Title order={2} fz="h3" id="messages-callbacks">
            {t("messages.callbacks")}
          </Title>
          {callbacks.slice(0, 10).map((callback) => (
            <CallbackCard key={callback.id} callback={callback} />
          ))}
        </Stack>
      ) : null}
    </Page>
  );
}
