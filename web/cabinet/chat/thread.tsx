import { Anchor, Box, Button, Group, Image, Stack, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { ChatFile, ChatMessage } from "../../../common/chat/chat.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatFileSize } from "../../../common/format/file-size.ts";
import { ApiError, NetworkError } from "../../ui/api.ts";
import { describeError } from "../../ui/server-errors.ts";
import { chatFileHref } from "./chat.api.ts";
import { OfferedSlots } from "./offered-slots.tsx";
import { canRetry, type OutboxItem } from "./unsent.ts";

/** Images a browser shows by itself; any other file (HEIC among them) is a download. */
const PREVIEWABLE = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

function FileLink({ conversationId, file }: { conversationId: string; file: ChatFile }) {
  const { t } = useTranslation("chat");
  const href = chatFileHref(conversationId, file.id);
  if (PREVIEWABLE.has(file.mediaType)) {
    return (
      <Anchor href={href} target="_blank" rel="noopener" display="block" maw={240}>
        <Image
          src={href}
          alt={t("thread.image", { name: file.name })}
          radius="sm"
          mah={240}
          fit="contain"
          loading="lazy"
          style={{ width: "auto", maxWidth: "100%" }}
        />
      </Anchor>
    );
  }
  return (
    <Anchor href={href} download={file.name} fz="sm" style={{ overflowWrap: "anywhere" }}>
      {t("thread.download", { name: file.name, size: formatFileSize(file.sizeBytes) })}
    </Anchor>
  );
}

// The page itself is gray.0: the doctor's side is a white card on it, the client's a tinted one.
const bubble = {
  own: { bg: "rms.0", align: "flex-end", border: "none" },
  other: { bg: "white", align: "flex-start", border: "1px solid var(--mantine-color-gray-3)" },
} as const;

function Bubble({
  own,
  author,
  meta,
  children,
}: {
  own: boolean;
  author: string;
  meta: React.ReactNode;
  children: React.ReactNode;
}) {
  const look = own ? bubble.own : bubble.other;
  return (
    <Box component="li" style={{ listStyle: "none", display: "flex", justifyContent: look.align }}>
      <Stack
        gap={4}
        px="sm"
        py={8}
        bg={look.bg}
        maw="min(85%, 560px)"
        style={{ borderRadius: 12, minWidth: 0, border: look.border }}
      >
        <Text fz="sm" fw={700}>
          {author}
        </Text>
        {children}
        <Group gap={8} justify="flex-end" wrap="wrap">
          {meta}
        </Group>
      </Stack>
    </Box>
  );
}

/** Plain text as typed: React escapes it, and line breaks stay. */
function Body({ text }: { text: string }) {
  if (text.length === 0) return null;
  return <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{text}</Text>;
}

/** One message of the history: who wrote it and when, its text, its files; the client's own with its mark. */
export function ThreadMessage({
  conversationId,
  personId,
  message,
}: {
  conversationId: string;
  /** The conversation's person: whom an offered time books for. */
  personId: string;
  message: ChatMessage;
}) {
  const { t } = useTranslation("chat");
  const time = t("thread.sentAt", { time: formatMoscowDateTime(message.createdAt) });
  if (message.author === "system") {
    return (
      <Box component="li" style={{ listStyle: "none" }} ta="center" py={4}>
        <Text fz="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
          {message.body} · {time}
        </Text>
      </Box>
    );
  }
  const own = message.author === "client";
  const author = own
    ? t("thread.you")
    : message.authorSpecialty
      ? t("thread.doctorWith", {
          name: message.authorName ?? "",
          specialty: message.authorSpecialty,
        })
      : (message.authorName ?? t("thread.system"));
  return (
    <Bubble
      own={own}
      author={author}
      meta={
        <>
          <Text fz="xs" c="dark.4">
            {time}
          </Text>
          {own ? (
            <Text fz="xs" c={message.delivery === "read" ? "rms.8" : "dark.4"} fw={600}>
              {t(`thread.delivery.${message.delivery}`)}
            </Text>
          ) : null}
        </>
      }
    >
      <Body text={message.body} />
      {message.files.length > 0 ? (
        <Stack gap={6}>
          {message.files.map((file) => (
            <FileLink key={file.id} conversationId={conversationId} file={file} />
          ))}
        </Stack>
      ) : null}
      <OfferedSlots
        conversationId={conversationId}
        personId={personId}
        slots={message.offeredSlots}
      />
    </Bubble>
  );
}

function failureText(item: OutboxItem, t: TFunction<"chat">, tCommon: TFunction<"common">) {
  const failure = item.state.kind === "failed" ? item.state.failure : null;
  if (!failure) return t("thread.savedAfterReload");
  if (failure.error instanceof NetworkError) return t("thread.connectionLost");
  if (failure.error instanceof ApiError && failure.error.status >= 500 && !failure.error.detail) {
    return t("thread.serverFailed");
  }
  return describeError(failure.error, tCommon);
}

/** A message the server has not acknowledged: under way, or «Не отправлено» with «Повторить». */
export function UnsentMessageItem({
  item,
  onRetry,
  onEdit,
  onDiscard,
}: {
  item: OutboxItem;
  onRetry: () => void;
  /** «Изменить»: back into the composer (for a message the server refused as it was). */
  onEdit?: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation("chat");
  const { t: tCommon } = useTranslation("common");
  const sending = item.state.kind === "sending";
  const retryable = item.state.kind === "failed" && (item.state.failure?.retryable ?? true);
  return (
    <Bubble
      own
      author={t("thread.you")}
      meta={
        sending ? (
          <Text fz="xs" c="dark.4" aria-live="polite">
            {t("thread.sending", {
              percent: item.state.kind === "sending" ? item.state.percent : 0,
            })}
          </Text>
        ) : (
          <Text fz="xs" c="#8a1c1c" fw={700}>
            {t("thread.unsent")}
          </Text>
        )
      }
    >
      <Body text={item.body} />
      {item.fileNames.length > 0 && !item.filesLost ? (
        <Text fz="sm" c="dark.5" style={{ overflowWrap: "anywhere" }}>
          {item.fileNames.join(", ")}
        </Text>
      ) : null}
      {item.filesLost ? (
        <Text fz="sm" c="red.8">
          {item.body.trim().length > 0
            ? t("thread.filesLost", { names: item.fileNames.join(", ") })
            : t("thread.filesLostOnly")}
        </Text>
      ) : null}
      {sending ? null : (
        <Stack gap={6}>
          <Text fz="sm" role="alert">
            {failureText(item, t, tCommon)}
          </Text>
          <Group gap="xs" wrap="wrap">
            {retryable && canRetry(item) ? (
              <Button size="compact-md" onClick={onRetry}>
                {t("thread.retry")}
              </Button>
            ) : null}
            {!retryable && onEdit ? (
              <Button size="compact-md" onClick={onEdit}>
                {t("thread.edit")}
              </Button>
            ) : null}
            <Button size="compact-md" variant="default" onClick={onDiscard}>
              {t("thread.discard")}
            </Button>
          </Group>
        </Stack>
      )}
    </Bubble>
  );
}
