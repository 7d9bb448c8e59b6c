import { Badge, Button, Group, Stack, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { createContext, use } from "react";
import { FormAlert } from "./form-alert.tsx";
import { PageLoader } from "./page-loader.tsx";
import { describeProblem, type FallbackMessages } from "./problem-errors.ts";

/** The words the shared list states use, in the app's own wording. */
export interface QueryStateTexts {
  /** The retry button under a failed load. */
  retry: string;
  /** «Показать ещё» under a paged list. */
  loadMore: string;
  errors: FallbackMessages;
}

/** Each app provides its wording once, above its pages. */
export const QueryStateTextsContext = createContext<QueryStateTexts | null>(null);

function useQueryStateTexts(): QueryStateTexts {
  const texts = use(QueryStateTextsContext);
  if (!texts) throw new Error("QueryStateTextsContext is not provided above this component");
  return texts;
}

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

/** A failed load: the server's words and a retry button. */
export function LoadFailed({ title, query }: { title: string; query: UseQueryResult<unknown> }) {
  const texts = useQueryStateTexts();
  return (
    <Stack gap="md" align="flex-start">
      <FormAlert title={title} w="100%">
        {describeProblem(query.error, texts.errors)}
      </FormAlert>
      <Button onClick={() => void query.refetch()} loading={query.isFetching}>
        {texts.retry}
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
  const texts = useQueryStateTexts();
  if (!query.hasNextPage) return null;
  return (
    <Group>
      <Button
        variant="default"
        onClick={() => void query.fetchNextPage()}
        loading={query.isFetchingNextPage}
      >
        {texts.loadMore}
      </Button>
    </Group>
  );
}
