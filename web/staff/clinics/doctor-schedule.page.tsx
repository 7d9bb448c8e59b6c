import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import {
  type DoctorSchedule,
  EXCEPTION_KINDS,
  type ExceptionKind,
  exceptionInputSchema,
  type SlotReconciliation,
} from "../../../common/booking/staff-clinics.schema.ts";
import { formatRuDate, parseRuDate } from "../../../common/format/date.ts";
import { ApiError } from "../../ui/api.ts";
import { formatDateInput } from "../../ui/date-mask.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import { doctorName } from "./clinic-card.page.tsx";
import { BackLink } from "./clinic-form.page.tsx";
import { addException, clinicsKey, doctorScheduleQuery, removeException } from "./clinics.api.ts";
import { TemplateFormCard } from "./template-form.tsx";

/** A doctor's schedule: the weekly template and the exceptions, and the times they make. */
export function DoctorSchedulePage() {
  const { t } = useTranslation("staffClinics");
  const { t: ts } = useTranslation("staff");
  const { id = "", doctorId = "" } = useParams();
  const isAdmin = useSignedInStaff().role === "admin";
  const queryClient = useQueryClient();
  const schedule = useQuery(doctorScheduleQuery(doctorId));
  const [change, setChange] = useState<SlotReconciliation | null>(null);

  const changed = async (reconciliation: SlotReconciliation) => {
    setChange(reconciliation);
    await queryClient.invalidateQueries({ queryKey: clinicsKey });
  };

  if (schedule.isPending) return <PageLoader label={t("schedule.loading")} />;
  if (schedule.isError) {
    return (
      <Stack gap="lg">
        <BackLink to={`/staff/clinics/${id}`} label={t("clinicForm.backToCard")} />
        <LoadFailed title={t("schedule.failedTitle")} query={schedule} />
      </Stack>
    );
  }
  const data = schedule.data;
  const title = t("schedule.title", { name: doctorName(data.doctor) });
  return (
    <Stack gap="lg">
      <title>{`${title} — ${ts("pageTitleSuffix")}`}</title>
      <BackLink
        to={`/staff/clinics/${data.clinic.id}`}
        label={t("schedule.back", { clinic: data.clinic.name })}
      />
      <Title order={1}>{title}</Title>
      <Text>
        {data.doctor.specialty.name} ·{" "}
        <span data-testid="slot-count">
          {t("schedule.slots", { upcoming: data.upcomingSlots, booked: data.bookedSlots })}
        </span>
      </Text>
      {data.clinic.bookingMode === "requests_only" ? (
        <FormAlert tone="info" title={t("clinics.modes.requests_only")}>
          {t("schedule.requestsOnly")}
        </FormAlert>
      ) : null}
      {data.doctor.active ? null : (
        <FormAlert tone="info" title={t("doctors.inactive")}>
          {t("schedule.inactive")}
        </FormAlert>
      )}
      <div aria-live="polite">
        {change ? (
          <FormAlert tone="success" title={t("template.title")}>
            {t("schedule.saved", {
              upcoming: change.upcomingSlots,
              added: change.added,
              removed: change.removed,
            })}
            {change.kept > 0 ? ` ${t("schedule.kept", { count: change.kept })}` : ""}
          </FormAlert>
        ) : null}
      </div>
      {isAdmin ? (
        <TemplateFormCard
          key={JSON.stringify(data.template)}
          doctorId={doctorId}
          template={data.template}
          onSaved={changed}
        />
      ) : (
        <TemplateSummary schedule={data} />
      )}
      <Exceptions schedule={data} isAdmin={isAdmin} onChanged={changed} />
    </Stack>
  );
}

/** The template as text, for an operator who reads it. */
function TemplateSummary({ schedule }: { schedule: DoctorSchedule }) {
  const { t } = useTranslation("staffClinics");
  return (
    <Paper withBorder radius="lg" p="md">
      <Stack gap="xs">
        <Title order={2} fz="h3">
          {t("template.title")}
        </Title>
        {schedule.template === null || schedule.template.days.length === 0 ? (
          <Text c="dimmed">{t("template.noShifts")}</Text>
        ) : (
          <>
            <Text>
              {t("template.slotMinutes")}: {schedule.template.slotMinutes}
            </Text>
            {schedule.template.days.map((day) => (
              <Text key={`${day.weekday}-${day.hours.start}`}>
                {t(`template.weekdays.${String(day.weekday) as "1"}`)}: {day.hours.start}–
                {day.hours.end}
                {day.breaks.map((pause) => ` (${pause.start}–${pause.end})`).join("")}
              </Text>
            ))}
          </>
        )}
      </Stack>
    </Paper>
  );
}

type ExceptionErrors = Partial<Record<"date" | "startsAt" | "endsAt" | "kind" | "note", string>>;

