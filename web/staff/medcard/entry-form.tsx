import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import {
  MEDCARD_BLOOD_GROUPS,
  type MedcardEntry,
  medcardEntryInputSchema,
  medcardEntryKindSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { addMedcardEntry, medcardKey } from "./medcard.api.ts";

const fieldNames = ["kind", "text", "note"] as const;

interface EntryValues {
  kind: string;
  text: string;
  note?: string;
}

/** «Добавить запись»: a line of «Сводка» in the doctor's name, which the patient cannot change. */
export function EntryForm({
  cardId,
  onDone,
}: {
  cardId: string;
  onDone: (entry: MedcardEntry | null) => void;
}) {
  const { t } = useTranslation("staffMedcard");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(
    () =>
      medcardEntryInputSchema.extend({
        // The select starts on «Выберите…» (an empty value).
        kind: z
          .string()
          .pipe(z.enum(medcardEntryKindSchema.options, { error: t("medcard.entry.kindRequired") })),
      }),
    [t],
  );
  const form = useForm<EntryValues, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    shouldFocusError: false,
    defaultValues: { kind: "", text: "", note: "" },
  });
  const kind = form.watch("kind");
  const save = useMutation({
    mutationFn: (body: z.output<typeof schema>) => addMedcardEntry(cardId, body),
    onSuccess: async (entry) => {
      await queryClient.invalidateQueries({ queryKey: medcardKey(cardId) });
      onDone(entry);
    },
    onError: (error) =>
      setFormError(
        placeProblem(
          error,
          fieldNames,
          (name, message, focus) =>
            form.setError(name, { type: "server", message }, { shouldFocus: focus }),
          messages,
        ),
      ),
  });

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="medcard-entry-title">
      <form
        noValidate
        aria-labelledby="medcard-entry-title"
        onSubmit={form.handleSubmit(
          (values) => {
            setFormError(null);
            save.mutate(values);
          },
          (invalid) => focusFirstInvalid(invalid, fieldNames, form.setFocus),
        )}
      >
        <Stack gap="sm">
          <Title order={3} fz="h5" id="medcard-entry-title">
            {t("medcard.entry.title")}
          </Title>
          {formError ? (
            <FormAlert title={t("medcard.entry.failedTitle")}>{formError}</FormAlert>
          ) : null}
          <NativeSelect
            label={t("medcard.entry.kind")}
            data={[
              { value: "", label: t("medcard.entry.choose") },
              ...medcardEntryKindSchema.options.map((value) => ({
                value,
                label: t(`medcard.kindOne.${value}`),
              })),
            ]}
            {...bindField(form, "kind")}
          />
          {kind === "blood_group" ? (
            <>
              <NativeSelect
                label={t("medcard.entry.bloodGroup")}
                data={[
                  { value: "", label: t("medcard.entry.choose") },
                  ...MEDCARD_BLOOD_GROUPS.map((group) => ({ value: group, label: group })),
                ]}
                {...bindField(form, "text")}
              />
              <Text fz="sm" c="dimmed">
                {t("medcard.entry.bloodGroupReplaces")}
              </Text>
            </>
          ) : (
            <TextInput
              label={t("medcard.entry.text")}
              description={t("medcard.entry.textHint")}
              {...bindField(form, "text")}
            />
          )}
          <Textarea
            label={t("medcard.entry.note")}
            description={t("medcard.entry.noteHint")}
            autosize
            minRows={2}
            maxRows={5}
            {...bindField(form, "note")}
          />
          <Group gap="sm">
            <Button type="submit" loading={save.isPending}>
              {t("medcard.entry.submit")}
            </Button>
            <Button variant="default" onClick={() => onDone(null)}>
              {t("medcard.entry.cancel")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
