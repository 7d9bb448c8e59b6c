import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import {
  type ReplacementDetail,
  replacementStatuses,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { ListStates, LoadMore } from "../../ui/query-states.tsx";
import { ReplacementStatusBadge } from "../contracts/contract-badges.tsx";
import { ColumnHeads } from "../shell/column-heads.tsx";
import { DecisionDialog } from "./decision-dialog.tsx";
import { type ReplacementFilter, replacementQueueQuery } from "./replacements.api.ts";

const filters: ReplacementFilter[] = [...replacementStatuses, "all"];

function isFilter(value: string | null): value is ReplacementFilter {
  return filters.some((filter) => filter === value);
}

/** «Заявки на замену»: the queue, with «Рассмотреть» on each request. */
export function ReplacementsPage() {
  const { t } = useTranslation("staffReplacements");
  const { t: ts } = useTranslation("staff");
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status: ReplacementFilter = isFilter(raw) ? raw : "pending";
  const queue = useInfiniteQuery(replacementQueueQuery(status));
  const [open, setOpen] = useState<string | null>(null);
  const [decided, setDecided] = useState<ReplacementDetail | null>(null);
  const rows = queue.data?.pages.flatMap((page) => page.requests) ?? [];

  return (
    <Stack gap="lg">
      <title>{`${t("replacements.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("replacements.title")}</Title>
      <Text c="dimmed">{t("replacements.intro")}</Text>

      {decided ? (
        <FormAlert tone="success">
          {t("replacements.decided", {
            status:
              decided.status === "approved"
                ? t("replacements.decidedApproved")
                : t("replacements.decidedRejected"),
          })}{" "}
          <Anchor component={Link} to={`/staff/contracts/${decided.contractId}`}>
            {decided.contractNumber}
          </Anchor>
        </FormAlert>
      ) : null}

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="replacements-list-title"
      >
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <Title order={2} fz="h3" id="replacements-list-title">
              {t("replacements.listTitle")}
            </Title>
            <NativeSelect
              size="md"
              label={t("replacements.filter")}
              value={status}
              onChange={(event) => setParams({ status: event.currentTarget.value })}
              data={filters.map((filter) => ({
                value: filter,
                label: t(`replacements.filters.${filter}`),
              }))}
            />
          </Group>
          <ListStates
            query={queue}
            loading={t("replacements.loading")}
            failedTitle={t("replacements.failedTitle")}
            empty={t("replacements.empty")}
            isEmpty={rows.length === 0}
          />
          {rows.length > 0 ? (
            <Table.ScrollContainer minWidth={900}>
              <Table
                verticalSpacing="sm"
                horizontalSpacing="xs"
                aria-labelledby="replacements-list-title"
              >
                <ColumnHeads
                  labels={[
                    t("replacements.columns.createdAt"),
                    t("replacements.columns.contract"),
                    t("replacements.columns.current"),
                    t("replacements.columns.requested"),
                    t("replacements.columns.reason"),
                    t("replacements.columns.status"),
                    t("replacements.columns.actions"),
                  ]}
                />
                <Table.Tbody>
                  {rows.map((request) => (
                    <Table.Tr key={request.id}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        {formatMoscowDateTime(request.createdAt)}
                      </Table.Td>
                      <Table.Th scope="row" fw={600}>
                        <Anchor component={Link} to={`/staff/contracts/${request.contractId}`}>
                          {request.contractNumber}
                        </Anchor>
                      </Table.Th>
                      <Table.Td>{request.currentPersonName}</Table.Td>
                      <Table.Td>
                        {request.requestedName}
                        <Text fz="xs" c="dimmed">
                          {formatRuDate(request.requestedBirthDate)}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>{request.reason}</Table.Td>
                      <Table.Td>
                        <Stack gap={4} align="flex-start">
                          <ReplacementStatusBadge status={request.status} />
                          {request.decidedByName && request.decidedAt ? (
                            <Text fz="xs" c="dimmed">
                              {t("replacements.decidedBy", {
                                name: request.decidedByName,
                                date: formatMoscowDateTime(request.decidedAt),
                              })}
                            </Text>
                          ) : null}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant={request.status === "pending" ? "filled" : "default"}
                          onClick={() => {
                            setDecided(null);
                            setOpen(request.id);
                          }}
                        >
                          {t("replacements.consider")}
                          <span className="visually-hidden">{` — ${request.contractNumber}`}</span>
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
          <LoadMore query={queue} />
        </Stack>
      </Paper>

      <DecisionDialog
        requestId={open}
        onClose={() => setOpen(null)}
        onDecided={(request) => {
          setOpen(null);
          setDecided(request);
        }}
      />
    </Stack>
  );
}
