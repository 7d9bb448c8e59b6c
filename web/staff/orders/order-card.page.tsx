import {
  Anchor,
  Box,
  Button,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import type {
  StaffOrderAttempt,
  StaffOrderCard,
} from "../../../common/shop/staff-orders.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { IconArrowLeft } from "../../ui/icons.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { LoadFailed, StatusBadge } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { ColumnHeads } from "../shell/column-heads.tsx";
import { formatKopecks, OrderStatusBadge } from "./order-badges.tsx";
import { orderCardKey, orderCardQuery, ordersKey } from "./orders.api.ts";
import { RefundDialog } from "./refund-dialog.tsx";

/** An order's card: what was bought, by whom, its history, payments and refunds. */
export function OrderCardPage() {
  const { t } = useTranslation("staffOrders");
  const { t: ts } = useTranslation("staff");
  const { id = "" } = useParams();
  const card = useQuery(orderCardQuery(id));

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/staff/orders" fz="sm">
        <Group gap={4} component="span" wrap="nowrap">
          <IconArrowLeft size={16} />
          {t("orders.card.back")}
        </Group>
      </Anchor>
      {card.isPending ? <PageLoader label={t("orders.card.loading")} /> : null}
      {card.isError ? (
        <>
          <title>{`${t("orders.card.failedTitle")} — ${ts("pageTitleSuffix")}`}</title>
          <Title order={1}>{t("orders.card.failedTitle")}</Title>
          <LoadFailed title={t("orders.card.failedTitle")} query={card} />
        </>
      ) : null}
      {card.data ? <CardContent card={card.data} /> : null}
    </Stack>
  );
}

/** A section of the card with its heading. */
function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby={id}
    >
      <Stack gap="md">
        <Title order={2} fz="h3" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** A table wider than a phone scrolls sideways, and the keyboard reaches it. */
function ScrollTable({
  labelledBy,
  minWidth,
  children,
}: {
  labelledBy: string;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      scrollAreaProps={{
        viewportProps: { tabIndex: 0, role: "region", "aria-labelledby": labelledBy },
      }}
    >
      <Table verticalSpacing="sm" horizontalSpacing="xs" aria-labelledby={labelledBy}>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}

function CardContent({ card }: { card: StaffOrderCard }) {
  const { t } = useTranslation("staffOrders");
  const { t: ts } = useTranslation("staff");
  const staff = useSignedInStaff();
  const queryClient = useQueryClient();
  const [refunding, setRefunding] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const title = t("orders.card.title", { number: card.number });

  const facts: [string, ReactNode][] = [
    [t("orders.card.status"), <OrderStatusBadge key="status" status={card.status} />],
    [t("orders.card.createdAt"), formatMoscowDateTime(card.createdAt)],
    [t("orders.card.paidAt"), card.paidAt ? formatMoscowDateTime(card.paidAt) : "—"],
    [t("orders.card.client"), card.client.fullName],
    [t("orders.card.phone"), formatPhone(card.client.phone)],
    [t("orders.card.receiptEmail"), card.receiptEmail],
    [t("orders.card.total"), formatKopecks(card.totalKopecks)],
    [t("orders.card.paid"), formatKopecks(card.paidKopecks)],
    [t("orders.card.refunded"), formatKopecks(card.refundedKopecks)],
    [t("orders.card.refundable"), formatKopecks(card.refundableKopecks)],
    [
      t("orders.card.certificate"),
      card.contract ? (
        <Anchor key="contract" component={Link} to={`/staff/contracts/${card.contract.id}`}>
          {card.contract.annulled
            ? `${card.contract.number} (${t("orders.card.annulled")})`
            : card.contract.number}
        </Anchor>
      ) : (
        t("orders.card.noCertificate")
      ),
    ],
  ];

  return (
    <>
      <title>{`${title} — ${ts("pageTitleSuffix")}`}</title>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Title order={1}>{title}</Title>
        {staff.role === "admin" && card.refundableKopecks > 0 ? (
          <Button color="red" variant="light" onClick={() => setRefunding(true)}>
            {t("orders.card.refundButton")}
          </Button>
        ) : null}
      </Group>
      {done ? <FormAlert tone="success">{done}</FormAlert> : null}

      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2, md: 3 }} spacing="md" m={0}>
          {facts.map(([label, value]) => (
            <Box key={label}>
              <Text component="dt" fz="sm" c="dimmed">
                {label}
              </Text>
              <Text component="dd" fw={600} m={0} style={{ overflowWrap: "anywhere" }}>
                {value}
              </Text>
            </Box>
          ))}
        </SimpleGrid>
      </Paper>

      <ItemsSection card={card} />
      <HistorySection card={card} />
      <Section id="order-attempts-title" title={t("orders.card.attemptsTitle")}>
        {card.attempts.length === 0 ? (
          <Text c="dimmed">{t("orders.card.noAttempts")}</Text>
        ) : (
          <Stack component="ol" gap="md" m={0} p={0} style={{ listStyle: "none" }}>
            {card.attempts.map((attempt, index) => (
              <AttemptItem key={attempt.id} attempt={attempt} index={index} />
            ))}
          </Stack>
        )}
      </Section>
      <RefundsSection card={card} />

      {refunding ? (
        <RefundDialog
          card={card}
          opened
          onClose={() => setRefunding(false)}
          onRefunded={(updated, amount) => {
            queryClient.setQueryData(orderCardKey(card.id), updated);
            void queryClient.invalidateQueries({ queryKey: ordersKey });
            setRefunding(false);
            setDone(t("orders.card.refundDone", { amount: formatKopecks(amount) }));
          }}
        />
      ) : null}
    </>
  );
}

