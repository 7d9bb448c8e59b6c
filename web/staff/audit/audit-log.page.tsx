import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
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
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { type AuditLogEntry, auditActions } from "../../../common/staff/audit.schema.ts";
import { ListStates, LoadMore } from "../../ui/query-states.tsx";
import { membersQuery } from "../members/members.api.ts";
import { ColumnHeads } from "../shell/column-heads.tsx";
import { auditLogQuery } from "./audit.api.ts";
import { describeAuditDetails } from "./audit-details.ts";

/** What was seen, in words: the search text, the contract's number, how many requests. */
function Details({ entry }: { entry: AuditLogEntry }) {
  const { t } = useTranslation(["staffAudit", "staffReplacements"]);
  return <>{describeAuditDetails(t, entry)}</>;
}

type KnownAction = (typeof auditActions)[number];
function isKnownAction(action: string): action is KnownAction {
  return auditActions.some((known) => known === action);
}

/** The action in words; one recorded by another part of the console shows as it is stored. */
function ActionLabel({ action }: { action: string }) {
  const { t } = useTranslation("staffAudit");
  return <>{isKnownAction(action) ? t(`audit.actions.${action}`) : action}</>;
}

/** «Журнал доступа»: the admin's view of who saw which client data. */
export function AuditLogPage() {
  const { t } = useTranslation("staffAudit");
  const { t: ts } = useTranslation("staff");
  const [params, setParams] = useSearchParams();
  const staffId = params.get("staffId") ?? "";
  const subjectId = params.get("subjectId") ?? "";
  const [staffChoice, setStaffChoice] = useState(staffId);
  const [subjectText, setSubjectText] = useState(subjectId);
  // The members page's own query: one cache entry under one key.
  const members = useQuery(membersQuery());
  const log = useInfiniteQuery(auditLogQuery(staffId, subjectId));
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (staffChoice) next.staffId = staffChoice;
    if (subjectText.trim()) next.subjectId = subjectText.trim();
    setParams(next);
  };

  return (
    <Stack gap="lg">
      <title>{`${t("audit.title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("audit.title")}</Title>
      <Text c="dimmed">{t("audit.intro")}</Text>

      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
        <form onSubmit={onSubmit} noValidate aria-label={t("audit.title")}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <NativeSelect
              size="md"
              label={t("audit.staff")}
              value={staffChoice}
              onChange={(event) => setStaffChoice(event.currentTarget.value)}
              data={[
                { value: "", label: t("audit.allStaff") },
                ...(members.data ?? []).map((member) => ({
                  value: member.id,
                  label: member.fullName,
                })),
              ]}
              style={{ flex: "1 1 220px" }}
            />
            <TextInput
              label={t("audit.subject")}
              description={t("audit.subjectHint")}
              value={subjectText}
              onChange={(event) => setSubjectText(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              style={{ flex: "1 1 260px" }}
            />
            <Group gap="sm">
              <Button type="submit">{t("audit.apply")}</Button>
              <Button
                variant="default"
                onClick={() => {
                  setStaffChoice("");
                  setSubjectText("");
                  setParams({});
                }}
              >
                {t("audit.reset")}
              </Button>
            </Group>
          </Group>
        </form>
      </Paper>

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="audit-list-title"
      >
        <Stack gap="md">
          <Title order={2} fz="h3" id="audit-list-title">
            {t("audit.listTitle")}
          </Title>
          <ListStates
            query={log}
            loading={t("audit.loading")}
            failedTitle={t("audit.failedTitle")}
            empty={t("audit.empty")}
            isEmpty={entries.length === 0}
          />
          {entries.length > 0 ? (
            <Table.ScrollContainer
              minWidth={860}
              // A table wider than the screen scrolls; the keyboard must reach it too.
              scrollAreaProps={{
                viewportProps: {
                  tabIndex: 0,
                  role: "region",
                  "aria-labelledby": "audit-list-title",
                },
              }}
            >
              <Table verticalSpacing="xs" horizontalSpacing="xs" aria-labelledby="audit-list-title">
                <ColumnHeads
                  labels={[
                    t("audit.columns.createdAt"),
                    t("audit.columns.staff"),
                    t("audit.columns.action"),
                    t("audit.columns.subject"),
                    t("audit.columns.details"),
                    t("audit.columns.ip"),
                  ]}
                />
                <Table.Tbody>
                  {entries.map((entry) => (
                    <Table.Tr key={entry.id}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        {formatMoscowDateTime(entry.createdAt)}
                      </Table.Td>
                      <Table.Td>{entry.staffName}</Table.Td>
                      <Table.Td>
                        <ActionLabel action={entry.action} />
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: "anywhere" }}>
                        {entry.subjectType === "contract" && entry.subjectId ? (
                          <Anchor
                            component={Link}
                            to={`/staff/contracts/${entry.subjectId}`}
                            fz="sm"
                          >
                            {t("audit.openContract")}
                            <span className="visually-hidden">{` ${entry.subjectId}`}</span>
                          </Anchor>
                        ) : (
                          <Text fz="sm">{entry.subjectId ?? "—"}</Text>
                        )}
                      </Table.Td>
                      <Table.Td fz="sm" style={{ overflowWrap: "anywhere" }}>
                        <Details entry={entry} />
                      </Table.Td>
                      <Table.Td fz="sm">{entry.ip ?? "—"}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
          <LoadMore query={log} />
        </Stack>
      </Paper>
    </Stack>
  );
}
