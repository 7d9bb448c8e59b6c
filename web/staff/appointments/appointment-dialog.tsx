import {
  Anchor,
  Button,
  FileInput,
  Group,
  List,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
  clinicCancelSchema,
  DEFAULT_APPOINTMENT_MINUTES,
  fulfilAppointmentSchema,
  type StaffAppointmentAction,
  type StaffAppointmentDetail,
  scheduleFormSchema,
} from "../../../common/booking/staff-appointments.schema.ts";
import { formatMoscowDateTime, formatRuDate } from "../../../common/format/date.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { ApiError } from "../../ui/api.ts";
import { formatDateInput } from "../../ui/date-mask.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { doctorsQuery, offeredServiceTypesQuery } from "../contracts/contracts.api.ts";
import { useFallbackMessages } from "../errors.ts";
import { AppointmentStatusBadge } from "./appointment-status-badge.tsx";
import { AppointmentTime } from "./appointment-time.tsx";
import {
  appointmentQuery,
  appointmentsKey,
  bookingOptionsQuery,
  cancelForClinic,
  confirmAppointment,
  fulfilAppointment,
  letterUrl,
  markLetterSent,
  markNoShow,
  scheduleAppointment,
  uploadLetter,
} from "./appointments.api.ts";

type Errors = Record<string, string>;

/** The server's field errors by field, and the message for the form when none is a field's. */
function problemOf(error: unknown, fields: readonly string[], fallback: string) {
  const placed: Errors = {};
  if (error instanceof ApiError) {
    for (const field of error.fieldErrors) {
      if (fields.includes(field.field) && !placed[field.field]) placed[field.field] = field.message;
    }
  }
  return { fields: placed, form: Object.keys(placed).length > 0 ? null : fallback };
}

function rubles(kopecks: number): string {
  return `${new Intl.NumberFormat("ru-RU").format(kopecks / 100)} ₽`;
}

