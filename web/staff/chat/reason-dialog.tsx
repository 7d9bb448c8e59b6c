import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { userText } from "../../../common/text.schema.ts";
import { bindField } from "../../ui/form-field.ts";

interface ReasonValues {
  reason: string;
}

/**
 * «Причина просмотра»: a closed chat, or one another doctor holds, opens only with a reason, which
 * the server writes to the audit log the client can read.
 */
export function ReasonDialog({
  opened,
  onCancel,
  onSubmit,
}: {
  opened: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const { t } = useTranslation("staffChat");
  const schema = useMemo(
    () => z.object({ reason: userText({ max: 300, min: 3, required: t("reason.required") }) }),
    [t],
  );
  const form = useForm<ReasonValues>({
    resolver: zodResolver(schema),
    defaultValues: { reason: "" },
  });
  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title={t("reason.title")}
      closeButtonProps={{ "aria-label": t("common.cancel") }}
      centered
    >
      <form
        noValidate
        onSubmit={form.handleSubmit((values) => onSubmit(values.reason))}
        aria-label={t("reason.title")}
      >
        <Stack gap="md">
          <Text fz="sm">{t("reason.intro")}</Text>
          <Textarea
            label={t("reason.field")}
            description={t("reason.hint")}
            autosize
            minRows={2}
            maxRows={5}
            data-autofocus
            {...bindField(form, "reason")}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
            <Button type="submit">{t("reason.submit")}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
