import { Button, Group, Modal, Radio, SimpleGrid, Stack } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { MEDCARD_BLOOD_GROUPS, type MedcardEntry } from "../../../common/medcard/medcard.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { addEntry, changeEntry, updateCard } from "./medcard.api.ts";

/**
 * «Группа крови»: one of the eight (ABO × rhesus) in Russian notation. A card holds one; a new one
 * replaces the one before (the client's own is changed in place).
 */
export function BloodGroupDialog({
  cardId,
  current,
  onClose,
  onSaved,
}: {
  cardId: string;
  /** The client's own entry, changed in place; null to add one. */
  current: MedcardEntry | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation("medcard");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [value, setValue] = useState<string>(current?.text ?? "");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (text: string) => {
      const input = { kind: "blood_group" as const, text };
      return current ? changeEntry(cardId, current.id, input) : addEntry(cardId, input);
    },
    onSuccess: (saved) => {
      updateCard(queryClient, cardId, (view) => ({
        ...view,
        summary: [...view.summary.filter((item) => item.kind !== "blood_group"), saved],
      }));
      onSaved(t(current ? "summary.changed" : "summary.added", { text: saved.text }));
    },
    onError: (error) => forgetSessionOn401(queryClient, error),
  });

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("summary.bloodGroup.addTitle")}
      closeButtonProps={{ "aria-label": t("summary.close") }}
      centered
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!value) {
            setFieldError(t("summary.bloodGroup.required"));
            return;
          }
          save.mutate(value);
        }}
      >
        <Stack gap="md">
          {save.isError ? (
            <FormAlert title={t("summary.failedTitle")}>
              {describeError(save.error, tCommon)}
            </FormAlert>
          ) : null}
          <Radio.Group
            label={t("summary.bloodGroup.label")}
            value={value}
            onChange={(next) => {
              setValue(next);
              setFieldError(null);
            }}
            required
            {...fieldErrorProps(fieldError)}
          >
            <SimpleGrid cols={2} spacing="sm" mt="xs">
              {MEDCARD_BLOOD_GROUPS.map((group) => (
                <Radio key={group} value={group} label={group} />
              ))}
            </SimpleGrid>
          </Radio.Group>
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
