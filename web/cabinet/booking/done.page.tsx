import { Button, Group, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { doctorLine } from "../appointments/appointment-card.tsx";
import { appointmentWhen, coverageLabel } from "../appointments/appointment-format.ts";
import { calendarHref, useAppointment } from "../appointments/appointments.api.ts";
import { ClinicPhone } from "../appointments/clinic-phone.tsx";
import { QueryState } from "../contracts/query-state.tsx";
import { useFromHere } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" fz="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} style={{ overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </div>
  );
}

function Confirmation({ appointment, title }: { appointment: AppointmentView; title: string }) {
  const { t } = useTranslation("booking");
  const { t: tAppointments } = useTranslation("appointments");
  // «Мои записи» opened from here goes back here, under this screen's title.
  const fromHere = useFromHere(title);
  const { clinic } = appointment;
  const phones = clinic.phones.length > 0 ? clinic.phones : clinic.phone ? [clinic.phone] : [];
  const lead =
    appointment.status === "awaiting_letter"
      ? t("done.awaitingText")
      : appointment.status === "requested"
        ? t("done.requestedText")
        : null;
  return (
    <Stack gap="md">
      <FormAlert tone="success">
        <strong style={{ display: "block" }}>{appointmentWhen(tAppointments, appointment)}</strong>
        {lead ?? t("done.notified")}
      </FormAlert>
      <Paper withBorder radius="lg" p="md">
        <Stack component="dl" gap="xs" m={0}>
          <Field label={tAppointments("list.person")}>{appointment.personName}</Field>
          <Field label={tAppointments("list.doctor")}>{doctorLine(appointment)}</Field>
          <Field label={tAppointments("page.service")}>{appointment.service.name}</Field>
          <Field label={tAppointments("list.coverage")}>
            {coverageLabel(tAppointments, appointment.coverage)}
          </Field>
          <Field label={tAppointments("list.clinic")}>{clinic.name}</Field>
          <Field label={tAppointments("page.address")}>{clinic.address}</Field>
          {clinic.metro ? <Field label={tAppointments("page.metro")}>{clinic.metro}</Field> : null}
          {phones.length > 0 ? (
            <Field label={tAppointments("page.phone")}>
              <Stack component="span" gap={4} style={{ display: "flex" }}>
                {phones.map((phone) => (
                  <ClinicPhone key={phone} phone={phone} />
                ))}
              </Stack>
            </Field>
          ) : null}
          {clinic.openingHours ? (
            <Field label={tAppointments("page.openingHours")}>{clinic.openingHours}</Field>
          ) : null}
          {clinic.whatToBring ? (
            <Field label={tAppointments("page.whatToBring")}>
              <span style={{ whiteSpace: "pre-line" }}>{clinic.whatToBring}</span>
            </Field>
          ) : null}
        </Stack>
        {appointment.startsAt ? (
          <Text c="dimmed" fz="sm" mt="xs">
            {tAppointments("when.moscow")}
          </Text>
        ) : null}
      </Paper>
      <Group gap="sm">
        {appointment.startsAt ? (
          <Button component="a" href={calendarHref(appointment.id)} download>
            {t("done.calendar")}
          </Button>
        ) : null}
        <Button component={Link} to="/cabinet/appointments" state={fromHere} variant="light">
          {t("done.appointments")}
        </Button>
        <Button component={Link} to="/cabinet" variant="default">
          {t("done.home")}
        </Button>
      </Group>
    </Stack>
  );
}

/** After «Подтвердить запись» (or «Оставить заявку»): what was booked, where, and what to bring. */
export function BookingDonePage() {
  const { t } = useTranslation("booking");
  const { id = "" } = useParams();
  const appointment = useAppointment(id);
  const status = appointment.data?.status;
  const title =
    status === "confirmed" || status === "awaiting_letter" || status === "requested"
      ? t(`done.${status}`)
      : t("done.other");
  return (
    <Page documentTitle={t("done.pageTitle")} title={title}>
      <QueryState query={appointment}>
        {(view) => <Confirmation appointment={view} title={title} />}
      </QueryState>
    </Page>
  );
}
