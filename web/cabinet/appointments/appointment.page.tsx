import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { QueryState } from "../contracts/query-state.tsx";
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import { doctorLine } from "./appointment-card.tsx";
import {
  appointmentWhen,
  coverageLabel,
  displayStatus,
  historyStatuses,
  isLive,
  moscowDateTime,
} from "./appointment-format.ts";
import { calendarHref, useAppointment, useAppointmentsLive } from "./appointments.api.ts";
import { CancelAction } from "./cancel-action.tsx";
import { ClinicPhone } from "./clinic-phone.tsx";
import { MoveAction, type MovedState } from "./move-action.tsx";
import { PaidVisitNote } from "./paid-visit.tsx";
import { AppointmentStatus } from "./status.tsx";
import { WaitlistAction } from "./waitlist-action.tsx";

/** One labelled line of a details list. */
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

function Card({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} fz="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

function Summary({ appointment }: { appointment: AppointmentView }) {
  const { t } = useTranslation("appointments");
  const { request } = appointment;
  return (
    <Card title={appointmentWhen(t, appointment)}>
      <Group gap="xs">
        <AppointmentStatus status={displayStatus(appointment)} />
      </Group>
      <Stack component="dl" gap="xs" m={0}>
        {request ? (
          <>
            <Field label={t("page.wishes")}>
              {request.days.map(formatRuDate).join(", ")}, {t(`timeOfDay.${request.timeOfDay}`)}
            </Field>
            {request.note ? <Field label={t("page.note")}>{request.note}</Field> : null}
          </>
        ) : null}
        <Field label={t("list.person")}>{appointment.personName}</Field>
        <Field label={t("list.doctor")}>{doctorLine(appointment)}</Field>
        <Field label={t("page.service")}>{appointment.service.name}</Field>
        <Field label={t("list.coverage")}>{coverageLabel(t, appointment.coverage)}</Field>
        {appointment.cancelReason ? (
          <Field label={t("page.cancelReason")}>{appointment.cancelReason}</Field>
        ) : null}
      </Stack>
      <PaidVisitNote appointment={appointment} />
      {appointment.startsAt ? (
        <Text c="dimmed" fz="sm">
          {t("when.moscow")}
        </Text>
      ) : null}
    </Card>
  );
}

function Clinic({ appointment }: { appointment: AppointmentView }) {
  const { t } = useTranslation("appointments");
  const { clinic } = appointment;
  const phones = clinic.phones.length > 0 ? clinic.phones : clinic.phone ? [clinic.phone] : [];
  return (
    <Card title={clinic.name}>
      <Stack component="dl" gap="xs" m={0}>
        <Field label={t("page.address")}>{clinic.address}</Field>
        {clinic.metro ? <Field label={t("page.metro")}>{clinic.metro}</Field> : null}
        {phones.length > 0 ? (
          <Field label={t("page.phone")}>
            <Stack component="span" gap={4} style={{ display: "flex" }}>
              {phones.map((phone) => (
                <ClinicPhone key={phone} phone={phone} />
              ))}
            </Stack>
          </Field>
        ) : null}
        {clinic.openingHours ? (
          <Field label={t("page.openingHours")}>{clinic.openingHours}</Field>
        ) : null}
        {clinic.whatToBring ? (
          <Field label={t("page.whatToBring")}>
            <span style={{ whiteSpace: "pre-line" }}>{clinic.whatToBring}</span>
          </Field>
        ) : null}
      </Stack>
    </Card>
  );
}

function History({ appointment }: { appointment: AppointmentView }) {
  const { t } = useTranslation("appointments");
  const statuses = historyStatuses(appointment);
  return (
    <Card title={t("page.history")}>
      <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
        {appointment.history.map((entry, index) => (
          <li key={`${entry.at}-${entry.status}`}>
            <Stack gap={2}>
              <Group gap="xs" wrap="wrap">
                <Text component="time" dateTime={entry.at} fz="sm" c="dimmed">
                  <span className="visually-hidden">{t("page.historyAt")}: </span>
                  {moscowDateTime(t, entry.at)}
                </Text>
                <AppointmentStatus status={statuses[index] ?? entry.status} />
              </Group>
              {entry.reason ? (
                <Text fz="sm">
                  <span className="visually-hidden">{t("page.historyReason")}: </span>
                  {entry.reason}
                </Text>
              ) : null}
            </Stack>
          </li>
        ))}
      </Stack>
    </Card>
  );
}

function Actions({
  appointment,
  onDone,
}: {
  appointment: AppointmentView;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation("appointments");
  const live = isLive(appointment);
  const withTime = live && appointment.startsAt !== null;
  const waitlist = appointment.waitlist;
  const hasWaitlist = waitlist.offer !== null || waitlist.waiting || waitlist.available;
  if (!live) return null;
  return (
    <Card title={t("page.actions")}>
      <Group gap="sm" align="flex-start">
        {withTime ? (
          <Button component="a" href={calendarHref(appointment.id)} download variant="light">
            {t("page.calendar")}
          </Button>
        ) : null}
        <CancelAction appointment={appointment} onDone={onDone} />
      </Group>
      <MoveAction appointment={appointment} />
      {hasWaitlist ? <WaitlistAction appointment={appointment} /> : null}
    </Card>
  );
}

function noticeOf(state: unknown): MovedState["notice"] | null {
  if (typeof state !== "object" || state === null || !("notice" in state)) return null;
  const notice = (state as { notice: unknown }).notice;
  return notice === "moved" || notice === "accepted" ? notice : null;
}

/** «Мои записи» → one appointment: details, the clinic, its history and what can be done with it. */
export function AppointmentPage() {
  const { t } = useTranslation("appointments");
  const { id = "" } = useParams();
  const appointment = useAppointment(id);
  useAppointmentsLive();
  const back = useBackTo({ to: "/cabinet/appointments", label: t("title") });
  const arrived = noticeOf(useLocation().state);
  // A message of an action here belongs to this appointment, not to the one opened next.
  const [doneFor, setDoneFor] = useState<{ id: string; message: string } | null>(null);
  const done = doneFor?.id === id ? doneFor.message : null;
  const setDone = (message: string) => setDoneFor({ id, message });
  const notice =
    done ??
    (arrived === "moved"
      ? t("move.moved")
      : arrived === "accepted"
        ? t("waitlist.accepted")
        : null);
  return (
    <Page documentTitle={t("page.pageTitle")} title={t("page.title")} back={back}>
      {notice ? <FormAlert tone="success">{notice}</FormAlert> : null}
      <QueryState query={appointment}>
        {(view) => (
          <Stack gap="md">
            {view.movedToId ? (
              <FormAlert tone="info">
                {t("page.movedTo")}{" "}
                <Anchor component={Link} to={`/cabinet/appointments/${view.movedToId}`} fw={600}>
                  {t("page.openMoved")}
                </Anchor>
              </FormAlert>
            ) : null}
            <Summary appointment={view} />
            <Actions appointment={view} onDone={setDone} />
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <Clinic appointment={view} />
              <History appointment={view} />
            </SimpleGrid>
          </Stack>
        )}
      </QueryState>
    </Page>
  );
}