/** «Открыть»: the appointment's card, its history and the actions it allows, each as a step. */
export function AppointmentDialog({
  appointmentId,
  onClose,
  onDone,
}: {
  appointmentId: string | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation("staffAppointments");
  const { t: ts } = useTranslation("staff");
  const detail = useQuery(appointmentQuery(appointmentId));
  const appointment = detail.data?.appointment;
  const [action, setAction] = useState<StaffAppointmentAction | null>(null);
  const close = () => {
    setAction(null);
    onClose();
  };
  return (
    <Modal
      opened={appointmentId !== null}
      onClose={close}
      title={
        action
          ? t(`${action}.title`)
          : appointment
            ? t("card.title", { person: appointment.person.name })
            : t("card.loading")
      }
      closeButtonProps={{ "aria-label": ts("common.cancel") }}
      size="lg"
      centered
    >
      {detail.isPending && appointmentId ? <PageLoader label={t("card.loading")} /> : null}
      {detail.isError ? <LoadFailed title={t("card.failed")} query={detail} /> : null}
      {appointment && action === null ? (
        <AppointmentCard appointment={appointment} onAction={setAction} onClose={close} />
      ) : null}
      {appointment && action !== null ? (
        <ActionForm
          key={`${appointment.id}-${action}`}
          appointment={appointment}
          action={action}
          onBack={() => setAction(null)}
          onDone={(message) => {
            setAction(null);
            onDone(message);
          }}
        />
      ) : null}
    </Modal>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function AppointmentCard({
  appointment: a,
  onAction,
  onClose,
}: {
  appointment: StaffAppointmentDetail;
  onAction: (action: StaffAppointmentAction) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation("staffAppointments");
  const coverage =
    a.coverage.kind === "paid"
      ? t("coverage.paid", {
          company: rubles(a.coverage.companyPriceKopecks),
          clinic: rubles(a.coverage.clinicPriceKopecks),
        })
      : t(`coverage.${a.coverage.kind}`);
  return (
    <Stack gap="md">
      <AppointmentStatusBadge status={a.status} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Fact label={t("card.person")}>
          <Text fw={600}>{a.person.name}</Text>
          <Text fz="sm">{t("card.birthDate", { date: formatRuDate(a.person.birthDate) })}</Text>
        </Fact>
        <Fact label={t("card.client")}>
          <Text>{a.client.name}</Text>
          <Anchor href={`tel:${a.client.phone}`} fz="sm">
            {formatPhone(a.client.phone)}
          </Anchor>
        </Fact>
        <Fact label={t("card.contract")}>
          <Anchor component={Link} to={`/staff/contracts/${a.contract.id}`}>
            {a.contract.number}
          </Anchor>
          <Text fz="sm">{t("card.program", { name: a.programName })}</Text>
        </Fact>
        <Fact label={t("card.clinic")}>
          <Text>{a.clinic.name}</Text>
          <Text fz="sm">{a.clinic.address}</Text>
          {a.clinic.phones.map((phone) => (
            <Anchor key={phone} href={`tel:${phone}`} fz="sm" display="block">
              {formatPhone(phone)}
            </Anchor>
          ))}
        </Fact>
        <Fact label={t("card.doctor")}>
          <Text>
            {a.doctor ? `${a.doctor.name}, ${a.doctor.specialty.name}` : t("card.noDoctor")}
          </Text>
        </Fact>
        <Fact label={t("card.service")}>
          <Text>{a.service.name}</Text>
        </Fact>
        <Fact label={t("card.time")}>
          <AppointmentTime appointment={a} />
        </Fact>
        <Fact label={t("card.coverage")}>
          <Text>{coverage}</Text>
        </Fact>
      </SimpleGrid>
      {a.request?.note ? (
        <Text fz="sm">{t("card.requestNote", { note: a.request.note })}</Text>
      ) : null}
      {a.letter ? (
        <Fact label={t("card.letter")}>
          {a.letter.fileName ? (
            <Anchor href={letterUrl(a.id)} download>
              {t("card.letterFile", { name: a.letter.fileName })}
            </Anchor>
          ) : (
            <Text>{t("card.letterSent", { date: formatMoscowDateTime(a.letter.sentAt) })}</Text>
          )}
          {a.letter.byName ? (
            <Text fz="sm">{t("card.letterBy", { name: a.letter.byName })}</Text>
          ) : null}
        </Fact>
      ) : null}
      {a.cancelReason ? <Text>{t("card.cancelReason", { reason: a.cancelReason })}</Text> : null}

      <Stack gap={4} component="section" aria-labelledby="appointment-history-title">
        <Title order={3} fz="h5" id="appointment-history-title">
          {t("card.history")}
        </Title>
        <List spacing={4} fz="sm">
          {a.history.map((event) => (
            <List.Item key={`${event.at}-${event.toStatus}`}>
              {t("card.historyEntry", {
                date: formatMoscowDateTime(event.at),
                status: t(`statuses.${event.toStatus}`),
              })}
              {` (${event.actorName ? `${t(`card.actor.${event.actor}`)}: ${event.actorName}` : t(`card.actor.${event.actor}`)})`}
              {event.reason ? ` — ${event.reason}` : ""}
            </List.Item>
          ))}
        </List>
      </Stack>

      <Stack gap="xs" component="section" aria-labelledby="appointment-actions-title">
        <Title order={3} fz="h5" id="appointment-actions-title">
          {t("card.actions")}
        </Title>
        {a.actions.length === 0 ? <Text fz="sm">{t("card.noActions")}</Text> : null}
        <Group gap="sm">
          {a.actions.map((action) => (
            <Button
              key={action}
              variant={action === "cancel" || action === "noshow" ? "default" : "filled"}
              color={action === "cancel" ? "red" : undefined}
              onClick={() => onAction(action)}
            >
              {t(`actions.${action}`)}
            </Button>
          ))}
          <Button variant="subtle" onClick={onClose}>
            {t("card.close")}
          </Button>
        </Group>
      </Stack>
    </Stack>
  );
}

interface ActionProps {
  appointment: StaffAppointmentDetail;
  onBack: () => void;
  onDone: (message: string) => void;
}

function ActionForm({ action, ...props }: ActionProps & { action: StaffAppointmentAction }) {
  switch (action) {
    case "schedule":
      return <ScheduleForm {...props} />;
    case "confirm":
      return <SimpleAction {...props} action="confirm" />;
    case "noshow":
      return <SimpleAction {...props} action="noshow" />;
    case "letter":
      return <LetterForm {...props} />;
    case "fulfil":
      return <FulfilForm {...props} />;
    case "cancel":
      return <CancelForm {...props} />;
  }
}

/** A change that refetches every list and card of «Записи» and reports success. */
function useChange<V>(
  run: (value: V) => Promise<StaffAppointmentDetail>,
  done: string,
  onDone: (message: string) => void,
  onError: (error: unknown) => void,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: appointmentsKey });
      onDone(done);
    },
    onError,
  });
}

