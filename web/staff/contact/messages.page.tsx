import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { StaffMessage } from "../../../common/contact/contact-queue.schema.ts";
import { MESSAGE_REPLY_HOURS } from "../../../common/contact/queue-summary.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatFileSize } from "../../../common/format/file-size.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconFile } from "../../ui/icons.tsx";
import {
  attachmentUrl,
  closeMessage,
  messagesKey,
  takeMessage,
  useMessageQueue,
} from "./contact.api.ts";
import classes from "./contact.module.css";
import { QueuePage } from "./queue-page.tsx";
import {
  AssigneeBadge,
  Fact,
  Facts,
  ItemActions,
  QueueBadge,
  TakeFailed,
  useQueueWhich,
  useTake,
  useWorkable,
} from "./queue-ui.tsx";
import { ReplyForm } from "./reply-form.tsx";

/** «Сообщения»: what clients sent from the cabinet, with their files and the replies. */
export function MessagesPage() {
  const [which, setWhich] = useQueueWhich();
  const queue = useMessageQueue(which);
  return (
    <QueuePage
      section="messages"
      which={which}
      onWhichChange={setWhich}
      queue={queue}
      items={queue.data?.messages ?? []}
      queueKey={messagesKey}
      close={closeMessage}
      renderItem={(message, onClose) => (
        <MessageItem key={message.id} message={message} onClose={onClose} />
      )}
    />
  );
}

function MessageItem({ message, onClose }: { message: StaffMessage; onClose: () => void }) {
  const { t } = useTranslation("staffContact");
  const workable = useWorkable();
  const [replying, setReplying] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const take = useTake(() => takeMessage(message.id), messagesKey);
  const open = message.status !== "closed";
  const received = formatMoscowDateTime(message.createdAt);
  const titleId = `message-${message.id}`;
  const repliesId = `message-replies-${message.id}`;
  const attachmentsId = `message-files-${message.id}`;
  const actionFor = (
    <span className="visually-hidden">
      {` — ${t("messages.actionFor", { client: message.clientName, date: received })}`}
    </span>
  );

  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="sm"
      className={message.overdue ? `${classes.item} ${classes.overdue}` : classes.item}
      aria-labelledby={titleId}
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={3} fz="md" id={titleId}>
            {t("messages.heading", { client: message.clientName, date: received })}
          </Title>
          <Group gap="xs">
            {message.overdue ? (
              <QueueBadge tone="red">
                {t("messages.overdue", { hours: MESSAGE_REPLY_HOURS })}
              </QueueBadge>
            ) : null}
            {open ? (
              <AssigneeBadge
                assignedTo={message.assignedTo}
                unassigned={t("messages.status.new")}
              />
            ) : (
              <QueueBadge tone="gray">{t("messages.status.closed")}</QueueBadge>
            )}
          </Group>
        </Group>
        <Facts>
          <Fact term={t("common.contract")}>
            <Anchor component={Link} to={`/staff/contracts/${message.contractId}`}>
              {message.contractNumber}
            </Anchor>
          </Fact>
          <Fact term={t("common.email")}>
            <Anchor href={`mailto:${message.email}`}>{message.email}</Anchor>
          </Fact>
          <Fact term={t("common.phone")}>
            <Anchor href={`tel:${message.clientPhone}`} style={{ whiteSpace: "nowrap" }}>
              {formatPhone(message.clientPhone)}
            </Anchor>
          </Fact>
          <Fact term={t("messages.receivedAt")}>{received}</Fact>
        </Facts>

        <Stack gap={4}>
          <Text fz="sm" c="dimmed">
            {t("messages.text")}
          </Text>
          <Text className={classes.text}>{message.body}</Text>
        </Stack>

        <Stack gap={4}>
          <Text fz="sm" c="dimmed" id={attachmentsId}>
            {t("messages.attachments")}
          </Text>
          {message.attachments.length === 0 ? (
            <Text fz="sm">{t("messages.noAttachments")}</Text>
          ) : (
            <Stack
              component="ul"
              gap={4}
              m={0}
              p={0}
              style={{ listStyle: "none" }}
              aria-labelledby={attachmentsId}
            >
              {message.attachments.map((file) => (
                <li key={file.id}>
                  <Anchor
                    href={attachmentUrl(message.id, file.id)}
                    download
                    style={{ display: "inline-flex", gap: 6, alignItems: "center" }}
                  >
                    <IconFile size={18} aria-hidden="true" style={{ flexShrink: 0 }} />
                    <span style={{ overflowWrap: "anywhere" }}>
                      {t("messages.attachment", {
                        name: file.name,
                        size: formatFileSize(file.sizeBytes),
                      })}
                    </span>
                  </Anchor>
                </li>
              ))}
            </Stack>
          )}
        </Stack>

        <Stack gap={4}>
          <Text fz="sm" c="dimmed" id={repliesId}>
            {t("messages.replies")}
          </Text>
          {message.replies.length === 0 ? (
            <Text fz="sm">{t("messages.noReplies")}</Text>
          ) : (
            <Stack
              component="ol"
              gap="xs"
              m={0}
              p={0}
              style={{ listStyle: "none" }}
              aria-labelledby={repliesId}
            >
              {message.replies.map((reply) => (
                <Paper component="li" key={reply.id} bg="gray.0" radius="sm" p="xs">
                  <Text fz="sm" fw={600}>
                    {t("messages.replyMeta", {
                      author: reply.authorName,
                      date: formatMoscowDateTime(reply.createdAt),
                    })}
                  </Text>
                  <Text className={classes.text}>{reply.body}</Text>
                  <Text fz="xs" c="dimmed">
                    {reply.readByClient ? t("messages.readByClient") : t("messages.unreadByClient")}
                  </Text>
                </Paper>
              ))}
            </Stack>
          )}
        </Stack>

        {sentTo ? (
          <FormAlert tone="success">{t("messages.replySent", { email: sentTo })}</FormAlert>
        ) : null}
        <TakeFailed take={take} />
        {replying ? (
          <ReplyForm
            message={message}
            onCancel={() => setReplying(false)}
            onSent={() => {
              setReplying(false);
              setSentTo(message.email);
            }}
          />
        ) : null}
        {open && workable(message) && !replying ? (
          <ItemActions
            free={message.assignedTo === null}
            take={take}
            onClose={onClose}
            actionFor={actionFor}
          >
            <Button
              size="sm"
              variant="default"
              onClick={() => {
                setSentTo(null);
                setReplying(true);
              }}
            >
              {t("messages.reply")}
              {actionFor}
            </Button>
          </ItemActions>
        ) : null}
      </Stack>
    </Paper>
  );
}
