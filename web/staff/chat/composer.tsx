import { ActionIcon, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useCallback, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { MAX_CHAT_FILES, MAX_CHAT_MESSAGE_LENGTH } from "../../../common/chat/chat.schema.ts";
import { MAX_ATTACHMENTS_BYTES } from "../../../common/contact/contact.schema.ts";
import { formatFileSize } from "../../../common/format/file-size.ts";
import { AttachFilesButton } from "../../ui/attach-files-button.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { IconFile, IconX } from "../../ui/icons.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { randomId } from "../../ui/random-id.ts";
import { forgetStaffSessionOn401 } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import { chatDetailKey, chatListKey, postTyping, sendChatMessage } from "./chat.api.ts";
import type { PendingMessage } from "./thread.tsx";

/** Typing is told to the client at most this often while the doctor types. */
const TYPING_EVERY_MS = 3000;

/**
 * The doctor's outgoing messages: each gets its id in the browser before it goes, so «Повторить»
 * sends the same id again and the server stores it once however many tries it took.
 */
export function useOutbox(chatId: string) {
  const queryClient = useQueryClient();
  const messages = useFallbackMessages();
  const [pending, setPending] = useState<PendingMessage[]>([]);

  const update = (id: string, change: Partial<PendingMessage> | null) =>
    setPending((list) =>
      change === null
        ? list.filter((message) => message.clientMessageId !== id)
        : list.map((message) =>
            message.clientMessageId === id ? { ...message, ...change } : message,
          ),
    );

  const deliver = async (message: PendingMessage) => {
    update(message.clientMessageId, { state: "sending", error: null });
    try {
      await sendChatMessage(chatId, message);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: chatDetailKey(chatId) }),
        queryClient.invalidateQueries({ queryKey: chatListKey }),
      ]);
      update(message.clientMessageId, null);
    } catch (error) {
      forgetStaffSessionOn401(queryClient, error);
      update(message.clientMessageId, { state: "failed", error: describeProblem(error, messages) });
    }
  };

  const send = (body: string, files: File[]) => {
    const message: PendingMessage = {
      clientMessageId: randomId(),
      body,
      files,
      state: "sending",
      error: null,
    };
    setPending((list) => [...list, message]);
    void deliver(message);
  };

  return { pending, send, retry: (message: PendingMessage) => void deliver(message) };
}

/** Calls `postTyping` at most once every few seconds while called on each keystroke. */
function useTypingSignal(chatId: string) {
  const last = useRef(0);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < TYPING_EVERY_MS) return;
    last.current = now;
    // A lost signal is simply not shown: nothing to tell the doctor.
    postTyping(chatId).catch(() => undefined);
  }, [chatId]);
}

/** «Сообщение», «Прикрепить файл», «Отправить», and «Шаблоны ответов» beside them. */
export function Composer({
  chatId,
  onSend,
  text,
  onTextChange,
  templates,
}: {
  chatId: string;
  onSend: (body: string, files: File[]) => void;
  /** The text lives above: a template is inserted into it from outside. */
  text: string;
  onTextChange: (text: string) => void;
  templates: React.ReactNode;
}) {
  const { t } = useTranslation("staffChat");
  const filesHintId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [textError, setTextError] = useState<string | null>(null);
  const [filesError, setFilesError] = useState<string | null>(null);
  const typing = useTypingSignal(chatId);
  const fieldRef = useRef<HTMLTextAreaElement>(null);

  const checkFiles = (next: File[]) => {
    const total = next.reduce((sum, file) => sum + file.size, 0);
    if (next.length > MAX_CHAT_FILES) return t("composer.tooManyFiles", { count: MAX_CHAT_FILES });
    if (total > MAX_ATTACHMENTS_BYTES) return t("composer.filesTooLarge");
    return null;
  };
  const changeFiles = (next: File[]) => {
    setFiles(next);
    setFilesError(checkFiles(next));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = text.trim();
    const tooLong = body.length > MAX_CHAT_MESSAGE_LENGTH;
    if (tooLong || (body === "" && files.length === 0)) {
      setTextError(
        tooLong ? t("composer.tooLong", { count: MAX_CHAT_MESSAGE_LENGTH }) : t("composer.empty"),
      );
      fieldRef.current?.focus();
      return;
    }
    if (checkFiles(files)) return;
    onSend(body, files);
    onTextChange("");
    setFiles([]);
    setTextError(null);
    fieldRef.current?.focus();
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t("composer.label")}>
      <Stack gap="sm">
        <Textarea
          ref={fieldRef}
          label={t("composer.message")}
          autosize
          minRows={3}
          maxRows={10}
          value={text}
          onChange={(event) => {
            onTextChange(event.currentTarget.value);
            if (textError) setTextError(null);
            typing();
          }}
          onKeyDown={(event) => {
            // Ctrl+Enter sends, as in mail; Enter alone is a new line of the message.
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
          }}
          {...fieldErrorProps(textError)}
        />
        {files.length > 0 ? (
          <Stack component="ul" gap={4} m={0} p={0} aria-label={t("composer.chosenFiles")}>
            {files.map((file, index) => (
              <Group
                component="li"
                key={`${file.name}-${file.size}-${file.lastModified}`}
                gap="xs"
                wrap="nowrap"
              >
                <IconFile size={18} aria-hidden="true" />
                <Text fz="sm" style={{ overflowWrap: "anywhere" }}>
                  {t("thread.file", { name: file.name, size: formatFileSize(file.size) })}
                </Text>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  onClick={() => changeFiles(files.filter((_, position) => position !== index))}
                  aria-label={t("composer.removeFile", { name: file.name })}
                >
                  <IconX size={18} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        ) : null}
        {filesError ? (
          <Text fz="sm" c="red.9" role="alert">
            {filesError}
          </Text>
        ) : null}
        <Group gap="sm" justify="space-between" wrap="wrap">
          <Group gap="sm" wrap="wrap">
            <AttachFilesButton
              label={t("composer.attach")}
              hintId={filesHintId}
              onAdd={(added) => changeFiles([...files, ...added])}
            />
            {templates}
          </Group>
          <Button type="submit">{t("composer.send")}</Button>
        </Group>
        <Text id={filesHintId} fz="xs" c="gray.7">
          {t("composer.filesHint", { count: MAX_CHAT_FILES })}
        </Text>
      </Stack>
    </form>
  );
}
