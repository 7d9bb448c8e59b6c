import { Button, Group, Loader, Paper, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { Order } from "../../../common/shop/shop.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import { Page } from "../shell/page.tsx";
import { goToPayment } from "./payment-redirect.ts";
import { lastAttempt, orderQuery, refreshOrderLists, startOrderPayment } from "./shop.api.ts";
import { formatRubles, type PaymentOutcome, paymentOutcome } from "./shop-format.ts";

// Black titles on the tinted alerts: Mantine's green and blue titles fall below 4.5:1 contrast.
const ink = { title: { color: "var(--mantine-color-black)" } };

/** How often and how long the page asks whether the payment went through. */
export const POLL_EVERY_MS = 2_000;
export const POLL_FOR_MS = 2 * 60_000;

function wantsPolling(state: PaymentOutcome): boolean {
  return state === "checking" || state === "issuing";
}

/** «Оплатить снова» with the method of the attempt that failed: a new payment, then the provider. */
function PayAgain({ order }: { order: Order }) {
  const { t } = useTranslation("shop");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [leaving, setLeaving] = useState(false);
  const pay = useMutation({
    mutationFn: () => startOrderPayment(order.id, lastAttempt(order)?.method ?? "bank_card"),
    onSuccess: (redirect) => {
      setLeaving(true);
      goToPayment(redirect.confirmationUrl);
    },
    onError: (error) => {
      forgetSessionOn401(queryClient, error);
      void queryClient.invalidateQueries({ queryKey: ["orders", order.id] });
    },
  });
  return (
    <Stack gap="sm">
      {pay.error ? (
        <FormAlert title={t("return.payAgainFailed")}>
          {describeError(pay.error, tCommon)}
        </FormAlert>
      ) : null}
      <Button
        onClick={() => pay.mutate()}
        loading={pay.isPending || leaving}
        style={{ alignSelf: "flex-start" }}
      >
        {t("return.payAgain")}
      </Button>
    </Stack>
  );
}

function Outcome({
  order,
  state,
  timedOut,
  onCheckAgain,
  checking,
}: {
  order: Order;
  state: PaymentOutcome;
  timedOut: boolean;
  onCheckAgain: () => void;
  checking: boolean;
}) {
  const { t } = useTranslation("shop");
  const { t: tBooking } = useTranslation("booking");
  const toPayments = (
    <Button component={Link} to="/cabinet/profile/payments" variant="default">
      {t("return.myPayments")}
    </Button>
  );
  if (state === "paid" && order.contract) {
    return (
      <Stack gap="md">
        <FormAlert tone="success" title={t("return.paidTitle")} styles={ink}>
          <strong style={{ display: "block" }}>
            {t("return.certificate", { number: order.contract.number })}
          </strong>
          {t("return.certificateReady", { email: order.receiptEmail })}
        </FormAlert>
        <Group gap="sm">
          <Button component={Link} to={`/cabinet/contracts/${order.contract.id}`}>
            {t("return.openCertificate")}
          </Button>
          <Button component={Link} to="/cabinet/contracts" variant="default">
            {t("return.myContracts")}
          </Button>
        </Group>
      </Stack>
    );
  }
  if (state === "paid" && order.appointment) {
    return (
      <Stack gap="md">
        <FormAlert tone="success" title={t("return.paidTitle")} styles={ink}>
          <strong style={{ display: "block" }}>
            {order.appointment.startsAt
              ? tBooking("pay.confirmedAt", {
                  when: formatMoscowDateTime(order.appointment.startsAt),
                })
              : tBooking("pay.confirmed")}
          </strong>
          {t("return.visitReady", { email: order.receiptEmail })}
        </FormAlert>
        <Group gap="sm">
          <Button component={Link} to={`/cabinet/appointments/${order.appointment.id}`}>
            {t("return.openAppointment")}
          </Button>
          <Button component={Link} to="/cabinet/appointments" variant="default">
            {t("return.myAppointments")}
          </Button>
        </Group>
      </Stack>
    );
  }
  if (state === "failed") {
    return (
      <Stack gap="md">
        <FormAlert title={t("return.failedTitle")}>
          {t("return.failedText", { time: formatMoscowDateTime(order.expiresAt) })}
        </FormAlert>
        {order.canPay ? <PayAgain order={order} /> : null}
        <Group>{toPayments}</Group>
      </Stack>
    );
  }
  if (state === "cancelled") {
    return (
      <Stack gap="md" align="flex-start">
        <FormAlert title={t("return.cancelledTitle")} w="100%">
          {order.kind === "visit" ? t("return.cancelledVisitText") : t("return.cancelledText")}
        </FormAlert>
        {order.kind === "visit" ? (
          <Button component={Link} to="/cabinet/booking">
            {t("return.toBooking")}
          </Button>
        ) : (
          <Button component={Link} to="/shop">
            {t("return.toCatalogue")}
          </Button>
        )}
      </Stack>
    );
  }
  if (state === "refunded") {
    return (
      <Stack gap="md" align="flex-start">
        <FormAlert tone="info" title={t("return.refundedTitle")} w="100%" styles={ink}>
          {t("return.refundedText")}
        </FormAlert>
        {toPayments}
      </Stack>
    );
  }
  // Still waiting for the provider's word (or, paid, for the certificate's number).
  if (timedOut) {
    return (
      <Stack gap="md">
        <FormAlert tone="info">{t("return.stillPending")}</FormAlert>
        <Group gap="sm">
          <Button onClick={onCheckAgain} loading={checking}>
            {t("return.checkAgain")}
          </Button>
          {toPayments}
        </Group>
      </Stack>
    );
  }
  return (
    <Group gap="sm" wrap="nowrap" role="status">
      <Loader size="sm" aria-hidden="true" />
      <Text>{state === "issuing" ? t("return.issuing") : t("return.checking")}</Text>
    </Group>
  );
}

/**
 * /cabinet/orders/:id/return, where the provider sends the browser back: asks for the order every
 * 2 s for up to 2 minutes while it awaits payment, then says «Оплачено» with the certificate, that
 * the payment failed («Оплатить снова»), or that the order was cancelled.
 */
export function OrderReturnPage() {
  const { t } = useTranslation("shop");
  const { id = "" } = useParams();
  const queryClient = useQueryClient();
  const [since, setSince] = useState(() => Date.now());
  const [timedOut, setTimedOut] = useState(false);
  const order = useQuery({
    ...orderQuery(id),
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data || timedOut) return false;
      return wantsPolling(paymentOutcome(data, lastAttempt(data)?.status)) ? POLL_EVERY_MS : false;
    },
  });

  useEffect(() => {
    if (timedOut) return;
    const timer = setTimeout(
      () => setTimedOut(true),
      Math.max(0, since + POLL_FOR_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [since, timedOut]);

  // Once the order is settled, «Мои договоры» and «Мои платежи» read it again (once, not per poll).
  const data = order.data;
  const refreshed = useRef<string | null>(null);
  useEffect(() => {
    if (!data || data.status === "awaiting_payment") return;
    const settled = `${data.status}:${data.contract?.id ?? ""}`;
    if (refreshed.current === settled) return;
    refreshed.current = settled;
    refreshOrderLists(queryClient, data);
  }, [data, queryClient]);

  return (
    <Page documentTitle={t("return.pageTitle")} title={t("return.title")}>
      <QueryState query={order}>
        {(loaded) => (
          <Stack gap="lg">
            <Paper withBorder radius="lg" p="md">
              <Stack gap={2}>
                <Text fw={700}>{t("return.order", { number: loaded.number })}</Text>
                <Text>{loaded.description}</Text>
                <Text fw={600}>{formatRubles(loaded.totalKopecks)}</Text>
              </Stack>
            </Paper>
            <Outcome
              order={loaded}
              state={paymentOutcome(loaded, lastAttempt(loaded)?.status)}
              timedOut={timedOut}
              checking={order.isFetching}
              onCheckAgain={() => {
                setTimedOut(false);
                setSince(Date.now());
                void order.refetch();
              }}
            />
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
