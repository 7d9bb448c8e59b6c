import { Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import {
  privacyRequestStatuses,
  type StaffPrivacyRequest,
} from "../../../common/privacy/privacy.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { ListStates, LoadMore } from "../../ui/query-states.tsx";
import { ColumnHeads } from "../shell/column-heads.tsx";
import { PrivacyRequestDialog } from "./privacy-request-dialog.tsx";
import { type PrivacyFilter, privacyQueueQuery } from "./privacy-requests.api.ts";
import classes from "./privacy-requests.module.css";
import { PrivacyStatus } from "./privacy-status.tsx";

const filters: PrivacyFilter[] = ["open", ...privacyRequestStatuses, "all"];
const isFilter = (value: string | null): value is PrivacyFilter =>
  filters.some((filter) => filter === value);

/** «Запросы по 152-ФЗ»: the queue by legal deadline (overdue highlighted), «Открыть» on each. */
export function PrivacyRequestsPage() {
  const { t } = useTranslation("staffPrivacyRequests");
  const { t: ts } = useTranslation("staff");
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status: PrivacyFilter = isFilter(raw) ? raw : "open";
  const queue = useInfiniteQuery(privacyQueueQuery(status));
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rows = queue.data?.pages.flatMap((page) => page.requests) ?? [];
  const clientName = (request: StaffPrivacyRequest) =>
    request.client.deleted ? t("deletedClient") : fullName(request.client);

  return (
    <Stack gap="lg">
      <title>{`${t("title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("title")}</Title>
      <Text c="dimmed">{t("intro")}</Text>
      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="privacy-list-title"
      >
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <Title order={2} fz="h3" id="privacy-list-title">
              {t("listTitle")}
            </Title>
            <NativeSelect
              size="md"
              label={t("filter")}
              value={status}
              onChange={(event) => setParams({ status: event.currentTarget.value })}
              data={filters.map((filter) => ({ value: filter, label: t(`filters.${filter}`) }))}
            />
          </Group>
          <ListStates
            query={queue}
            loading={t("loading")}
            failedTitle={t("failedTitle")}
            empty={t("empty")}
            isEmpty={rows.length === 0}
          />
          {rows.length > 0 ? (
            <Table.ScrollContainer minWidth={760}>
              <Table
                verticalSpacing="sm"
                horizontalSpacing="xs"
                aria-labelledby="privacy-list-title"
              >
                <ColumnHeads
                  labels={[
                    t("columns.due"),
                    t("columns.createdAt"),
                    t("columns.kind"),
                    t("columns.client"),
                    t("columns.status"),
                    t("columns.actions"),
                  ]}
                />
                <Table.Tbody>
                  {rows.map((request) => (
                    <Table.Tr
                      key={request.id}
                      className={request.overdue ? classes.overdue : undefined}
                    >
                      <Table.Td style={{ whiteSpace: "nowrap" }} fw={request.overdue ? 700 : 500}>
                        {formatRuDate(request.dueDate)}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        {formatMoscowDateTime(request.createdAt)}
                      </Table.Td>
                      <Table.Td>{t(`kind.${request.kind}`)}</Table.Td>
                      <Table.Th scope="row" fw={600}>
                        {clientName(request)}
                        {request.client.phone ? (
                          <Text fz="xs" c="dimmed">
                            {formatPhone(request.client.phone)}
                          </Text>
                        ) : null}
                      </Table.Th>
                      <Table.Td>
                        <Stack gap={4} align="flex-start">
                          <PrivacyStatus request={request} />
                          {request.assignedToName && request.status === "in_progress" ? (
                            <Text fz="xs" c="dimmed">
                              {t("assignedTo", { name: request.assignedToName })}
                            </Text>
                          ) : null}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant={request.status === "closed" ? "default" : "filled"}
                          onClick={() => {
                            setNotice(null);
                            setOpen(request.id);
                          }}
                        >
                          {t("open")}
                          <span className="visually-hidden">{` — ${clientName(request)}`}</span>
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
      <PrivacyRequestDialog
        requestId={open}
        onClose={() => setOpen(null)}
        onDone={(message) => {
          setOpen(null);
          setNotice(message);
        }}
      />
    </Stack>
  );
}
