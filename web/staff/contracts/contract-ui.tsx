import { Badge, Button, Group, Stack, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { formatRuDate } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";

// Mantine's light badges fall below WCAG AA on their pale backgrounds; these inks pass.
const badgeInk = {
  gray: "#343a40",
  yellow: "#7a4100",
  green: "#1b5e20",
  red: "#8a1c1c",
  blue: "#0b4a8b",
} as const;
export type BadgeTone = keyof typeof badgeInk;

/** A short status in a light badge with dark ink, shown whole. */
export function StatusBadge({ tone, children }: { tone: BadgeTone; children: string }) {
  return (
    <Badge
      color={tone}
      variant="light"
      tt="none"
      styles={{ label: { overflow: "visible", color: badgeInk[tone] } }}
    >
      {children}
    </Badge>
  );
}

const statusTone = { "not-started": "blue", active: "green", expired: "gray" } as const;

export function ContractStatusBadge({ status }: { status: keyof typeof statusTone }) {
  const { t } = useTranslation("staffContracts");
  return <StatusBadge tone={statusTone[status]}>{t(`common.status.${status}`)}</StatusBadge>;
}

const replacementTone = { pending: "yellow", approved: "green", rejected: "red" } as const;

export function ReplacementStatusBadge({ status }: { status: keyof typeof replacementTone }) {
  const { t } = useTranslation("staffContracts");
  return (
    <StatusBadge tone={replacementTone[status]}>
      {t(`common.replacementStatus.${status}`)}
    </StatusBadge>
  );
}

/** «12.01.2019 - 11.01.2020», as the client's cabinet shows a period. */
export function usePeriod() {
  const { t } = useTranslation("staffContracts");
  return (from: string, to: string) =>
    t("common.period", { from: formatRuDate(from), to: formatRuDate(to) });
}

/** A failed load: the server's words and a retry button. */
export function LoadFailed({ title, query }: { title: string; query: UseQueryResult<unknown> }) {
  const { t } = useTranslation("staffContracts");
  const messages = useFallbackMessages();
  return (
    <Stack gap="md" align="flex-start">
      <FormAlert title={title} w="100%">
        {describeProblem(query.error, messages)}
      </FormAlert>
      <Button onClick={() => void query.refetch()} loading={query.isFetching}>
        {t("common.retry")}
      </Button>
    </Stack>
  );
}

/** A list's states before its rows: loading, failed (with a retry), or loaded with nothing in it. */
export function ListStates({
  query,
  loading,
  failedTitle,
  empty,
  isEmpty,
}: {
  query: UseQueryResult<unknown>;
  loading: string;
  failedTitle: string;
  empty: string;
  isEmpty: boolean;
}) {
  return (
    <>
      {query.isPending ? <PageLoader label={loading} /> : null}
      {query.isError ? <LoadFailed title={failedTitle} query={query} /> : null}
      {query.isSuccess && isEmpty ? <Text c="dimmed">{empty}</Text> : null}
    </>
  );
}

/** «Показать ещё» under a paged list, while the server has a next page. */
export function LoadMore({
  query,
}: {
  query: {
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    fetchNextPage: () => Promise<unknown>;
  };
}) {
  const { t } = useTranslation("staffContracts");
  if (!query.hasNextPage) return null;
  return (
    <Group>
      <Button
        variant="default"
        onClick={() => void query.fetchNextPage()}
        loading={query.isFetchingNextPage}
      >
        {t("common.loadMore")}
      </Button>
    </Group>
  );
}
