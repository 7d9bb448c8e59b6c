import { Button, Group, Progress, Stack, Text, Textarea } from "@mantine/core";
import type { TFunction } from "i18next";
import { type ReactNode, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  chatMessageFieldsSchema,
  MAX_CHAT_FILES,
  MAX_CHAT_MESSAGE_LENGTH,
} from "../../../common/chat/chat.schema.ts";
import { MAX_ATTACHMENTS_BYTES } from "../../../common/contact/contact.schema.ts";
import { AttachFilesButton } from "../../ui/attach-files-button.tsx";
import { ChosenFiles } from "../../ui/chosen-files.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";

/** What «Отправить» hands over: the trimmed text and the files, both checked. */
export interface Draft {
  body: string;
  files: File[];
}

/** A failed message taken back into the composer by «Изменить»; `key` tells one from the next. */
export interface Restore extends Draft {
  key: string;
}

/** The file rules of «Отправить сообщение», with the chat's count: the error, or null. */
export function filesProblem(files: readonly File[], t: TFunction<"chat">): string | null {
  if (files.length > MAX_CHAT_FILES) return t("composer.tooMany", { count: MAX_CHAT_FILES });
  const total = files.reduce((sum, file) => sum + file.size, 0);
  return total > MAX_ATTACHMENTS_BYTES ? t("composer.tooLarge") : null;
}

interface ComposerProps {
  /** Takes the checked draft; resolves true when it was taken (the composer then empties). */
  onSend: (draft: Draft) => boolean | Promise<boolean>;
  /** Called as the client types (the caller throttles what it sends). */
  onTyping?: () => void;
  /** Upload progress of a send the composer waits for (the first message), in percent. */
  progress?: number | null;
  /** Fields above the message, in the same form («Для кого»). */
  before?: ReactNode;
  restore?: Restore | null;
  /** The form's own alert (a failed first message), above the fields. */
  alert?: ReactNode;
}

/** «Сообщение», «Прикрепить файл», «Отправить»: the files checked here before a byte is sent. */
export function Composer({
  onSend,
  onTyping,
  progress = null,
  before,
  restore,
  alert,
}: ComposerProps) {
  const { t } = useTranslation("chat");
  const hintId = useId();
  const [body, setBody] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [bodyError, setBodyError] = useState<string | null>(null);
  const [filesError, setFilesError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!restore) return;
    setBody(restore.body);
    setFiles(restore.files);
    setBodyError(null);
    setFilesError(null);
  }, [restore]);

  function changeFiles(next: File[]) {
    setFiles(next);
    setFilesError(filesProblem(next, t));
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const problem = filesProblem(files, t);
    setFilesError(problem);
    const text = chatMessageFieldsSchema.shape.body.safeParse(body);
    if (!text.success) {
      setBodyError(text.error.issues[0]?.message ?? t("composer.empty"));
      return;
    }
    if (text.data.length === 0 && files.length === 0) {
      setBodyError(t("composer.empty"));
      return;
    }
    setBodyError(null);
    if (problem) return;
    setBusy(true);
    try {
      if (await onSend({ body: text.data, files })) {
        setBody("");
        setFiles([]);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label={t("composer.label")}>
      <Stack gap="sm">
        {alert}
        {before}
        <Textarea
          label={t("composer.message")}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={MAX_CHAT_MESSAGE_LENGTH}
          value={body}
          onChange={(event) => {
            setBody(event.currentTarget.value);
            if (bodyError) setBodyError(null);
            onTyping?.();
          }}
          {...fieldErrorProps(bodyError)}
        />
        <Stack gap={6}>
          <Group gap="sm" justify="space-between" wrap="wrap">
            <AttachFilesButton
              label={t("composer.addFile")}
              hintId={hintId}
              onAdd={(added) => changeFiles([...files, ...added])}
            />
            <Button type="submit" loading={busy || progress !== null}>
              {t("composer.submit")}
            </Button>
          </Group>
          <Text id={hintId} c="dimmed" fz="sm">
            {t("composer.sizeLimit")}
          </Text>
          <ChosenFiles
            files={files}
            label={t("composer.filesLabel")}
            removeLabel={(name) => t("composer.removeFile", { name })}
            onRemove={(index) => changeFiles(files.filter((_, at) => at !== index))}
            compact
          />
          {filesError ? (
            <Text c="red.8" fz="sm" role="alert">
              {filesError}
            </Text>
          ) : null}
        </Stack>
        {progress !== null ? (
          <Progress value={progress} aria-label={t("composer.uploading", { percent: progress })} />
        ) : null}
      </Stack>
    </form>
  );
}