function Buttons({
  submit,
  pending,
  onBack,
  extra,
}: {
  submit: string;
  pending: boolean;
  onBack: () => void;
  extra?: ReactNode;
}) {
  const { t } = useTranslation("staffAppointments");
  return (
    <Group gap="sm">
      <Button type="submit" loading={pending}>
        {submit}
      </Button>
      {extra}
      <Button variant="default" onClick={onBack} disabled={pending}>
        {t("back")}
      </Button>
    </Group>
  );
}

function SimpleAction({
  appointment,
  action,
  onBack,
  onDone,
}: ActionProps & { action: "confirm" | "noshow" }) {
  const { t } = useTranslation("staffAppointments");
  const messages = useFallbackMessages();
  const [error, setError] = useState<string | null>(null);
  const change = useChange(
    () => (action === "confirm" ? confirmAppointment(appointment.id) : markNoShow(appointment.id)),
    t(`${action}.done`),
    onDone,
    (failure) => setError(describeProblem(failure, messages)),
  );
  const time = appointment.startsAt ? formatMoscowDateTime(appointment.startsAt) : "";
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        change.mutate(undefined);
      }}
    >
      <Stack gap="md">
        {error ? <FormAlert>{error}</FormAlert> : null}
        <Text>{t(`${action}.text`, { time })}</Text>
        <Buttons submit={t(`${action}.submit`)} pending={change.isPending} onBack={onBack} />
      </Stack>
    </form>
  );
}

const scheduleFields = ["doctorId", "slotId", "date", "time", "durationMinutes", "startsAt"];

