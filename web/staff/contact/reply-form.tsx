import { Button, Group, Stack, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  replyRequestSchema,
  type StaffMessage,
} from "../../../common/contact/contact-queue.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { messagesKey, refreshAfter, replyToMessage } from "./contact.api.ts";

/**
 * «Ответ» under a message: it joins the client's thread and is e-mailed to the address the client
 * gave. Replying to a new message takes it into work.
 */
export function ReplyForm({
  message,
  onCancel,
  onSent,
}: {
  message: StaffMessage;
  onCancel: () => void;
  onSent: () => void;
}) {
  const { t } = useTranslation("staffContact");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const fieldId = `reply-${message.id}`;

  // «Ответить» gives way to the form: the cursor goes where the reply is typed.
  useEffect(() => document.getElementById(fieldId)?.focus(), [fieldId]);

  const send = useMutation({
    mutationFn: (text: string) => replyToMessage(message.id, text),
    onSettled: (_data, error) => refreshAfter(queryClient, messagesKey, error),
  });

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFieldError(null);
    setFormError(null);
    const parsed = replyRequestSchema.safeParse({ body });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? null);
      document.getElementById(fieldId)?.focus();
      return;
    }
    try {
      await send.mutateAsync(parsed.data.body);
      setBody("");
      onSent();
    } catch (error) {
      setFormError(
        placeProblem(
          error,
          ["body"] as const,
          (_name, text, focus) => {
            setFieldError(text);
            if (focus) document.getElementById(fieldId)?.focus();
          },
          messages,
        ),
      );
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        {formError ? <FormAlert title={t("messages.replyFailed")}>{formError}</FormAlert> : null}
        <Textarea
          id={fieldId}
          label={t("messages.replyLabel")}
          description={t("messages.replyHint", { email: message.email })}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          {...fieldErrorProps(fieldError)}
          autosize
          minRows={3}
          maxRows={12}
        />
        <Group gap="sm">
          <Button type="submit" loading={send.isPending}>
            {t("messages.replySubmit")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
