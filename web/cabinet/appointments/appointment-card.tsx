import { Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { IconChevronRight } from "../../ui/icons.tsx";
import type { FromState } from "../shell/back-link.tsx";
import cardClasses from "../shell/link-card.module.css";
import { appointmentWhen, coverageLabel, displayStatus } from "./appointment-format.ts";
import { isPaidInApp } from "./paid-visit.tsx";
import { AppointmentStatus } from "./status.tsx";

/** The doctor and specialty, or the specialty alone for a request that names no doctor. */
export function doctorLine(appointment: AppointmentView): string {
  return appointment.doctor
    ? `${appointment.doctor.name}, ${appointment.specialty.name}`
    : appointment.specialty.name;
}

/** One appointment of «Мои записи»: the whole card opens it, its link named by its time. */
export function AppointmentCard({
  appointment,
  from,
  headingOrder = 3,
}: {
  appointment: AppointmentView;
  from: FromState;
  headingOrder?: 2 | 3;
}) {
  const { t } = useTranslation("appointments");
  return (
    <Paper component="li" withBorder radius="lg" p="md" className={cardClasses.card}>
      <Group wrap="nowrap" gap="md" align="center">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Title order={headingOrder} fz="lg" style={{ overflowWrap: "anywhere" }}>
            <Link
              to={`/cabinet/appointments/${appointment.id}`}
              state={from}
              className={cardClasses.stretchedLink}
            >
              {appointmentWhen(t, appointment)}
            </Link>
          </Title>
          <Group gap="xs" wrap="wrap">
            <AppointmentStatus status={displayStatus(appointment)} />
          </Group>
          <Text>
            <span className="visually-hidden">{t("list.person")}: </span>
            {appointment.personName}
          </Text>
          <Text>
            <span className="visually-hidden">{t("list.doctor")}: </span>
            {doctorLine(appointment)}
          </Text>
          <Text c="dimmed">
            <span className="visually-hidden">{t("list.clinic")}: </span>
            {appointment.clinic.name}
          </Text>
          <Text fz="sm">
            <span className="visually-hidden">{t("list.coverage")}: </span>
            {coverageLabel(t, appointment.coverage)}
          </Text>
          {isPaidInApp(appointment) ? (
            <Text fz="sm" fw={600}>
              {t("paid.paidInApp")}
            </Text>
          ) : null}
        </Stack>
        <IconChevronRight size={24} aria-hidden="true" style={{ flexShrink: 0 }} />
      </Group>
    </Paper>
  );
}
