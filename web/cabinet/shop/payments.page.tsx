import { Anchor, Button, Group, Modal, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { Order } from "../../../common/shop/shop.schema.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconFile } from "../../ui/icons.tsx";
import { StatusBadge } from "../../ui/query-states.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { goToPayment } from "./payment-redirect.ts";
import {
  lastAttempt,
  receiptHref,
  referralHref,
  refundOrder,
  shopQueryKeys,
  startOrderPayment,
  storeOrder,
  useOrders,
} from "./shop.api.ts";
import classes from "./shop.module.css";
import { formatRubles, orderStatusTone } from "./shop-format.ts";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** «Оплатить» an order that still awaits payment, with the method tried last. */
function PayButton({ order }: { order: Order }) {
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
      void queryClient.invalidateQueries({ queryKey: shopQueryKeys.orders, exact: true });
    },
  });
  return (
    <>
      {pay.error ? (
        <FormAlert title={t("payments.payFailedTitle")} w="100%">
          {describeError(pay.error, tCommon)}
        </FormAlert>
      ) : null}
      <Button
        onClick={() => pay.mutate()}
        loading={pay.isPending || leaving}
        aria-label={t("payments.payLabel", { number: order.number })}
      >
        {t("payments.pay")}
      </Button>
    </>
  );
}

/** «Вернуть деньги» with a dialog that says what will happen: the money back, the certificate annulled. */
function RefundButton({ order, onDone }: { order: Order; onDone: (message: string) => void }) {
  const { t } = useTranslation("shop");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const amount = formatRubles(order.paidKopecks - order.refundedKopecks);
  const refund = useMutation({
    mutationFn: () => refundOrder(order.id),
    onSuccess: (refunded) => {
      setConfirming(false);
      storeOrder(queryClient, refunded);
      onDone(t("payments.refundDone", { number: order.number }));
    },
    onError: (error) => {
      setConfirming(false);
      forgetSessionOn401(queryClient, error);
      // What the server refused on (the start date came) may have changed: read it again.
      void queryClient.invalidateQueries({ queryKey: shopQueryKeys.orders, exact: true });
    },
  });
  return (
    <>
      {refund.error ? (
        <FormAlert title={t("payments.refundFailedTitle")} w="100%">
          {describeError(refund.error, tCommon)}
        </FormAlert>
      ) : null}
      <Button
        variant="default"
        onClick={() => setConfirming(true)}
        aria-label={t("payments.refundLabel", { number: order.number })}
      >
        {t("payments.refundButton")}
      </Button>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t("payments.refundTitle")}
        closeButtonProps={{ "aria-label": t("payments.refundClose") }}
        centered
      >
        <Stack gap="md">
          <Text>
            {order.contract
              ? t("payments.refundText", {
                  amount,
                  number: order.number,
                  certificate: order.contract.number,
                })
              : t("payments.refundVisitText", { amount, number: order.number })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t("payments.refundKeep")}
            </Button>
            <Button color="red.9" loading={refund.isPending} onClick={() => refund.mutate()}>
              {t("payments.refundConfirm", { amount })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function OrderCard({ order, onDone }: { order: Order; onDone: (message: string) => void }) {
  const { t } = useTranslation("shop");
  const titleId = useId();
  const method = lastAttempt(order)?.method;
  return (
    <Paper component="li" withBorder radius="lg" p="md" className={classes.order}>
      <Stack gap="sm" component="article" aria-labelledby={titleId}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={2} fz="lg" id={titleId}>
            {t("payments.order", { number: order.number })}
          </Title>
          <StatusBadge tone={orderStatusTone[order.status]}>
            {t(`status.${order.status}`)}
          </StatusBadge>
        </Group>
        <Text>{order.description}</Text>
        <dl className={classes.facts}>
          <Field label={t("payments.date")}>{formatMoscowDateTime(order.createdAt)}</Field>
          <Field label={t("payments.amount")}>{formatRubles(order.totalKopecks)}</Field>
          {method ? <Field label={t("payments.methodLabel")}>{t(`method.${method}`)}</Field> : null}
        </dl>
        {order.refunds.length > 0 ? (
          <Stack component="ul" gap={2} m={0} p={0} style={{ listStyle: "none" }}>
            {order.refunds.map((refund) => (
              <Text component="li" key={refund.createdAt}>
                {t("payments.refund", {
                  amount: formatRubles(refund.amountKopecks),
                  status: t(`payments.refundStatus.${refund.status}`),
                })}
              </Text>
            ))}
          </Stack>
        ) : null}
        {order.contract ? (
          <Anchor component={Link} to={`/cabinet/contracts/${order.contract.id}`} fw={600}>
            {t("payments.certificate", { number: order.contract.number })}
          </Anchor>
        ) : null}
        {order.appointment ? (
          <Anchor component={Link} to={`/cabinet/appointments/${order.appointment.id}`} fw={600}>
            {t("payments.appointment")}
          </Anchor>
        ) : null}
        {order.canPay ? (
          <Text fz="sm" c="dimmed">
            {t("payments.payUntil", { time: formatMoscowDateTime(order.expiresAt) })}
          </Text>
        ) : null}
        {order.paidKopecks > 0 ? (
          <Text fz="sm" c="dimmed">
            {t("payments.receiptSent", { email: order.receiptEmail })}
          </Text>
        ) : null}
        <div className={classes.orderActions}>
          {order.canPay ? <PayButton order={order} /> : null}
          {order.canRefund ? <RefundButton order={order} onDone={onDone} /> : null}
          {order.paidKopecks > 0 ? (
            <Anchor
              href={receiptHref(order.id)}
              target="_blank"
              rel="noopener"
              fw={600}
              aria-label={t("payments.receiptLabel", { number: order.number })}
            >
              {t("payments.receipt")}
            </Anchor>
          ) : null}
          {order.status === "paid" && order.appointment?.status === "confirmed" ? (
            <Anchor
              href={referralHref(order.id)}
              target="_blank"
              rel="noopener"
              fw={600}
              aria-label={t("payments.referralLabel", { number: order.number })}
            >
              {t("payments.referral")}
            </Anchor>
          ) : null}
        </div>
      </Stack>
    </Paper>
  );
}

/** «Профиль» → «Мои платежи»: the account's orders, newest first, with what can be done to each. */
export function PaymentsPage() {
  const { t } = useTranslation("shop");
  const { t: tCabinet } = useTranslation("cabinet");
  const orders = useOrders();
  const [done, setDone] = useState<string | null>(null);
  const back = useBackTo({ to: "/cabinet/profile", label: tCabinet("profile.title") });
  return (
    <Page documentTitle={t("payments.pageTitle")} title={t("payments.title")} back={back}>
      {done ? <FormAlert tone="success">{done}</FormAlert> : null}
      <QueryState query={orders}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState
              icon={<IconFile size={28} />}
              title={t("payments.emptyTitle")}
              description={t("payments.emptyText")}
            >
              <Button component={Link} to="/shop" variant="light">
                {t("payments.buyCertificate")}
              </Button>
            </EmptyState>
          ) : (
            <Stack component="ul" gap="sm" className={classes.plainList}>
              {list.map((order) => (
                <OrderCard key={order.id} order={order} onDone={setDone} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Page>
  );
}