function Exceptions({
  schedule,
  isAdmin,
  onChanged,
}: {
  schedule: DoctorSchedule;
  isAdmin: boolean;
  onChanged: (reconciliation: SlotReconciliation) => Promise<void>;
}) {
  const { t } = useTranslation("staffClinics");
  const messages = useFallbackMessages();
  const [date, setDate] = useState("");
  const [wholeDay, setWholeDay] = useState(true);
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [kind, setKind] = useState<ExceptionKind>("leave");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<ExceptionErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const add = useMutation({
    mutationFn: (body: Parameters<typeof addException>[1]) =>
      addException(schedule.doctor.id, body),
    onSuccess: async (answer) => {
      setDate("");
      setNote("");
      await onChanged(answer.reconciliation);
    },
    onError: (error) => {
      setFormError(describeProblem(error, messages));
      if (error instanceof ApiError) {
        setErrors(
          Object.fromEntries(error.fieldErrors.map(({ field, message }) => [field, message])),
        );
      }
    },
  });
  const remove = useMutation({
    mutationFn: removeException,
    onSuccess: (answer) => onChanged(answer.reconciliation),
    onError: (error) => setFormError(describeProblem(error, messages)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const iso = parseRuDate(date);
    const parsed = exceptionInputSchema.safeParse({
      date: iso ?? "",
      startsAt: wholeDay ? null : startsAt,
      endsAt: wholeDay ? null : endsAt,
      kind,
      note: note.trim() || null,
    });
    if (!iso || !parsed.success) {
      const found: ExceptionErrors = {};
      if (!iso) found.date = t("exceptions.badDate");
      for (const issue of parsed.error?.issues ?? []) {
        const key = String(issue.path[0]) as keyof ExceptionErrors;
        found[key] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    add.mutate(parsed.data);
  };

  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="exceptions-title"
    >
      <Stack gap="md">
        <Title order={2} fz="h3" id="exceptions-title">
          {t("exceptions.title")}
        </Title>
        <Text c="dimmed">{t("exceptions.intro")}</Text>
        {schedule.exceptions.length === 0 ? <Text c="dimmed">{t("exceptions.empty")}</Text> : null}
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
          {schedule.exceptions.map((exception) => {
            const when = `${formatRuDate(exception.date)}, ${
              exception.startsAt && exception.endsAt
                ? t("exceptions.hours", { start: exception.startsAt, end: exception.endsAt })
                : t("exceptions.wholeDay")
            }`;
            return (
              <Group component="li" key={exception.id} justify="space-between" gap="sm">
                <Text>
                  {when} — {t(`exceptions.kinds.${exception.kind}`)}
                  {exception.note ? ` (${exception.note})` : ""}
                </Text>
                {isAdmin ? (
                  <Button
                    size="xs"
                    variant="default"
                    loading={remove.isPending && remove.variables === exception.id}
                    onClick={() => remove.mutate(exception.id)}
                  >
                    {t("exceptions.remove")}
                    <span className="visually-hidden">{` — ${when}`}</span>
                  </Button>
                ) : null}
              </Group>
            );
          })}
        </Stack>
        {isAdmin ? (
          <form onSubmit={submit} noValidate aria-label={t("exceptions.form")}>
            <Stack gap="sm">
              {formError ? (
                <FormAlert title={t("exceptions.errorTitle")}>{formError}</FormAlert>
              ) : null}
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput
                  label={t("exceptions.date")}
                  placeholder={t("exceptions.datePlaceholder")}
                  inputMode="numeric"
                  autoComplete="off"
                  value={date}
                  onChange={(event) => setDate(formatDateInput(event.currentTarget.value))}
                  {...fieldErrorProps(errors.date)}
                />
                <NativeSelect
                  label={t("exceptions.kind")}
                  value={kind}
                  onChange={(event) => setKind(event.currentTarget.value as ExceptionKind)}
                  data={EXCEPTION_KINDS.map((value) => ({
                    value,
                    label: t(`exceptions.kinds.${value}`),
                  }))}
                  {...fieldErrorProps(errors.kind)}
                />
                <TextInput
                  label={t("exceptions.note")}
                  autoComplete="off"
                  value={note}
                  onChange={(event) => setNote(event.currentTarget.value)}
                  {...fieldErrorProps(errors.note)}
                />
              </SimpleGrid>
              <Checkbox
                label={t("exceptions.wholeDayLabel")}
                checked={wholeDay}
                onChange={(event) => setWholeDay(event.currentTarget.checked)}
              />
              {wholeDay ? null : (
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <TextInput
                    label={t("exceptions.start")}
                    placeholder="09:00"
                    autoComplete="off"
                    value={startsAt}
                    onChange={(event) => setStartsAt(event.currentTarget.value)}
                    {...fieldErrorProps(errors.startsAt)}
                  />
                  <TextInput
                    label={t("exceptions.end")}
                    placeholder="13:00"
                    autoComplete="off"
                    value={endsAt}
                    onChange={(event) => setEndsAt(event.currentTarget.value)}
                    {...fieldErrorProps(errors.endsAt)}
                  />
                </SimpleGrid>
              )}
              <Group>
                <Button type="submit" loading={add.isPending}>
                  {t("exceptions.add")}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Paper>
  );
}
