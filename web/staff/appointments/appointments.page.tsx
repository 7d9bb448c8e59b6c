import { Button, Group, NativeSelect, Paper, Stack, Table, Tabs, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import {
  type StaffAppointmentQueue,
  staffAppointmentQueues,
} from "../../../common/booking/staff-appointments.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { ListStates, LoadMore } from "../../ui/query-states.tsx";
import { ColumnHeads } from "../shell/column-heads.tsx";
import { AppointmentDialog } from "./appointment-dialog.tsx";
import { AppointmentStatusBadge } from "./appointment-status-badge.tsx";
import { AppointmentTime } from "./appointment-time.tsx";
import { appointmentQueueQuery, appointmentSummaryQuery } from "./appointments.api.ts";

function isQueue(value: string | null): value is StaffAppointmentQueue {
  return staffAppointmentQueues.some((queue) => queue === value);
}

/** «Записи»: a tab per queue of work, the clinic filter, and the card with its actions. */
export function AppointmentsPage() {
  const { t } = useTranslation("staffAppointments");
  const { t: ts } = useTranslation("staff");
  const [params, setParams] = useSearchParams();
  const raw = params.get("queue");
  const queue: StaffAppointmentQueue = isQueue(raw) ? raw : "requests";
  const clinicId = params.get("clinic") ?? "";
  const summary = useQuery(appointmentSummaryQuery());
  const list = useInfiniteQuery(appointmentQueueQuery(queue, clinicId));
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const rows = list.data?.pages.flatMap((page) => page.appointments) ?? [];

  const choose = (next: { queue?: string; clinic?: string }) => {
    const merged = { queue, clinic: clinicId, ...next };
    setParams(merged.clinic ? merged : { queue: merged.queue });
  };

  return (
    <Stack gap="lg">
      <title>{`${t("title")} — ${ts("pageTitleSuffix")}`}</title>
      <Title order={1}>{t("title")}</Title>
      <Text c="dimmed">{t("intro")}</Text>
      {done ? (
        <FormAlert tone="success" role="status">
          {done}
        </FormAlert>
      ) : null}

      <Tabs
        value={queue}
        onChange={(value) => {
          if (value) choose({ queue: value });
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t("tabsLabel")}>
          {staffAppointmentQueues.map((name) => {
            const count = name === "closed" ? undefined : summary.data?.counts[name];
            return (
              <Tabs.Tab key={name} value={name}>
                {count ? `${t(`queues.${name}`)} (${count})` : t(`queues.${name}`)}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
      </Tabs>

      <Paper
        withBorder
        radius="lg"
        p={{ base: "md", sm: "lg" }}
        component="section"
        aria-labelledby="appointments-list-title"
      >
        <Stack gap="md">
          <Group justify="space-between" align="flex-end" gap="sm">
            <Stack gap={4}>
              <Title order={2} fz="h3" id="appointments-list-title">
                {t(`queues.${queue}`)}
              </Title>
              <Text fz="sm" c="dimmed">
                {t(`queueHints.${queue}`)}
              </Text>
            </Stack>
            <NativeSelect
              size="md"
              label={t("clinicFilter")}
              value={clinicId}
              onChange={(event) => choose({ clinic: event.currentTarget.value })}
              data={[
                { value: "", label: t("allClinics") },
                ...(summary.data?.clinics ?? []).map((clinic) => ({
                  value: clinic.id,
                  label: `${clinic.name}, ${clinic.address}`,
                })),
              ]}
            />
          </Group>
          <ListStates
            query={list}
            loading={t("loading")}
            failedTitle={t("failedTitle")}
            empty={t("empty")}
            isEmpty={rows.length === 0}
          />
          {rows.length > 0 ? (
            <Table.ScrollContainer minWidth={860}>
              <Table
                verticalSpacing="sm"
                horizontalSpacing="xs"
                aria-labelledby="appointments-list-title"
              >
                <ColumnHeads
                  labels={[
                    t("columns.time"),
                    t("columns.person"),
                    t("columns.clinic"),
                    t("columns.doctor"),
                    t("columns.status"),
                    t("columns.actions"),
                  ]}
                />
                <Table.Tbody>
                  {rows.map((appointment) => (
                    <Table.Tr key={appointment.id}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        <AppointmentTime appointment={appointment} />
                      </Table.Td>
                      <Table.Th scope="row" fw={600}>
                        {appointment.person.name}
                        <Text fz="xs" c="dimmed">
                          {appointment.contract.number}
                        </Text>
                      </Table.Th>
                      <Table.Td>
                        {appointment.clinic.name}
                        <Text fz="xs" c="dimmed">
                          {appointment.specialty.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>{appointment.doctor?.name ?? "—"}</Table.Td>
                      <Table.Td>
                        <AppointmentStatusBadge status={appointment.status} />
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant={appointment.actions.length > 0 ? "filled" : "default"}
                          onClick={() => {
                            setDone(null);
                            setOpen(appointment.id);
                          }}
                        >
                          {t("open")}
                          <span className="visually-hidden">{` — ${appointment.person.name}`}</span>
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
          <LoadMore query={list} />
        </Stack>
      </Paper>

      <AppointmentDialog
        appointmentId={open}
        onClose={() => setOpen(null)}
        onDone={(message) => {
          setOpen(null);
          setDone(message);
        }}
      />
    </Stack>
  );
}
