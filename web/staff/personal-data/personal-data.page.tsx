import { Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import {
  personalDataRequestStatuses,
  type StaffPersonalDataRequest,
} from "../../../common/identity/personal-data.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { ListStates, LoadMore } from "../../ui/query-states.tsx";
import { ColumnHeads } from "../shell/column-heads.tsx";
import { type PersonalDataFilter, personalDataQueueQuery } from "./personal-data.api.ts";
import { PersonalDataDialog } from "./personal-data-dialog.tsx";
import { PersonalDataStatusBadge } from "./personal-data-status.tsx";

const filters: PersonalDataFilter[] = [...personalDataRequestStatuses, "all"];
const isFilter = (value: string | null): value is PersonalDataFilter =>
  filters.some((filter) => filter === value);

function requested(request: StaffPersonalDataRequest): string {
  if (request.kind === "phone") return formatPhone(request.phone ?? "");
  const name = fullName({
    lastName: request.lastName ?? "",
    firstName: request.firstName ?? "",
    patronymic: request.patronymic,
  });
  return `${name}, ${formatRuDate(request.birthDate ?? "")}`;
}

/** «Личные данные клиентов»: the queue of change requests, with «Рассмотреть» on each. */
export function PersonalDataPage() {
  const { t } = useTranslation("staffPersonalData");
  const { t: ts } = useTranslation("staff");
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status: PersonalDataFilter = isFilter(raw) ? raw : "pending";
  const queue = useInfiniteQuery(personalDataQueueQuery(status));
  const [open, setOpen] = useState<string | null>(null);
  const [decided, setDecided] = useState<StaffPersonalDataRequest | null>(null);
  const rows = queue.data?.pages.flatMap((page) => page.requests) ?? [];

  return (
    <Stack gap="lg">
      <title>{`${t("personalData.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("personalData.title")}</Title>
      <Text c="dimmed">{t("personalData.intro")}</Text>
      {decided ? (
        <FormAlert tone="success">
          {t("personalData.decided", {
            status:
              decided.status === "approved"
                ? t("personalData.decidedApproved")
                : t("personalData.decidedRejected"),
          })}
        </FormAlert>
      ) : null}
      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="personal-data-list-title"
      >
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <Title order={2} fz="h3" id="personal-data-list-title">
              {t("personalData.listTitle")}
            </Title>
            <NativeSelect
              size="md"
              label={t("personalData.filter")}
              value={status}
              onChange={(event) => setParams({ status: event.currentTarget.value })}
              data={filters.map((filter) => ({
                value: filter,
                label: t(`personalData.filters.${filter}`),
              }))}
            />
          </Group>
          <ListStates
            query={queue}
            loading={t("personalData.loading")}
            failedTitle={t("personalData.failedTitle")}
            empty={t("personalData.empty")}
            isEmpty={rows.length === 0}
          />
          {rows.length > 0 ? (
            <Table.ScrollContainer minWidth={800}>
              <Table
                verticalSpacing="sm"
                horizontalSpacing="xs"
                aria-labelledby="personal-data-list-title"
              >
                <ColumnHeads
                  labels={[
                    t("personalData.columns.createdAt"),
                    t("personalData.columns.kind"),
                    t("personalData.columns.current"),
                    t("personalData.columns.requested"),
                    t("personalData.columns.status"),
                    t("personalData.columns.actions"),
                  ]}
                />
                <Table.Tbody>
                  {rows.map((request) => (
                    <Table.Tr key={request.id}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        {formatMoscowDateTime(request.createdAt)}
                      </Table.Td>
                      <Table.Td>{t(`personalData.kind.${request.kind}`)}</Table.Td>
                      <Table.Th scope="row" fw={600}>
                        {fullName(request.current)}
                        <Text fz="xs" c="dimmed">
                          {formatPhone(request.current.phone)}
                        </Text>
                      </Table.Th>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>{requested(request)}</Table.Td>
                      <Table.Td>
                        <Stack gap={4} align="flex-start">
                          <PersonalDataStatusBadge status={request.status} />
                          {request.decidedByName && request.decidedAt ? (
                            <Text fz="xs" c="dimmed">
                              {t("personalData.decidedBy", {
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
                          {t("personalData.consider")}
                          <span className="visually-hidden">{` — ${fullName(request.current)}`}</span>
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
      <PersonalDataDialog
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
