import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Checkbox, Group, Modal, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { formatRublesInput } from "../../../common/contracts/programs.schema.ts";
import {
  type StaffOrderCard,
  type StaffRefundForm,
  type StaffRefundRequest,
  staffRefundFormSchema,
} from "../../../common/shop/staff-orders.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { formatKopecks } from "./order-badges.tsx";
import { refundOrder } from "./orders.api.ts";

const fieldNames = ["amountRubles", "reason", "annulCertificate"] as const;

/**
 * «Вернуть деньги» (admins): the amount, all that is left unless changed; a required reason; and
 * for a certificate «Аннулировать сертификат». The server checks the amount again, locked.
 */
export function RefundDialog({
  card,
  opened,
  onClose,
  onRefunded,
}: {
  card: StaffOrderCard;
  opened: boolean;
  onClose: () => void;
  onRefunded: (card: StaffOrderCard, amountKopecks: number) => void;
}) {
  const { t } = useTranslation("staffOrders");
  const messages = useFallbackMessages();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<StaffRefundForm, unknown, StaffRefundRequest>({
    resolver: zodResolver(staffRefundFormSchema),
    shouldFocusError: false,
    defaultValues: {
      amountRubles: formatRublesInput(card.refundableKopecks),
      reason: "",
      annulCertificate: false,
    },
  });
  const refund = useMutation({
    mutationFn: (body: StaffRefundRequest) => refundOrder(card.id, body),
  });
  const certificate = card.contract && !card.contract.annulled ? card.contract : null;

  const onSubmit = form.handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const updated = await refund.mutateAsync(values);
        onRefunded(updated, values.amountKopecks ?? 0);
      } catch (error) {
        setFormError(
          placeProblem(
            error,
            [...fieldNames, "amountKopecks"] as const,
            (name, message, focus) =>
              form.setError(
                name === "amountKopecks" ? "amountRubles" : name,
                { type: "server", message },
                { shouldFocus: focus },
              ),
            messages,
          ),
        );
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, form.setFocus),
  );

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t("orders.refund.title")}
      closeButtonProps={{ "aria-label": t("orders.refund.cancel") }}
      centered
    >
      <form noValidate onSubmit={onSubmit} aria-label={t("orders.refund.title")}>
        <Stack gap="md">
          <Text fz="sm">
            {t("orders.refund.intro", {
              number: card.number,
              amount: formatKopecks(card.refundableKopecks),
            })}
          </Text>
          {formError ? (
            <FormAlert title={t("orders.refund.failedTitle")}>{formError}</FormAlert>
          ) : null}
          <TextInput
            label={t("orders.refund.amount")}
            inputMode="decimal"
            autoComplete="off"
            data-autofocus
            {...bindField(form, "amountRubles")}
          />
          <Textarea
            label={t("orders.refund.reason")}
            description={t("orders.refund.reasonHint")}
            autosize
            minRows={2}
            maxRows={5}
            {...bindField(form, "reason")}
          />
          {certificate ? (
            <Checkbox
              label={t("orders.refund.annul")}
              description={t("orders.refund.annulHint", { number: certificate.number })}
              {...form.register("annulCertificate")}
            />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t("orders.refund.cancel")}
            </Button>
            <Button type="submit" loading={refund.isPending}>
              {t("orders.refund.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
