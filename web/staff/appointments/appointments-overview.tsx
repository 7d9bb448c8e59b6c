import { Anchor, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { StaffAppointmentQueue } from "../../../common/booking/staff-appointments.schema.ts";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { appointmentSummaryQuery } from "./appointments.api.ts";

/** The queues of «Записи» that wait for an operator. */
const waiting: StaffAppointmentQueue[] = ["requests", "confirm", "letters", "outcome"];

/** «Обзор»: how many appointments wait in each queue of «Записи» (operators and admins). */
export function AppointmentsOverview() {
  const staff = useSignedInStaff();
  if (staff.role !== "operator" && staff.role !== "admin") return null;
  return <AppointmentCounts />;
}

function AppointmentCounts() {
  const { t } = useTranslation("staffAppointments");
  const summary = useQuery(appointmentSummaryQuery());
  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="overview-appointments-title"
    >
      <Stack gap="sm">
        <Title order={2} fz="h3" id="overview-appointments-title">
          {t("title")}
        </Title>
        {summary.data ? (
          <Group gap="lg">
            {waiting.map((queue) => (
              <Anchor key={queue} component={Link} to={`/staff/appointments?queue=${queue}`}>
                {t("overview.count", {
                  queue: t(`queues.${queue}`),
                  count: summary.data.counts[queue],
                })}
              </Anchor>
            ))}
          </Group>
        ) : (
          <Text fz="sm" c="dimmed">
            {summary.isError ? t("failedTitle") : t("loading")}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