function ScheduleForm({ appointment, onBack, onDone }: ActionProps) {
  const { t } = useTranslation("staffAppointments");
  const messages = useFallbackMessages();
  const options = useQuery(bookingOptionsQuery(appointment.id));
  const [values, setValues] = useState({
    doctorId: "",
    slotId: "",
    date: "",
    time: "",
    durationMinutes: String(DEFAULT_APPOINTMENT_MINUTES),
  });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const change = useChange(
    (body: Parameters<typeof scheduleAppointment>[1]) => scheduleAppointment(appointment.id, body),
    "",
    () => undefined,
    (failure) => {
      const problem = problemOf(failure, scheduleFields, describeProblem(failure, messages));
      const placed = { ...problem.fields };
      // The API names the moment; the form types it as a date and a time.
      if (placed.startsAt) placed.time = placed.startsAt;
      setErrors(placed);
      setFormError(problem.form);
    },
  );
  if (options.isPending) return <PageLoader label={t("schedule.loadingOptions")} />;
  if (options.isError) return <LoadFailed title={t("schedule.optionsFailed")} query={options} />;
  const doctor = options.data.doctors.find((candidate) => candidate.id === values.doctorId);
  const manual = values.slotId === "";
  const set = (name: keyof typeof values, value: string) => {
    setValues((current) => ({
      ...current,
      [name]: value,
      ...(name === "doctorId" ? { slotId: "" } : {}),
    }));
    setErrors((current) => ({ ...current, [name]: "" }));
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setFormError(null);
        const parsed = scheduleFormSchema.safeParse(values);
        if (!parsed.success) {
          const found: Errors = {};
          for (const issue of parsed.error.issues) {
            const field = String(issue.path[0] ?? "");
            if (!found[field]) found[field] = issue.message;
          }
          setErrors(found);
          return;
        }
        change.mutate(parsed.data, {
          onSuccess: (scheduled) =>
            onDone(
              t("schedule.done", {
                time: scheduled.startsAt ? formatMoscowDateTime(scheduled.startsAt) : "",
              }),
            ),
        });
      }}
    >
      <Stack gap="md">
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <Text fz="sm">
          {appointment.clinic.name}, {appointment.specialty.name}
        </Text>
        <NativeSelect
          size="md"
          label={t("schedule.doctor")}
          value={values.doctorId}
          onChange={(event) => set("doctorId", event.currentTarget.value)}
          data={[
            { value: "", label: t("schedule.chooseDoctor") },
            ...options.data.doctors.map((candidate) => ({
              value: candidate.id,
              label: candidate.name,
            })),
          ]}
          {...fieldErrorProps(errors.doctorId)}
        />
        {doctor ? (
          <NativeSelect
            size="md"
            label={t("schedule.slot")}
            value={values.slotId}
            onChange={(event) => set("slotId", event.currentTarget.value)}
            description={doctor.slots.length === 0 ? t("schedule.noSlots") : undefined}
            data={[
              { value: "", label: t("schedule.manualTime") },
              ...doctor.slots.map((slot) => ({
                value: slot.id,
                label: formatMoscowDateTime(slot.startsAt),
              })),
            ]}
            {...fieldErrorProps(errors.slotId)}
          />
        ) : null}
        {manual ? (
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput
              size="md"
              label={t("schedule.date")}
              placeholder={t("schedule.datePlaceholder")}
              inputMode="numeric"
              value={values.date}
              onChange={(event) => set("date", formatDateInput(event.currentTarget.value))}
              {...fieldErrorProps(errors.date)}
            />
            <TextInput
              size="md"
              label={t("schedule.time")}
              placeholder={t("schedule.timePlaceholder")}
              inputMode="numeric"
              value={values.time}
              onChange={(event) => set("time", event.currentTarget.value)}
              {...fieldErrorProps(errors.time)}
            />
            <TextInput
              size="md"
              label={t("schedule.duration")}
              inputMode="numeric"
              value={values.durationMinutes}
              onChange={(event) => set("durationMinutes", event.currentTarget.value)}
              {...fieldErrorProps(errors.durationMinutes)}
            />
          </SimpleGrid>
        ) : null}
        <Buttons submit={t("schedule.submit")} pending={change.isPending} onBack={onBack} />
      </Stack>
    </form>
  );
}

function LetterForm({ appointment, onBack, onDone }: ActionProps) {
  const { t } = useTranslation("staffAppointments");
  const messages = useFallbackMessages();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const onError = (failure: unknown) => {
    const problem = problemOf(failure, ["file"], describeProblem(failure, messages));
    setFileError(problem.fields.file ?? null);
    setFormError(problem.form);
  };
  const upload = useChange(
    (chosen: File) => uploadLetter(appointment.id, chosen),
    t("letter.done"),
    onDone,
    onError,
  );
  const sent = useChange(() => markLetterSent(appointment.id), t("letter.done"), onDone, onError);
  const pending = upload.isPending || sent.isPending;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setFormError(null);
        if (!file) {
          setFileError(t("letter.fileRequired"));
          return;
        }
        upload.mutate(file);
      }}
    >
      <Stack gap="md">
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <Text>{t("letter.text")}</Text>
        <FileInput
          size="md"
          label={t("letter.file")}
          placeholder={t("letter.filePlaceholder")}
          accept="application/pdf,.pdf"
          value={file}
          onChange={(chosen) => {
            setFile(chosen);
            setFileError(null);
          }}
          clearable
          {...fieldErrorProps(fileError)}
        />
        <Buttons
          submit={t("letter.upload")}
          pending={upload.isPending}
          onBack={onBack}
          extra={
            <Button
              variant="default"
              loading={sent.isPending}
              disabled={pending}
              onClick={() => {
                setFormError(null);
                sent.mutate(undefined);
              }}
            >
              {t("letter.sent")}
            </Button>
          }
        />
      </Stack>
    </form>
  );
}

