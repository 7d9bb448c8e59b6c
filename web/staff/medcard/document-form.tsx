import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Group,
  Input,
  NativeSelect,
  Paper,
  Progress,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { parseRuDate, todayInMoscow } from "../../../common/format/date.ts";
import {
  type MedcardDocument,
  medcardDocumentFieldsSchema,
  medcardDocumentTypeSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { formatDateInput } from "../../ui/date-mask.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { addMedcardDocument, medcardKey } from "./medcard.api.ts";

const fieldNames = ["type", "title", "date", "file"] as const;
const ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png";

interface DocumentValues {
  type: string;
  title: string;
  date: string;
  file: File | null;
}

/**
 * «Добавить документ»: a conclusion, a test result, a referral, a discharge summary (PDF, JPG or
 * PNG), stored on the card under the doctor's name; the server judges the file by its content.
 */
export function DocumentForm({
  cardId,
  onDone,
}: {
  cardId: string;
  onDone: (document: MedcardDocument | null) => void;
}) {
  const { t } = useTranslation("staffMedcard");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const fileId = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const schema = useMemo(
    () =>
      z.object({
        // The select starts on «Выберите…» (an empty value).
        type: z.string().pipe(
          z.enum(medcardDocumentTypeSchema.options, {
            error: t("medcard.document.typeRequired"),
          }),
        ),
        title: medcardDocumentFieldsSchema.shape.title,
        date: z.string().transform((text, context) => {
          const iso = parseRuDate(text);
          if (!iso) {
            context.addIssue({ code: "custom", message: t("medcard.document.dateInvalid") });
            return z.NEVER;
          }
          if (iso > todayInMoscow()) {
            context.addIssue({ code: "custom", message: t("medcard.document.dateFuture") });
            return z.NEVER;
          }
          return iso;
        }),
        file: z
          .instanceof(File)
          .nullable()
          .transform((file, context) => {
            if (file) return file;
            context.addIssue({ code: "custom", message: t("medcard.document.fileRequired") });
            return z.NEVER;
          }),
      }),
    [t],
  );
  const form = useForm<DocumentValues, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    shouldFocusError: false,
    defaultValues: { type: "", title: "", date: "", file: null },
  });
  const save = useMutation({
    mutationFn: (values: z.output<typeof schema>) =>
      addMedcardDocument(
        cardId,
        { type: values.type, title: values.title, documentDate: values.date, file: values.file },
        (sent, total) => setProgress(total > 0 ? Math.round((sent / total) * 100) : null),
      ),
    onSuccess: async (document) => {
      await queryClient.invalidateQueries({ queryKey: medcardKey(cardId) });
      onDone(document);
    },
    onError: (error) =>
      setFormError(
        placeProblem(
          error,
          [...fieldNames, "documentDate"] as const,
          (name, message, focus) =>
            form.setError(
              name === "documentDate" ? "date" : name,
              { type: "server", message },
              { shouldFocus: focus },
            ),
          messages,
        ),
      ),
    onSettled: () => setProgress(null),
  });

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby="medcard-document-title"
    >
      <form
        noValidate
        aria-labelledby="medcard-document-title"
        onSubmit={form.handleSubmit(
          (values) => {
            setFormError(null);
            save.mutate(values);
          },
          (invalid) => focusFirstInvalid(invalid, fieldNames, form.setFocus),
        )}
      >
        <Stack gap="sm">
          <Title order={3} fz="h5" id="medcard-document-title">
            {t("medcard.document.title")}
          </Title>
          {formError ? (
            <FormAlert title={t("medcard.document.failedTitle")}>{formError}</FormAlert>
          ) : null}
          <NativeSelect
            label={t("medcard.document.type")}
            data={[
              { value: "", label: t("medcard.document.choose") },
              ...medcardDocumentTypeSchema.options.map((value) => ({
                value,
                label: t(`medcard.documents.types.${value}`),
              })),
            ]}
            {...bindField(form, "type")}
          />
          <TextInput
            label={t("medcard.document.name")}
            description={t("medcard.document.nameHint")}
            {...bindField(form, "title")}
          />
          <Controller
            control={form.control}
            name="date"
            render={({ field, fieldState }) => (
              <TextInput
                label={t("medcard.document.date")}
                placeholder={t("medcard.document.datePlaceholder")}
                inputMode="numeric"
                autoComplete="off"
                {...controlledFieldProps(fieldState)}
                ref={field.ref}
                name={field.name}
                value={field.value}
                onBlur={field.onBlur}
                onChange={(event) => field.onChange(formatDateInput(event.currentTarget.value))}
              />
            )}
          />
          <Controller
            control={form.control}
            name="file"
            render={({ field, fieldState }) => (
              <Input.Wrapper
                label={t("medcard.document.file")}
                description={t("medcard.document.fileHint")}
                error={fieldState.error?.message}
                labelElement="label"
                id={fileId}
              >
                <input
                  ref={field.ref}
                  id={fileId}
                  name={field.name}
                  type="file"
                  accept={ACCEPT}
                  aria-invalid={fieldState.error ? true : undefined}
                  aria-describedby={fieldState.error ? `${fileId}-error` : `${fileId}-description`}
                  onBlur={field.onBlur}
                  onChange={(event) => field.onChange(event.currentTarget.files?.[0] ?? null)}
                  style={{ display: "block", maxWidth: "100%", marginTop: 4 }}
                />
              </Input.Wrapper>
            )}
          />
          {progress !== null ? (
            <Stack gap={2}>
              <Progress value={progress} aria-hidden="true" />
              <Text fz="sm" role="status">
                {t("medcard.document.uploading", { percent: progress })}
              </Text>
            </Stack>
          ) : null}
          <Group gap="sm">
            <Button type="submit" loading={save.isPending}>
              {t("medcard.document.submit")}
            </Button>
            <Button variant="default" onClick={() => onDone(null)}>
              {t("medcard.document.cancel")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
