import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  MEDCARD_ENTRY_NOTE_MAX,
  MEDCARD_ENTRY_TEXT_MAX,
  type MedcardEntry,
  medcardEntryInputSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { addEntry, changeEntry, updateCard } from "./medcard.api.ts";

/** The «Сводка» groups that hold free text: each entry a name and a note under it. */
export type TextEntryKind = "allergy" | "condition" | "medication";

const fieldsSchema = medcardEntryInputSchema.pick({ text: true, note: true });
type Fields = z.input<typeof fieldsSchema>;
type FieldsOut = z.output<typeof fieldsSchema>;
const fieldNames = ["text", "note"] as const;

/**
 * «Добавить» (or «Изменить» with `entry`) in one «Сводка» group: the entry's text and its note
 * («Реакция» for an allergy, «Дозировка и приём» for a medicine).
 */
export function EntryDialog({
  cardId,
  kind,
  entry,
  onClose,
  onSaved,
}: {
  cardId: string;
  kind: TextEntryKind;
  entry: MedcardEntry | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation("medcard");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Fields, unknown, FieldsOut>({
    resolver: zodResolver(fieldsSchema),
    defaultValues: { text: entry?.text ?? "", note: entry?.note ?? "" },
  });
  const save = useMutation({
    mutationFn: (values: FieldsOut) => {
      const input = { kind, text: values.text, note: values.note };
      return entry ? changeEntry(cardId, entry.id, input) : addEntry(cardId, input);
    },
    onSuccess: (saved) => {
      updateCard(queryClient, cardId, (view) => ({
        ...view,
        summary: entry
          ? view.summary.map((item) => (item.id === saved.id ? saved : item))
          : [...view.summary, saved],
      }));
      onSaved(t(entry ? "summary.changed" : "summary.added", { text: saved.text }));
    },
    onError: (error) => {
      forgetSessionOn401(queryClient, error);
      setFormError(placeServerErrors(error, fieldNames, serverFieldError(form.setError), tCommon));
    },
  });
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    save.mutate(values);
  });
  const group = `summary.groups.${kind}` as const;

  return (
    <Modal
      opened
      onClose={onClose}
      title={t(entry ? `${group}.editTitle` : `${group}.addTitle`)}
      closeButtonProps={{ "aria-label": t("summary.close") }}
      centered
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {formError ? <FormAlert title={t("summary.failedTitle")}>{formError}</FormAlert> : null}
          <TextInput
            label={t(`${group}.text`)}
            description={t(`${group}.textHint`)}
            maxLength={MEDCARD_ENTRY_TEXT_MAX}
            required
            data-autofocus
            {...bindField(form, "text")}
          />
          <Textarea
            label={t(`${group}.note`)}
            description={t(`${group}.noteHint`)}
            autosize
            minRows={2}
            maxLength={MEDCARD_ENTRY_NOTE_MAX}
            {...bindField(form, "note")}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t("summary.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("summary.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
