import {
  Anchor,
  Box,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import {
  type ContractSearchRow,
  contractSearchQuerySchema,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { ListStates, LoadMore } from "../../ui/query-states.tsx";
import { ColumnHeads } from "../shell/column-heads.tsx";
import { ContractStatusBadge, usePeriod } from "./contract-badges.tsx";
import { contractSearchQuery } from "./contracts.api.ts";

/** «Договоры»: search by number, phone or name; each result opens the contract card. */
export function ContractsPage() {
  const { t } = useTranslation("staffContracts");
  const { t: ts } = useTranslation("staff");
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  const [error, setError] = useState<string | null>(null);
  const search = useInfiniteQuery(contractSearchQuery(q));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = contractSearchQuerySchema.shape.q.safeParse(text);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? null);
      return;
    }
    setError(null);
    setParams({ q: parsed.data });
  };

  const rows = search.data?.pages.flatMap((page) => page.contracts) ?? [];

  return (
    <Stack gap="lg">
      <title>{`${t("search.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("search.title")}</Title>
      <Text c="dimmed">{t("search.intro")}</Text>

      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
        <form onSubmit={onSubmit} noValidate aria-label={t("search.formLabel")}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label={t("search.label")}
              placeholder={t("search.placeholder")}
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              {...fieldErrorProps(error)}
              autoComplete="off"
              spellCheck={false}
              style={{ flex: "1 1 260px" }}
            />
            <Button type="submit" loading={search.isFetching && !search.isFetchingNextPage}>
              {t("search.submit")}
            </Button>
          </Group>
        </form>
      </Paper>

      {q ? (
        <Paper
          withBorder
          radius="lg"
          p={{ base: "md", sm: "lg" }}
          component="section"
          aria-labelledby="contracts-results-title"
        >
          <Stack gap="md">
            <Title order={2} fz="h3" id="contracts-results-title">
              {t("search.resultsTitle")}
            </Title>
            <ListStates
              query={search}
              loading={t("search.loading")}
              failedTitle={t("search.failedTitle")}
              empty={t("search.nothing")}
              isEmpty={rows.length === 0}
            />
            {rows.length > 0 ? (
              <>
                <Text fz="sm" c="dimmed" role="status">
                  {search.hasNextPage
                    ? t("search.countMore", { count: rows.length })
                    : t("search.count", { count: rows.length })}
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
      ) : null}
    </Stack>
  );
}

function PersonNames({ row }: { row: ContractSearchRow }) {
  const { t } = useTranslation("staffContracts");
  if (row.persons.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        {t("search.noPersons")}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {row.persons.map((person) => (
        <Text fz="sm" key={person.slot}>
          {`${t("common.slot", { slot: person.slot })}: ${person.fullName}`}
        </Text>
      ))}
    </Stack>
  );
}

/** The results on a wide screen: one row per contract. */
function ResultsTable({ rows }: { rows: ContractSearchRow[] }) {
  const { t } = useTranslation("staffContracts");
  const period = usePeriod();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table
        verticalSpacing="sm"
        horizontalSpacing="xs"
        highlightOnHover
        aria-labelledby="contracts-results-title"
      >
        <ColumnHeads
          labels={[
            t("search.columns.number"),
            t("search.columns.kind"),
            t("search.columns.program"),
            t("search.columns.period"),
            t("search.columns.status"),
            t("search.columns.persons"),
          ]}
        />
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Th scope="row" fw={600}>
                <Anchor component={Link} to={`/staff/contracts/${row.id}`}>
                  {row.number}
                </Anchor>
              </Table.Th>
              <Table.Td>
                {t(`common.kind.${row.kind}`)}
                {row.insurerName ? (
                  <Text fz="xs" c="dimmed">
                    {row.insurerName}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{row.programName}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {period(row.startsOn, row.endsOn)}
              </Table.Td>
              <Table.Td>
                <ContractStatusBadge status={row.status} />
              </Table.Td>
              <Table.Td>
                <PersonNames row={row} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The results on a phone: one card per contract, nothing to scroll sideways. */
function ResultsList({ rows }: { rows: ContractSearchRow[] }) {
  const { t } = useTranslation("staffContracts");
  const period = usePeriod();
  return (
    <Stack
      component="ul"
      gap="sm"
      m={0}
      p={0}
      style={{ listStyle: "none" }}
      aria-labelledby="contracts-results-title"
    >
      {rows.map((row) => (
        <Paper component="li" key={row.id} withBorder radius="md" p="sm">
          <Stack gap={4}>
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Anchor
                component={Link}
                to={`/staff/contracts/${row.id}`}
                fw={600}
                style={{ overflowWrap: "anywhere" }}
              >
                {row.number}
              </Anchor>
              <ContractStatusBadge status={row.status} />
            </Group>
            <Text fz="sm">
              {[t(`common.kind.${row.kind}`), row.insurerName, row.programName]
                .filter(Boolean)
                .join(" · ")}
            </Text>
            <Text fz="sm">{period(row.startsOn, row.endsOn)}</Text>
            <PersonNames row={row} />
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
