import { Anchor, Button, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ChatFile, ChatMessage, ChatOfferedSlot } from "../../../common/chat/chat.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatFileSize } from "../../../common/format/file-size.ts";
import { IconFile } from "../../ui/icons.tsx";
import { chatFileUrl } from "./chat.api.ts";
import classes from "./chat.module.css";

/** A message the doctor sent that the server has not stored yet, or that failed to go. */
export interface PendingMessage {
  clientMessageId: string;
  body: string;
  files: File[];
  state: "sending" | "failed";
  /** Why it failed, in the server's words or the console's. */
  error: string | null;
}

// What a browser shows inline; HEIC and the rest go as downloads.
const PREVIEWABLE = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

function Files({
  chatId,
  files,
  reason,
}: {
  chatId: string;
  files: ChatFile[];
  reason: string | null;
}) {
  const { t } = useTranslation("staffChat");
  if (files.length === 0) return null;
  return (
    <ul className={classes.files} aria-label={t("thread.files")}>
      {files.map((file) => {
        const url = chatFileUrl(chatId, file.id, reason);
        const label = t("thread.file", { name: file.name, size: formatFileSize(file.sizeBytes) });
        return (
          <li key={file.id}>
            {PREVIEWABLE.has(file.mediaType) ? (
              <a href={url} target="_blank" rel="noopener" className={classes.image}>
                <img src={url} alt={t("thread.imageAlt", { name: file.name })} loading="lazy" />
                <span className="visually-hidden">{` — ${t("thread.opensInNewTab")}`}</span>
              </a>
            ) : null}
            <Anchor href={url} download={file.name} className={classes.fileLink}>
              <IconFile size={18} aria-hidden="true" style={{ flexShrink: 0 }} />
              <span>{label}</span>
            </Anchor>
          </li>
        );
      })}
    </ul>
  );
}

/** The times offered in a doctor's message, as each stands now for the client. */
function OfferedSlots({ slots }: { slots: ChatOfferedSlot[] }) {
  const { t } = useTranslation("staffChat");
  if (slots.length === 0) return null;
  return (
    <ul className={classes.files} aria-label={t("thread.offered")}>
      {slots.map((slot) => (
        <li key={slot.id}>
          <Text fz="sm">
            {t("thread.offeredSlot", {
              when: formatMoscowDateTime(slot.startsAt),
              doctor: slot.doctor.name,
              specialty: slot.doctor.specialty.name,
              clinic: slot.clinic.name,
              state: t(`thread.offeredState.${slot.state}`),
            })}
          </Text>
        </li>
      ))}
    </ul>
  );
}

function MessageItem({
  chatId,
  message,
  reason,
}: {
  chatId: string;
  message: ChatMessage;
  reason: string | null;
}) {
  const { t } = useTranslation("staffChat");
  const time = formatMoscowDateTime(message.createdAt);
  if (message.author === "system") {
    return (
      <li className={classes.system}>
        <Text fz="sm" className={classes.text}>
          {message.body}
        </Text>
        <Text fz="xs" c="gray.7">
          <time dateTime={message.createdAt}>{time}</time>
        </Text>
      </li>
    );
  }
  const fromDoctor = message.author === "doctor";
  const name = message.authorName ?? t(`thread.author.${message.author}`);
  return (
    <li className={fromDoctor ? `${classes.bubble} ${classes.doctor}` : classes.bubble}>
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Text fz="sm" fw={600}>
          {message.authorSpecialty
            ? t("thread.nameWithSpecialty", { name, specialty: message.authorSpecialty })
            : name}
        </Text>
        <Text fz="xs" c="gray.7">
          <time dateTime={message.createdAt}>{time}</time>
        </Text>
      </Group>
      {message.body ? <Text className={classes.text}>{message.body}</Text> : null}
      <Files chatId={chatId} files={message.files} reason={reason} />
      <OfferedSlots slots={message.offeredSlots} />
      {fromDoctor ? (
        <Text fz="xs" c="gray.7" ta="right">
          {t(`thread.delivery.${message.delivery}`)}
        </Text>
      ) : null}
    </li>
  );
}

function PendingItem({
  message,
  onRetry,
}: {
  message: PendingMessage;
  onRetry: (message: PendingMessage) => void;
}) {
  const { t } = useTranslation("staffChat");
  return (
    <li className={`${classes.bubble} ${classes.doctor}`}>
      {message.body ? <Text className={classes.text}>{message.body}</Text> : null}
      {message.files.length > 0 ? (
        <Text fz="sm">
          {t("thread.pendingFiles", {
            names: message.files.map((file) => file.name).join(", "),
          })}
        </Text>
      ) : null}
      {message.state === "sending" ? (
        <Text fz="xs" c="gray.7" ta="right">
          {t("thread.sending")}
        </Text>
      ) : (
        <Stack gap={4} align="flex-end">
          <Text fz="sm" fw={600} c="red.9" role="alert">
            {message.error ? t("thread.notSentWhy", { why: message.error }) : t("thread.notSent")}
          </Text>
          <Button size="xs" variant="default" onClick={() => onRetry(message)}>
            {t("thread.retry")}
          </Button>
        </Stack>
      )}
    </li>
  );
}

/** The conversation, oldest first, with the doctor's unsent messages at the end. */
export function Thread({
  chatId,
  messages,
  pending,
  onRetry,
  reason,
}: {
  chatId: string;
  /** Why the chat was opened, when it needed a reason: its file downloads carry it too. */
  reason: string | null;
  messages: ChatMessage[];
  pending: PendingMessage[];
  onRetry: (message: PendingMessage) => void;
}) {
  const { t } = useTranslation("staffChat");
  const stored = new Set(messages.map((message) => message.clientMessageId));
  const unsent = pending.filter((message) => !stored.has(message.clientMessageId));
  return (
    <ol className={classes.thread} aria-label={t("thread.label")}>
      {messages.map((message) => (
        <MessageItem key={message.id} chatId={chatId} message={message} reason={reason} />
      ))}
      {unsent.map((message) => (
        <PendingItem key={message.clientMessageId} message={message} onRetry={onRetry} />
      ))}
    </ol>
  );
}