function FulfilForm({ appointment, onBack, onDone }: ActionProps) {
  const { t } = useTranslation("staffAppointments");
  const messages = useFallbackMessages();
  const types = useQuery(offeredServiceTypesQuery());
  const doctors = useQuery(doctorsQuery());
  const [values, setValues] = useState({ serviceTypeId: "", doctorId: "", note: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const fields = ["serviceTypeId", "doctorId", "note"];
  const change = useChange(
    (body: Parameters<typeof fulfilAppointment>[1]) => fulfilAppointment(appointment.id, body),
    t("fulfil.done"),
    onDone,
    (failure) => {
      const problem = problemOf(failure, fields, describeProblem(failure, messages));
      setErrors(problem.fields);
      setFormError(problem.form);
    },
  );
  if (types.isPending || doctors.isPending) return <PageLoader label={t("card.loading")} />;
  if (types.isError) return <LoadFailed title={t("card.failed")} query={types} />;
  if (doctors.isError) return <LoadFailed title={t("card.failed")} query={doctors} />;
  const set = (name: keyof typeof values, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => ({ ...current, [name]: "" }));
  };
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setFormError(null);
        const parsed = fulfilAppointmentSchema.safeParse({
          serviceTypeId: values.serviceTypeId,
          doctorId: values.doctorId,
          ...(values.note.trim() ? { note: values.note } : {}),
        });
        if (!parsed.success) {
          const found: Errors = {};
          for (const issue of parsed.error.issues) {
            const field = String(issue.path[0] ?? "");
            if (!found[field]) found[field] = issue.message;
          }
          setErrors(found);
          return;
        }
        change.mutate(parsed.data);
      }}
    >
      <Stack gap="md">
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <Text>{t("fulfil.text")}</Text>
        <NativeSelect
          size="md"
          label={t("fulfil.serviceType")}
          value={values.serviceTypeId}
          onChange={(event) => set("serviceTypeId", event.currentTarget.value)}
          data={[
            { value: "", label: t("fulfil.chooseServiceType") },
            ...types.data.serviceTypes.map((type) => ({ value: type.id, label: type.name })),
          ]}
          {...fieldErrorProps(errors.serviceTypeId)}
        />
        <NativeSelect
          size="md"
          label={t("fulfil.doctor")}
          value={values.doctorId}
          onChange={(event) => set("doctorId", event.currentTarget.value)}
          data={[
            { value: "", label: t("fulfil.chooseDoctor") },
            ...doctors.data.doctors.map((doctor) => ({ value: doctor.id, label: doctor.fullName })),
          ]}
          {...fieldErrorProps(errors.doctorId)}
        />
        <Textarea
          size="md"
          label={t("fulfil.note")}
          autosize
          minRows={2}
          value={values.note}
          onChange={(event) => set("note", event.currentTarget.value)}
          {...fieldErrorProps(errors.note)}
        />
        <Buttons submit={t("fulfil.submit")} pending={change.isPending} onBack={onBack} />
      </Stack>
    </form>
  );
}

function CancelForm({ appointment, onBack, onDone }: ActionProps) {
  const { t } = useTranslation("staffAppointments");
  const messages = useFallbackMessages();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const change = useChange(
    (body: { reason: string }) => cancelForClinic(appointment.id, body),
    t("cancel.done"),
    onDone,
    (failure) => {
      const problem = problemOf(failure, ["reason"], describeProblem(failure, messages));
      setReasonError(problem.fields.reason ?? null);
      setFormError(problem.form);
    },
  );
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setFormError(null);
        const parsed = clinicCancelSchema.safeParse({ reason });
        if (!parsed.success) {
          setReasonError(parsed.error.issues[0]?.message ?? null);
          return;
        }
        change.mutate(parsed.data);
      }}
    >
      <Stack gap="md">
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <Text>{t("cancel.text")}</Text>
        <Textarea
          size="md"
          label={t("cancel.reason")}
          autosize
          minRows={3}
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setReasonError(null);
          }}
          {...fieldErrorProps(reasonError)}
        />
        <Buttons submit={t("cancel.submit")} pending={change.isPending} onBack={onBack} />
      </Stack>
    </form>
  );
}
