import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  FileButton,
  Group,
  Modal,
  NativeSelect,
  Progress,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { MAX_ATTACHMENTS_BYTES } from "../../../common/contact/contact.schema.ts";
import { formatRuDate, parseRuDate, todayInMoscow } from "../../../common/format/date.ts";
import {
  type MedcardDocumentType,
  medcardDocumentFieldsSchema,
  medcardDocumentTypeSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { ApiError, NetworkError } from "../../ui/api.ts";
import { ChosenFiles } from "../../ui/chosen-files.tsx";
import { formatDateInput } from "../../ui/date-mask.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { IconFile } from "../../ui/icons.tsx";
import { focusFirstInvalid, placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { updateCard, uploadDocument } from "./medcard.api.ts";

/** The types a card's document may have, by content on the server; offered so by the file chooser. */
export const DOCUMENT_MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
const DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
const DOCUMENT_EXTENSION = /\.(pdf|jpe?g|png)$/i;

/** The one file of a document: PDF, JPEG or PNG (by its type or, without one, its name), 25 MB at most. */
export function checkDocumentFile(file: File): "wrongType" | "tooLarge" | null {
  const typeKnown = file.type !== "";
  const allowed = typeKnown
    ? (DOCUMENT_MEDIA_TYPES as readonly string[]).includes(file.type)
    : DOCUMENT_EXTENSION.test(file.name);
  if (!allowed) return "wrongType";
  if (file.size > MAX_ATTACHMENTS_BYTES) return "tooLarge";
  return null;
}

const documentTypes = medcardDocumentTypeSchema.options;
const formFields = ["type", "title", "documentDate"] as const;
const fieldNames = [...formFields, "file"] as const;

function fieldsSchema(messages: { wrongDate: string; futureDate: string }) {
  return z.object({
    type: medcardDocumentTypeSchema,
    title: medcardDocumentFieldsSchema.shape.title,
    // Typed as «дд.мм.гггг», sent as yyyy-mm-dd; a document is dated today at the latest.
    documentDate: z.string().transform((value, context) => {
      const iso = parseRuDate(value);
      if (!iso) {
        context.addIssue({ code: "custom", message: messages.wrongDate });
        return z.NEVER;
      }
      if (iso > todayInMoscow()) {
        context.addIssue({ code: "custom", message: messages.futureDate });
        return z.NEVER;
      }
      return iso;
    }),
  });
}
/** The form's fields as typed and as sent (the date then yyyy-mm-dd). */
type Fields = { type: MedcardDocumentType; title: string; documentDate: string };

/**
 * «Добавить документ»: its type, name and date and one file (PDF, JPG or PNG, within the
 * messages' 25 MB), sent with progress; a refusal is the server's Russian words.
 */
export function DocumentDialog({
  cardId,
  onClose,
  onSaved,
}: {
  cardId: string;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation("medcard");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const fileHintId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const form = useForm<Fields, unknown, Fields>({
    resolver: zodResolver(
      fieldsSchema({
        wrongDate: t("documents.form.wrongDate"),
        futureDate: t("documents.form.futureDate"),
      }),
    ),
    shouldFocusError: false,
    defaultValues: {
      type: "conclusion",
      title: "",
      documentDate: formatRuDate(todayInMoscow()),
    },
  });

  function choose(chosen: File | null) {
    setFile(chosen);
    const problem = chosen ? checkDocumentFile(chosen) : null;
    setFileError(problem ? t(`documents.form.${problem}`) : null);
  }

  const onSubmit = form.handleSubmit(
    async (values) => {
      setFormError(null);
      if (!file) {
        setFileError(t("documents.form.noFile"));
        return;
      }
      if (checkDocumentFile(file)) return;
      const body = new FormData();
      body.append("type", values.type);
      body.append("title", values.title);
      body.append("documentDate", values.documentDate);
      // The fields go first: the server reads them before it streams the file to the storage.
      body.append("file", file, file.name);
      setProgress(0);
      try {
        const added = await uploadDocument(cardId, body, (sent, total) =>
          setProgress(Math.round((sent / total) * 100)),
        );
        updateCard(queryClient, cardId, (view) => ({
          ...view,
          documents: [added, ...view.documents.filter((item) => item.id !== added.id)],
        }));
        onSaved(t("documents.added", { title: added.title }));
      } catch (error) {
        forgetSessionOn401(queryClient, error);
        if (error instanceof NetworkError) {
          setFormError(t("documents.form.connectionLost"));
        } else if (error instanceof ApiError && error.status >= 500 && !error.detail) {
          setFormError(t("documents.form.serverFailed"));
        } else {
          setFormError(
            placeServerErrors(
              error,
              fieldNames,
              (name, message, focus) => {
                if (name === "file") setFileError(message);
                else serverFieldError(form.setError)(name, message, focus);
              },
              tCommon,
            ),
          );
        }
      } finally {
        setProgress(null);
      }
    },
    (invalid) => {
      if (!file) setFileError(t("documents.form.noFile"));
      focusFirstInvalid(invalid, formFields, form.setFocus);
    },
  );

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("documents.form.title")}
      closeButtonProps={{ "aria-label": t("documents.form.close") }}
      centered
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {formError ? (
            <FormAlert title={t("documents.form.failedTitle")}>{formError}</FormAlert>
          ) : null}
          <NativeSelect
            label={t("documents.form.type")}
            data={documentTypes.map((type) => ({
              value: type,
              label: t(`documents.types.${type}`),
            }))}
            required
            {...bindField(form, "type")}
          />
          <TextInput
            label={t("documents.form.name")}
            description={t("documents.form.nameHint")}
            maxLength={200}
            required
            {...bindField(form, "title")}
          />
          <Controller
            control={form.control}
            name="documentDate"
            render={({ field, fieldState }) => (
              <TextInput
                {...field}
                onChange={(event) => field.onChange(formatDateInput(event.currentTarget.value))}
                label={t("documents.form.date")}
                placeholder={t("documents.form.datePlaceholder")}
                inputMode="numeric"
                autoComplete="off"
                maxLength={10}
                required
                {...controlledFieldProps(fieldState)}
              />
            )}
          />
          <Stack gap="xs">
            <FileButton onChange={choose} accept={DOCUMENT_ACCEPT}>
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  leftSection={<IconFile size={18} />}
                  aria-describedby={fileHintId}
                  style={{ alignSelf: "flex-start" }}
                >
                  {t("documents.form.file")}
                </Button>
              )}
            </FileButton>
            <Text id={fileHintId} c="dimmed" fz="sm">
              {t("documents.form.fileHint")}
            </Text>
            <ChosenFiles
              files={file ? [file] : []}
              label={t("documents.form.fileLabel")}
              removeLabel={(name) => t("documents.form.removeFile", { name })}
              onRemove={() => choose(null)}
            />
            {fileError ? (
              <Text c="red.8" fz="sm" role="alert">
                {fileError}
              </Text>
            ) : null}
          </Stack>
          {progress !== null ? (
            <Stack gap={4}>
              <Progress
                value={progress}
                aria-label={t("documents.form.uploading", { percent: progress })}
              />
              <Text fz="sm" aria-live="polite">
                {t("documents.form.uploading", { percent: progress })}
              </Text>
            </Stack>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={progress !== null}>
              {t("documents.form.cancel")}
            </Button>
            <Button type="submit" loading={progress !== null}>
              {t("documents.form.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
