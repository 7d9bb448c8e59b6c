import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { medcardAccessReasonSchema } from "../../../common/medcard/staff-medcard.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { openMedcard, storeMedcard } from "./medcard.api.ts";

/** Where the card is opened from: the chat's person, or the appeal's. */
export type MedcardSource = { chatId: string } | { appealId: string };

const reasonSchema = z.object({ reason: medcardAccessReasonSchema });
type ReasonValues = z.input<typeof reasonSchema>;

/**
 * «Причина доступа»: the card opens only with a reason, which the server writes to the audit log
 * the patient reads. A person with no card (an adult second patient) is said here, in the dialog.
 */
export function ReasonDialog({
  opened,
  source,
  onCancel,
  onOpened,
}: {
  opened: boolean;
  source: MedcardSource;
  onCancel: () => void;
  onOpened: (cardId: string) => void;
}) {
  const { t } = useTranslation("staffMedcard");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ReasonValues, unknown, z.output<typeof reasonSchema>>({
    resolver: zodResolver(reasonSchema),
    defaultValues: { reason: "" },
  });
  const open = useMutation({
    mutationFn: (reason: string) => openMedcard({ ...source, reason }),
    onSuccess: (opened) => {
      storeMedcard(queryClient, opened.view);
      form.reset();
      onOpened(opened.cardId);
    },
    onError: (error) =>
      setFormError(
        placeProblem(
          error,
          ["reason"] as const,
          (name, message, focus) =>
            form.setError(name, { type: "server", message }, { shouldFocus: focus }),
          messages,
        ),
      ),
  });
  const cancel = () => {
    setFormError(null);
    open.reset();
    onCancel();
  };

  return (
    <Modal
      opened={opened}
      onClose={cancel}
      title={t("medcard.reason.title")}
      closeButtonProps={{ "aria-label": t("medcard.reason.cancel") }}
      centered
    >
      <form
        noValidate
        aria-label={t("medcard.reason.title")}
        onSubmit={form.handleSubmit((values) => {
          setFormError(null);
          open.mutate(values.reason);
        })}
      >
        <Stack gap="md">
          <Text fz="sm">{t("medcard.reason.intro")}</Text>
          {formError ? (
            <FormAlert title={t("medcard.reason.failedTitle")}>{formError}</FormAlert>
          ) : null}
          <Textarea
            label={t("medcard.reason.field")}
            description={t("medcard.reason.hint")}
            autosize
            minRows={2}
            maxRows={6}
            data-autofocus
            {...bindField(form, "reason")}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={cancel}>
              {t("medcard.reason.cancel")}
            </Button>
            <Button type="submit" loading={open.isPending}>
              {t("medcard.reason.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
