import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Progress, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import type { z } from "zod";
import {
  MAX_ATTACHMENTS,
  MAX_ATTACHMENTS_BYTES,
  MAX_MESSAGE_LENGTH,
  type MessageFields,
  messageFieldsSchema,
} from "../../../common/contact/contact.schema.ts";
import { AttachFilesButton } from "../../ui/attach-files-button.tsx";
import { ChosenFiles } from "../../ui/chosen-files.tsx";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { placeServerErrors } from "../../ui/server-errors.ts";
import { useContractParent } from "../contracts/contract-parent.ts";
import { useContract } from "../contracts/contracts.api.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { forgetSessionOn401, useSignedInClient } from "../identity/session.ts";
import type { BackTo, FromState } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { messagesQueryKey, sendMessage } from "./contact.api.ts";
import { describeUploadFailure } from "./upload-failure.ts";

type MessageBody = z.output<typeof messageFieldsSchema>;
const fieldNames = ["email", "message", "files"] as const;

export interface MessageSentState extends Partial<FromState> {
  sentTo: string;
}

/** The guide's «Отправить сообщение» form: e-mail, message, files up to 25 MB in all. */
export function MessageForm({ contractId, back }: { contractId: string; back: BackTo }) {
  const { t } = useTranslation("contact");
  const { t: tCommon } = useTranslation("common");
  const client = useSignedInClient();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const filesHintId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [filesError, setFilesError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const formErrorRef = useRef<HTMLDivElement>(null);
  // On a phone the alert sits above a long form, out of sight of the button that was pressed.
  useEffect(() => {
    if (formError) formErrorRef.current?.scrollIntoView({ block: "center" });
  }, [formError]);
  const [progress, setProgress] = useState<number | null>(null);
  const form = useForm<MessageFields, unknown, MessageBody>({
    resolver: zodResolver(messageFieldsSchema),
    defaultValues: { email: client.email, message: "" },
  });
  const { handleSubmit, setError } = form;

  const total = files.reduce((sum, file) => sum + file.size, 0);

  function addFiles(added: File[]) {
    const next = [...files, ...added];
    setFiles(next);
    setFilesError(
      next.length > MAX_ATTACHMENTS
        ? t("message.tooMany", { count: MAX_ATTACHMENTS })
        : next.reduce((sum, file) => sum + file.size, 0) > MAX_ATTACHMENTS_BYTES
          ? t("message.tooLarge")
          : null,
    );
  }

  function removeFile(index: number) {
    const next = files.filter((_, position) => position !== index);
    setFiles(next);
    if (
      next.length <= MAX_ATTACHMENTS &&
      next.reduce((sum, file) => sum + file.size, 0) <= MAX_ATTACHMENTS_BYTES
    ) {
      setFilesError(null);
    }
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    // Checked here before a byte is sent; the server checks again while the body streams.
    if (total > MAX_ATTACHMENTS_BYTES || files.length > MAX_ATTACHMENTS) return;
    const body = new FormData();
    body.append("email", values.email);
    body.append("message", values.message);
    for (const file of files) body.append("files", file, file.name);
    setProgress(0);
    try {
      await sendMessage(contractId, body, (sent, size) =>
        setProgress(Math.round((sent / size) * 100)),
      );
      void queryClient.invalidateQueries({ queryKey: messagesQueryKey() });
      // «Переписка» then goes back where this form would have.
      const state: MessageSentState = { sentTo: values.email, from: back };
      navigate(`/cabinet/messages?contract=${encodeURIComponent(contractId)}`, { state });
    } catch (error) {
      // What was typed and chosen stays on the form: nothing is lost.
      forgetSessionOn401(queryClient, error);
      setFormError(
        describeUploadFailure(error, t) ??
          placeServerErrors(
            error,
            fieldNames,
            (name, message, focus) => {
              if (name === "files") setFilesError(message);
              else setError(name, { type: "server", message }, { shouldFocus: focus });
            },
            tCommon,
          ),
      );
    } finally {
      setProgress(null);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md" maw={560}>
        <Text fw={600}>{t("message.allRequired")}</Text>
        {formError ? (
          <div ref={formErrorRef}>
            <FormAlert title={t("message.failedTitle")}>{formError}</FormAlert>
          </div>
        ) : null}
        <TextInput
          label={t("message.email")}
          description={t("message.emailHint")}
          type="email"
          autoComplete="email"
          required
          {...bindField(form, "email")}
        />
        <Textarea
          label={t("message.message")}
          autosize
          minRows={5}
          maxLength={MAX_MESSAGE_LENGTH}
          required
          {...bindField(form, "message")}
        />
        <Stack gap="xs">
          <AttachFilesButton
            label={t("message.addFile")}
            hintId={filesHintId}
            onAdd={addFiles}
            style={{ alignSelf: "flex-start" }}
          />
          <Text id={filesHintId} c="dimmed" fz="sm">
            {t("message.sizeLimit")}
          </Text>
          <ChosenFiles
            files={files}
            label={t("message.filesLabel")}
            removeLabel={(name) => t("message.removeFile", { name })}
            onRemove={removeFile}
          />
          {filesError ? (
            <Text c="red.8" fz="sm" role="alert">
              {filesError}
            </Text>
          ) : null}
        </Stack>
        {progress !== null ? (
          <Stack gap={4}>
            <Progress value={progress} aria-label={t("message.uploading", { percent: progress })} />
            <Text fz="sm" aria-live="polite">
              {t("message.uploading", { percent: progress })}
            </Text>
          </Stack>
        ) : null}
        <Group gap="sm">
          <Button type="submit" loading={progress !== null}>
            {t("message.submit")}
          </Button>
          <Button component={Link} to={back.to} state={back.state} variant="default">
            {t("message.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** «Отправить сообщение» about one contract. */
export function MessagePage() {
  const { t } = useTranslation("contact");
  const { id = "" } = useParams();
  const contract = useContract(id);
  const back = useContractParent(id, contract.data?.kind);
  return (
    <Page documentTitle={t("message.pageTitle")} title={t("message.title")} back={back}>
      <QueryState query={contract}>
        {(detail) => <MessageForm contractId={detail.id} back={back} />}
      </QueryState>
    </Page>
  );
}