function ItemsSection({ card }: { card: StaffOrderCard }) {
  const { t } = useTranslation("staffOrders");
  return (
    <Section id="order-items-title" title={t("orders.card.itemsTitle")}>
      <ScrollTable labelledBy="order-items-title" minWidth={560}>
        <ColumnHeads
          labels={[
            t("orders.card.itemsColumns.what"),
            t("orders.card.itemsColumns.quantity"),
            t("orders.card.itemsColumns.unit"),
            t("orders.card.itemsColumns.amount"),
          ]}
        />
        <Table.Tbody>
          {card.items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Th scope="row" fw={600}>
                {item.description}
              </Table.Th>
              <Table.Td>{item.quantity}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {formatKopecks(item.unitKopecks)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {formatKopecks(item.amountKopecks)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ScrollTable>
    </Section>
  );
}

function HistorySection({ card }: { card: StaffOrderCard }) {
  const { t } = useTranslation("staffOrders");
  return (
    <Section id="order-history-title" title={t("orders.card.historyTitle")}>
      {card.events.length === 0 ? (
        <Text c="dimmed">{t("orders.card.noHistory")}</Text>
      ) : (
        <ScrollTable labelledBy="order-history-title" minWidth={680}>
          <ColumnHeads
            labels={[
              t("orders.eventsColumns.at"),
              t("orders.eventsColumns.event"),
              t("orders.eventsColumns.actor"),
              t("orders.eventsColumns.reason"),
            ]}
          />
          <Table.Tbody>
            {card.events.map((event) => (
              <Table.Tr key={event.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  {formatMoscowDateTime(event.at)}
                </Table.Td>
                <Table.Th scope="row" fw={600}>
                  {t(`orders.events.${event.kind}`)}
                  {event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus ? (
                    <Text fz="xs" c="dimmed" fw={400}>
                      {t("orders.statusChange", {
                        from: t(`orders.status.${event.fromStatus}`),
                        to: t(`orders.status.${event.toStatus}`),
                      })}
                    </Text>
                  ) : null}
                </Table.Th>
                <Table.Td>
                  {event.actorName
                    ? `${t(`orders.actors.${event.actorKind}`)}: ${event.actorName}`
                    : t(`orders.actors.${event.actorKind}`)}
                </Table.Td>
                <Table.Td style={{ overflowWrap: "anywhere" }}>{event.reason ?? "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
    </Section>
  );
}

const attemptTones = {
  creating: "gray",
  pending: "yellow",
  succeeded: "green",
  canceled: "red",
  superseded: "gray",
} as const;

function AttemptItem({ attempt, index }: { attempt: StaffOrderAttempt; index: number }) {
  const { t } = useTranslation("staffOrders");
  const headingId = `attempt-${attempt.id}`;
  const notificationsId = `attempt-notifications-${attempt.id}`;
  return (
    <Paper component="li" withBorder radius="md" p="sm" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group gap="sm" wrap="wrap">
          <Title order={3} fz="md" id={headingId}>
            {`${index + 1}. ${t("orders.card.attempt", {
              method: t(`orders.methods.${attempt.method}`),
              amount: formatKopecks(attempt.amountKopecks),
            })}`}
          </Title>
          <StatusBadge tone={attemptTones[attempt.status]}>
            {t(`orders.attemptStatus.${attempt.status}`)}
          </StatusBadge>
        </Group>
        <Stack gap={2}>
          <Text fz="sm">
            {[
              t("orders.card.attemptCreated", { at: formatMoscowDateTime(attempt.createdAt) }),
              attempt.succeededAt
                ? t("orders.card.attemptSucceeded", {
                    at: formatMoscowDateTime(attempt.succeededAt),
                  })
                : null,
            ]
              .filter(Boolean)
              .join(", ")}
          </Text>
          {attempt.providerPaymentId ? (
            <Text fz="sm" style={{ overflowWrap: "anywhere" }}>
              {t("orders.card.paymentId", { id: attempt.providerPaymentId })}
            </Text>
          ) : null}
          <Text fz="sm" c="dimmed">
            {t("orders.card.provider", { provider: attempt.provider })}
          </Text>
          {attempt.cancellationReason ? (
            <Text fz="sm">
              {t("orders.card.cancellation", { reason: attempt.cancellationReason })}
            </Text>
          ) : null}
        </Stack>
        <Title order={4} fz="sm" id={notificationsId}>
          {t("orders.card.notificationsTitle")}
        </Title>
        {attempt.notifications.length === 0 ? (
          <Text fz="sm" c="dimmed">
            {t("orders.card.noNotifications")}
          </Text>
        ) : (
          <Stack
            component="ul"
            gap="xs"
            m={0}
            p={0}
            style={{ listStyle: "none" }}
            aria-labelledby={notificationsId}
          >
            {attempt.notifications.map((notification) => (
              <Box component="li" key={notification.id}>
                <Text fz="sm">
                  {[
                    formatMoscowDateTime(notification.receivedAt),
                    notification.event ?? "—",
                    t(`orders.outcomes.${notification.outcome}`),
                    notification.sourceAllowed
                      ? t("orders.card.sourceAllowed", { ip: notification.sourceIp })
                      : t("orders.card.sourceRefused", { ip: notification.sourceIp }),
                  ].join(" · ")}
                </Text>
                {notification.body ? (
                  <Box component="details">
                    <Text component="summary" fz="sm" c="blue.8" style={{ cursor: "pointer" }}>
                      {t("orders.card.showBody")}
                    </Text>
                    <Code
                      block
                      mt="xs"
                      style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
                    >
                      {notification.body}
                    </Code>
                  </Box>
                ) : null}
              </Box>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

const refundTones = {
  creating: "gray",
  pending: "yellow",
  succeeded: "green",
  canceled: "red",
} as const;

function RefundsSection({ card }: { card: StaffOrderCard }) {
  const { t } = useTranslation("staffOrders");
  return (
    <Section id="order-refunds-title" title={t("orders.card.refundsTitle")}>
      {card.refunds.length === 0 ? (
        <Text c="dimmed">{t("orders.card.noRefunds")}</Text>
      ) : (
        <ScrollTable labelledBy="order-refunds-title" minWidth={680}>
          <ColumnHeads
            labels={[
              t("orders.card.refundsColumns.createdAt"),
              t("orders.card.refundsColumns.amount"),
              t("orders.card.refundsColumns.kind"),
              t("orders.card.refundsColumns.reason"),
              t("orders.card.refundsColumns.status"),
            ]}
          />
          <Table.Tbody>
            {card.refunds.map((refund) => (
              <Table.Tr key={refund.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  {formatMoscowDateTime(refund.createdAt)}
                </Table.Td>
                <Table.Th scope="row" style={{ whiteSpace: "nowrap" }}>
                  {formatKopecks(refund.amountKopecks)}
                </Table.Th>
                <Table.Td>
                  {t(`orders.refundKinds.${refund.kind}`)}
                  {refund.staffName ? (
                    <Text fz="xs" c="dimmed">
                      {refund.staffName}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td style={{ overflowWrap: "anywhere" }}>{refund.reason ?? "—"}</Table.Td>
                <Table.Td>
                  <StatusBadge tone={refundTones[refund.status]}>
                    {t(`orders.refundStatus.${refund.status}`)}
                  </StatusBadge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </ScrollTable>
      )}
    </Section>
  );
}
