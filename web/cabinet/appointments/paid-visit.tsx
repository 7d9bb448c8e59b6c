import { Anchor, Button, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { goToPayment } from "../shop/payment-redirect.ts";
import { lastAttempt, orderQuery, startOrderPayment } from "../shop/shop.api.ts";

export const PAYMENTS_PATH = "/cabinet/profile/payments";

/** A visit paid (or being paid) in the app: «Оплатить и записаться» made its order. */
export function isPaidInApp(appointment: Pick<AppointmentView, "paidOrderId" | "status">) {
  return appointment.paidOrderId !== null && appointment.status !== "awaiting_payment";
}

/** «Оплатить» a held visit: a new attempt of its order (the last method), then the provider. */
function PayHeldVisit({ orderId }: { orderId: string }) {
  const { t } = useTranslation("appointments");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const order = useQuery(orderQuery(orderId));
  const [leaving, setLeaving] = useState(false);
  const pay = useMutation({
    mutationFn: () =>
      startOrderPayment(orderId, (order.data && lastAttempt(order.data)?.method) ?? "bank_card"),
    onSuccess: (redirect) => {
      setLeaving(true);
      goToPayment(redirect.confirmationUrl);
    },
    onError: (error) => {
      forgetSessionOn401(queryClient, error);
      void queryClient.invalidateQueries({ queryKey: ["orders", orderId] });
      void queryClient.invalidateQueries({ queryKey: ["appointments"] });
    },
  });
  // An order past its time (or already paid) cannot be paid again: its page says what happened.
  if (order.data && !order.data.canPay) {
    return (
      <Anchor component={Link} to={`/cabinet/orders/${orderId}/return`} fw={600}>
        {t("paid.openOrder")}
      </Anchor>
    );
  }
  return (
    <Stack gap="xs" align="flex-start">
      {pay.error ? (
        <FormAlert title={t("paid.payFailedTitle")} w="100%">
          {describeError(pay.error, tCommon)}
        </FormAlert>
      ) : null}
      {order.data ? (
        <Text fz="sm">
          {t("paid.payUntil", { time: formatMoscowDateTime(order.data.expiresAt) })}
        </Text>
      ) : null}
      <Button onClick={() => pay.mutate()} loading={pay.isPending || leaving}>
        {t("paid.pay")}
      </Button>
    </Stack>
  );
}

/**
 * The payment of a visit booked with «Оплатить и записаться»: «Ожидает оплаты» with «Оплатить»
 * while its time is held, «Оплачено в приложении» with its order in «Мои платежи» once paid.
 */
export function PaidVisitNote({ appointment }: { appointment: AppointmentView }) {
  const { t } = useTranslation("appointments");
  const orderId = appointment.paidOrderId;
  if (!orderId) return null;
  if (appointment.status === "awaiting_payment") {
    return (
      <Stack gap="xs">
        <Text>{t("paid.awaiting")}</Text>
        <PayHeldVisit orderId={orderId} />
      </Stack>
    );
  }
  return (
    <Stack gap={4}>
      <Text fw={600}>{t("paid.paidInApp")}</Text>
      <Text fz="sm">
        {appointment.status === "cancelled" ? t("paid.refundText") : t("paid.receiptText")}{" "}
        <Anchor component={Link} to={PAYMENTS_PATH} fw={600}>
          {t("paid.myPayments")}
        </Anchor>
      </Text>
    </Stack>
  );
}
