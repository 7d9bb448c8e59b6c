import {
  Anchor,
  Box,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { formatMoscowDateTime, todayInMoscow } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { type OrderStatus, orderStatusSchema } from "../../../common/shop/shop.schema.ts";
import {
  type StaffOrderRow,
  staffOrderExportQuerySchema,
  staffOrderSearchQuerySchema,
} from "../../../common/shop/staff-orders.schema.ts";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { ListStates, LoadFailed, LoadMore } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { ColumnHeads } from "../shell/column-heads.tsx";
import { formatKopecks, OrderStatusBadge } from "./order-badges.tsx";
import { dayTotalsQuery, exportUrl, type OrderFilter, orderSearchQuery } from "./orders.api.ts";

type FilterField = "q" | "status" | "from" | "to";

function readFilter(params: URLSearchParams): OrderFilter {
  const status = orderStatusSchema.safeParse(params.get("status"));
  return {
    q: params.get("q") ?? "",
    status: status.success ? status.data : "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
}

/** «Заказы и платежи»: the day's totals, the search, and for admins the export. */
export function OrdersPage() {
  const { t } = useTranslation("staffOrders");
  const { t: ts } = useTranslation("staff");
  const staff = useSignedInStaff();
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const search = useInfiniteQuery(orderSearchQuery(filter));
  const rows = search.data?.pages.flatMap((page) => page.orders) ?? [];

  return (
    <Stack gap="lg">
      <title>{`${t("orders.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("orders.title")}</Title>
      <Text c="dimmed">{t("orders.intro")}</Text>

      <SearchForm
        key={params.toString()}
        filter={filter}
        busy={search.isFetching && !search.isFetchingNextPage}
        onSearch={(next) =>
          setParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value !== "")))
        }
      />

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="orders-results-title"
      >
        <Stack gap="md">
          <Title order={2} fz="h3" id="orders-results-title">
            {t("orders.search.resultsTitle")}
          </Title>
          <ListStates
            query={search}
            loading={t("orders.search.loading")}
            failedTitle={t("orders.search.failedTitle")}
            empty={t("orders.search.nothing")}
            isEmpty={rows.length === 0}
          />
          {rows.length > 0 ? (
            <>
              <Text fz="sm" c="dimmed" role="status">
                {search.hasNextPage
                  ? t("orders.search.countMore", { count: rows.length })
                  : t("orders.search.count", { count: rows.length })}
              </Text>
              <Box visibleFrom="sm">
                <ResultsTable rows={rows} />
              </Box>
              <Box hiddenFrom="sm">
                <ResultsList rows={rows} />
              </Box>
              <LoadMore query={search} />
            </>
          ) : null}
        </Stack>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: staff.role === "admin" ? 2 : 1 }} spacing="lg">
        <DayTotals />
        {staff.role === "admin" ? <ExportForm /> : null}
      </SimpleGrid>
    </Stack>
  );
}

function SearchForm({
  filter,
  busy,
  onSearch,
}: {
  filter: OrderFilter;
  busy: boolean;
  onSearch: (filter: OrderFilter) => void;
}) {
  const { t } = useTranslation("staffOrders");
  const [values, setValues] = useState(filter);
  const [errors, setErrors] = useState<Partial<Record<FilterField, string>>>({});
  const set = (field: FilterField) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = staffOrderSearchQuerySchema.safeParse(values);
    if (!parsed.success) {
      const next: Partial<Record<FilterField, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "q" || field === "status" || field === "from" || field === "to") {
          next[field] ??= issue.message;
        }
      }
      setErrors(next);
      return;
    }
    setErrors({});
    onSearch({ ...values, q: parsed.data.q ?? "" });
  };

  return (
    <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
      <form onSubmit={onSubmit} noValidate aria-label={t("orders.search.formLabel")}>
        <Stack gap="sm">
          <TextInput
            label={t("orders.search.label")}
            placeholder={t("orders.search.placeholder")}
            value={values.q}
            onChange={(event) => set("q")(event.currentTarget.value)}
            {...fieldErrorProps(errors.q)}
            autoComplete="off"
            spellCheck={false}
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <NativeSelect
              label={t("orders.search.status")}
              value={values.status}
              onChange={(event) => set("status")(event.currentTarget.value)}
              data={[
                { value: "", label: t("orders.search.anyStatus") },
                ...orderStatusSchema.options.map((status: OrderStatus) => ({
                  value: status,
                  label: t(`orders.status.${status}`),
                })),
              ]}
              {...fieldErrorProps(errors.status)}
            />
            <TextInput
              type="date"
              label={t("orders.search.from")}
              value={values.from}
              onChange={(event) => set("from")(event.currentTarget.value)}
              {...fieldErrorProps(errors.from)}
            />
            <TextInput
              type="date"
              label={t("orders.search.to")}
              value={values.to}
              onChange={(event) => set("to")(event.currentTarget.value)}
              {...fieldErrorProps(errors.to)}
            />
          </SimpleGrid>
          <Group gap="sm">
            <Button type="submit" loading={busy}>
              {t("orders.search.submit")}
            </Button>
            <Button
              variant="default"
              onClick={() => onSearch({ q: "", status: "", from: "", to: "" })}
            >
              {t("orders.search.reset")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** «Итоги дня»: paid, refunded and net of one Moscow day, today unless another is chosen. */
function DayTotals() {
  const { t } = useTranslation("staffOrders");
  const [date, setDate] = useState(todayInMoscow());
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const totals = useQuery({ ...dayTotalsQuery(date), enabled: valid });
  const figures = totals.data
    ? [
        {
          label: t("orders.totals.paid"),
          amount: totals.data.paidKopecks,
          note: t("orders.totals.payments", { count: totals.data.paidCount }),
        },
        {
          label: t("orders.totals.refunded"),
          amount: totals.data.refundedKopecks,
          note: t("orders.totals.refunds", { count: totals.data.refundedCount }),
        },
        { label: t("orders.totals.net"), amount: totals.data.netKopecks, note: null },
      ]
    : [];
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="orders-totals-title"
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
          <Title order={2} fz="h3" id="orders-totals-title">
            {t("orders.totals.title")}
          </Title>
          <TextInput
            type="date"
            label={t("orders.totals.date")}
            description={t("orders.totals.hint")}
            value={date}
            onChange={(event) => setDate(event.currentTarget.value)}
          />
        </Group>
        {totals.isPending && valid ? <PageLoader label={t("orders.totals.loading")} /> : null}
        {totals.isError ? (
          <LoadFailed title={t("orders.totals.failedTitle")} query={totals} />
        ) : null}
        {figures.length > 0 ? (
          <SimpleGrid
            component="dl"
            cols={{ base: 1, xs: 3 }}
            spacing="md"
            m={0}
            aria-live="polite"
          >
            {figures.map((figure) => (
              <Box key={figure.label}>
                <Text component="dt" fz="sm" c="dimmed">
                  {figure.label}
                </Text>
                <Text component="dd" fw={700} fz="lg" m={0}>
                  {formatKopecks(figure.amount)}
                  {figure.note ? (
                    <Text component="span" display="block" fz="sm" fw={400} c="dimmed">
                      {figure.note}
                    </Text>
                  ) : null}
                </Text>
              </Box>
            ))}
          </SimpleGrid>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** «Выгрузить в Excel» (admins): the range is checked here as the server checks it. */
function ExportForm() {
  const { t } = useTranslation("staffOrders");
  const today = todayInMoscow();
  const [range, setRange] = useState({ from: `${today.slice(0, 8)}01`, to: today });
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = staffOrderExportQuerySchema.safeParse(range);
    if (!parsed.success) {
      const next: { from?: string; to?: string } = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "from" || field === "to") next[field] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    // The answer is an attachment: the browser saves it and stays on this page.
    window.location.assign(exportUrl(parsed.data.from, parsed.data.to));
  };

  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="orders-export-title"
    >
      <form onSubmit={onSubmit} noValidate aria-labelledby="orders-export-title">
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={2} fz="h3" id="orders-export-title">
              {t("orders.export.title")}
            </Title>
            <Text fz="sm" c="dimmed">
              {t("orders.export.intro")}
            </Text>
          </Stack>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              type="date"
              label={t("orders.export.from")}
              value={range.from}
              onChange={(event) => {
                const from = event.currentTarget.value;
                setRange((current) => ({ ...current, from }));
              }}
              {...fieldErrorProps(errors.from)}
            />
            <TextInput
              type="date"
              label={t("orders.export.to")}
              value={range.to}
              onChange={(event) => {
                const to = event.currentTarget.value;
                setRange((current) => ({ ...current, to }));
              }}
              {...fieldErrorProps(errors.to)}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" variant="default">
              {t("orders.export.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function Amount({ row }: { row: StaffOrderRow }) {
  const { t } = useTranslation("staffOrders");
  return (
    <Stack gap={0}>
      <Text fz="sm" fw={600} style={{ whiteSpace: "nowrap" }}>
        {formatKopecks(row.totalKopecks)}
      </Text>
      {row.refundedKopecks > 0 ? (
        <Text fz="xs" c="dimmed">
          {t("orders.search.refunded", { amount: formatKopecks(row.refundedKopecks) })}
        </Text>
      ) : null}
    </Stack>
  );
}

function OrderLink({ row }: { row: StaffOrderRow }) {
  const { t } = useTranslation("staffOrders");
  return (
    <Anchor component={Link} to={`/staff/orders/${row.id}`} fw={600}>
      {t("orders.number", { number: row.number })}
    </Anchor>
  );
}

/** The results on a wide screen: one row per order. */
function ResultsTable({ rows }: { rows: StaffOrderRow[] }) {
  const { t } = useTranslation("staffOrders");
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table
        verticalSpacing="sm"
        horizontalSpacing="xs"
        highlightOnHover
        aria-labelledby="orders-results-title"
      >
        <ColumnHeads
          labels={[
            t("orders.search.columns.number"),
            t("orders.search.columns.date"),
            t("orders.search.columns.client"),
            t("orders.search.columns.what"),
            t("orders.search.columns.amount"),
            t("orders.search.columns.status"),
          ]}
        />
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Th scope="row" style={{ whiteSpace: "nowrap" }}>
                <OrderLink row={row} />
              </Table.Th>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {formatMoscowDateTime(row.createdAt)}
              </Table.Td>
              <Table.Td>
                {row.client.fullName}
                <Text fz="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                  {formatPhone(row.client.phone)}
                </Text>
              </Table.Td>
              <Table.Td>{row.description}</Table.Td>
              <Table.Td>
                <Amount row={row} />
              </Table.Td>
              <Table.Td>
                <OrderStatusBadge status={row.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The results on a phone: one card per order, nothing to scroll sideways. */
function ResultsList({ rows }: { rows: StaffOrderRow[] }) {
  return (
    <Stack
      component="ul"
      gap="sm"
      m={0}
      p={0}
      style={{ listStyle: "none" }}
      aria-labelledby="orders-results-title"
    >
      {rows.map((row) => (
        <Paper component="li" key={row.id} withBorder radius="md" p="sm">
          <Stack gap={4}>
            <Group justify="space-between" gap="xs" wrap="wrap">
              <OrderLink row={row} />
              <OrderStatusBadge status={row.status} />
            </Group>
            <Text fz="sm">{formatMoscowDateTime(row.createdAt)}</Text>
            <Text fz="sm" style={{ overflowWrap: "anywhere" }}>
              {`${row.client.fullName} · ${formatPhone(row.client.phone)}`}
            </Text>
            <Text fz="sm" style={{ overflowWrap: "anywhere" }}>
              {row.description}
            </Text>
            <Amount row={row} />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
