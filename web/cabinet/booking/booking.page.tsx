import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { BookingPersonView, SlotView } from "../../../common/booking/booking.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { QueryState } from "../contracts/query-state.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import { useBackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import {
  bookAppointment,
  bookingQueryKeys,
  clinicsQuery,
  type ServiceFilters,
  type SlotFilters,
  slotsQuery,
  storeNewAppointment,
  useBookingPersons,
  useSlots,
  useSpecialties,
} from "./booking.api.ts";
import { capitalize } from "./booking-format.ts";
import { type BookingChoices, bookingSearch, useBookingChoices } from "./booking-params.ts";
import { ClinicServices } from "./clinic-services.tsx";
import { ClinicStep } from "./clinic-step.tsx";
import { PaidVisitForm } from "./paid-visit-form.tsx";
import { PersonStep } from "./person-step.tsx";
import { RequestForm } from "./request-form.tsx";
import { SubjectStep } from "./subject-step.tsx";
import { TimeStep } from "./time-step.tsx";

const TOTAL_STEPS = 4;

/** One step: «Шаг 2 из 4» and its heading, which takes the focus when the step opens. */
function Step({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  const { t } = useTranslation("booking");
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // A new step (not the first screen) moves the focus to its heading, so a screen reader reads it.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  });
  return (
    <section aria-labelledby={headingId}>
      <Stack gap="md">
        <Stack gap={2}>
          <Text fz="sm" c="dimmed">
            {t("stepOf", { step: number, total: TOTAL_STEPS })}
          </Text>
          <Title order={2} fz="h3" id={headingId} ref={heading} tabIndex={-1}>
            {title}
          </Title>
        </Stack>
        {children}
      </Stack>
    </section>
  );
}

/** A choice already made, with «Изменить» (a link: it goes back to that step). */
function Chosen({ label, value, change }: { label: string; value: string; change: string }) {
  const { t } = useTranslation("booking");
  // A <dl>'s item is a <div> holding its <dt> and <dd>: «Изменить» goes inside the <dd>.
  return (
    <div>
      <Text component="dt" fz="sm" c="dimmed">
        {label}
      </Text>
      <Group component="dd" m={0} justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
        <Text fw={600} style={{ overflowWrap: "anywhere", minWidth: 0 }}>
          {value}
        </Text>
        <Anchor
          component={Link}
          to={{ search: change }}
          fz="sm"
          fw={600}
          aria-label={t("changeLabel", { what: label })}
          style={{ flexShrink: 0 }}
        >
          {t("change")}
        </Anchor>
      </Group>
    </div>
  );
}

function ChosenSoFar({ children }: { children: ReactNode }) {
  const { t } = useTranslation("booking");
  const titleId = useId();
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Title order={2} fz="h5" id={titleId}>
          {t("chosen.title")}
        </Title>
        <Stack component="dl" gap="xs" m={0}>
          {children}
        </Stack>
      </Stack>
    </Paper>
  );
}

/** The filters of the times at the chosen clinic: the doctor's, or the specialty's at the clinic. */
function slotFilters(choices: BookingChoices, personId: string, clinicId: string): SlotFilters {
  return {
    personId,
    clinicId,
    ...(choices.doctorId ? { doctorId: choices.doctorId } : {}),
    ...(choices.specialtyId && !choices.doctorId ? { specialtyId: choices.specialtyId } : {}),
  };
}

/** «Услуги и цены» of the chosen specialty, or of the chosen doctor's (read off their times). */
function serviceFilters(
  choices: BookingChoices & { personId: string; clinicId: string },
  slots: readonly SlotView[] | undefined,
): ServiceFilters {
  const specialtyId = choices.specialtyId ?? slots?.[0]?.doctor.specialty.id;
  return {
    personId: choices.personId,
    clinicId: choices.clinicId,
    ...(specialtyId ? { specialtyId } : {}),
    ...(choices.day ? { on: choices.day } : {}),
  };
}

/**
 * The times at a clinic, the chosen one's cost, «Подтвердить запись» (or, for a «Платно» time,
 * «Оплатить и записаться») and the clinic's prices.
 */
function TimesAndConfirm({
  choices,
  choose,
  person,
}: {
  choices: BookingChoices & { personId: string; clinicId: string };
  choose: ReturnType<typeof useBookingChoices>["choose"];
  person: BookingPersonView;
}) {
  const { t } = useTranslation("booking");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const filters = slotFilters(choices, choices.personId, choices.clinicId);
  const slots = useSlots(filters);
  // A paid time refused with 409 (taken meanwhile): said here, as a refused booking is.
  const [payRefusal, setPayRefusal] = useState<ApiError | null>(null);
  const timeTaken = () => {
    // The time was taken meanwhile: its choice goes, the times are read again.
    choose({ slotId: null, day: choices.day }, { replace: true });
    void queryClient.invalidateQueries({ queryKey: bookingQueryKeys.slots(filters) });
  };
  const book = useMutation({
    mutationFn: (slot: SlotView) => bookAppointment({ slotId: slot.id, personId: person.id }),
    onSuccess: (appointment) => {
      storeNewAppointment(queryClient, appointment);
      navigate(`/cabinet/booking/done/${appointment.id}`);
    },
    onError: (error) => {
      forgetSessionOn401(queryClient, error);
      if (error instanceof ApiError && error.status === 409) timeTaken();
    },
  });
  const chosen = slots.data?.find((slot) => slot.id === choices.slotId) ?? null;
  const refusal = book.error ?? payRefusal;
  const taken = refusal instanceof ApiError && refusal.status === 409;
  const { reset } = book;
  // A new choice of time clears the refusal of the previous one.
  useEffect(() => {
    if (choices.slotId) {
      reset();
      setPayRefusal(null);
    }
  }, [choices.slotId, reset]);
  return (
    <Stack gap="md">
      {refusal ? (
        <FormAlert title={t("confirm.failedTitle")}>
          {describeError(refusal, tCommon)}
          {taken ? ` ${t("confirm.taken")}` : null}
        </FormAlert>
      ) : null}
      <QueryState query={slots}>
        {(list) => (
          <TimeStep
            slots={list}
            day={choices.day}
            slotId={choices.slotId}
            onDay={(day) => choose({ day })}
            onSlot={(slot) => choose({ slotId: slot.id }, { replace: choices.slotId !== null })}
          />
        )}
      </QueryState>
      {chosen?.coverage.kind === "paid" ? (
        <PaidVisitForm
          key={chosen.id}
          slot={chosen}
          personId={person.id}
          onConflict={(error) => {
            setPayRefusal(error);
            timeTaken();
          }}
        />
      ) : chosen ? (
        <Button
          size="md"
          loading={book.isPending}
          onClick={() => book.mutate(chosen)}
          style={{ alignSelf: "flex-start" }}
        >
          {t("confirm.submit")}
        </Button>
      ) : null}
      {/* A doctor's specialty is known from their times: until they load, nothing to narrow by. */}
      {choices.doctorId && !slots.data ? null : (
        <ClinicServices filters={serviceFilters(choices, slots.data)} />
      )}
    </Stack>
  );
}

function Flow({ persons }: { persons: BookingPersonView[] }) {
  const { t } = useTranslation("booking");
  const { choices, choose } = useBookingChoices();
  const person = persons.find((candidate) => candidate.id === choices.personId);
  const subjectChosen = Boolean(choices.specialtyId || choices.doctorId);
  const clinicFilters = {
    personId: person?.id ?? "",
    ...(choices.specialtyId ? { specialtyId: choices.specialtyId } : {}),
    ...(choices.doctorId ? { doctorId: choices.doctorId } : {}),
    ...(choices.metro ? { metro: choices.metro } : {}),
    ...(choices.district ? { district: choices.district } : {}),
  };
  // The chosen clinic's details (its booking mode, name) come from the network's list.
  const clinicsForChoice = useQuery({
    ...clinicsQuery({
      personId: person?.id ?? "",
      ...(choices.specialtyId ? { specialtyId: choices.specialtyId } : {}),
      ...(choices.doctorId ? { doctorId: choices.doctorId } : {}),
    }),
    enabled: Boolean(person && subjectChosen && choices.clinicId),
  });
  const clinic = clinicsForChoice.data?.clinics.find(
    (candidate) => candidate.id === choices.clinicId,
  );
  const specialties = useSpecialties();
  const specialty = specialties.data?.find((s) => s.id === choices.specialtyId);
  const specialtyName = specialty ? capitalize(specialty.name) : undefined;
  // A doctor's name is on their times (the same query the times step reads).
  const doctorSlots = useQuery({
    ...slotsQuery(slotFilters(choices, person?.id ?? "", choices.clinicId ?? "")),
    enabled: Boolean(person && choices.doctorId && choices.clinicId),
  });
  const doctor = doctorSlots.data?.find((slot) => slot.doctor.id === choices.doctorId)?.doctor;
  const subjectName = doctor ? `${doctor.name}, ${doctor.specialty.name}` : specialtyName;

  const choosePerson = useCallback(
    (chosen: BookingPersonView, replace: boolean) =>
      choose({ personId: chosen.id, contractId: chosen.contractId }, { replace }),
    [choose],
  );

  const summary = (
    <>
      {person ? (
        <Chosen
          label={t("chosen.person")}
          value={person.name}
          change={bookingSearch(choices, { personId: null, contractId: null })}
        />
      ) : null}
      {person && subjectChosen ? (
        <Chosen
          label={t("chosen.subject")}
          value={subjectName ?? "…"}
          change={bookingSearch(choices, { specialtyId: null, doctorId: null })}
        />
      ) : null}
      {clinic ? (
        <Chosen
          label={t("chosen.clinic")}
          value={clinic.name}
          change={bookingSearch(choices, { clinicId: null })}
        />
      ) : null}
    </>
  );

  let step: ReactNode;
  if (!person) {
    step = (
      <Step number={1} title={t("person.title")}>
        <PersonStep
          persons={persons}
          contractId={choices.contractId}
          unknownPerson={choices.personId !== null}
          onChoose={choosePerson}
        />
      </Step>
    );
  } else if (!subjectChosen) {
    step = (
      <Step number={2} title={t("subject.title")}>
        <SubjectStep
          personId={person.id}
          onSpecialty={(specialtyId) => choose({ specialtyId })}
          onDoctor={(chosen) =>
            choose({
              doctorId: chosen.id,
              specialtyId: chosen.specialtyId,
              clinicId: chosen.clinicId,
            })
          }
        />
      </Step>
    );
  } else if (!choices.clinicId) {
    step = (
      <Step number={3} title={t("clinic.title")}>
        <ClinicStep
          filters={clinicFilters}
          onFilter={(changes) => choose(changes, { replace: true })}
          onChoose={(chosen) => choose({ clinicId: chosen.id })}
        />
      </Step>
    );
  } else if (clinicsForChoice.isPending) {
    step = <QueryState query={clinicsForChoice}>{() => null}</QueryState>;
  } else if (clinic?.bookingMode === "requests_only") {
    step = (
      <Step number={4} title={t("request.title")}>
        {choices.specialtyId ? (
          <Stack gap="md">
            <RequestForm
              personId={person.id}
              clinicId={clinic.id}
              specialtyId={choices.specialtyId}
              doctorId={choices.doctorId}
            />
            <ClinicServices
              filters={{
                personId: person.id,
                clinicId: clinic.id,
                specialtyId: choices.specialtyId,
              }}
            />
          </Stack>
        ) : (
          <Text>{t("request.noSpecialty")}</Text>
        )}
      </Step>
    );
  } else {
    step = (
      <Step number={4} title={t("time.title")}>
        <TimesAndConfirm
          choices={{ ...choices, personId: person.id, clinicId: choices.clinicId }}
          choose={choose}
          person={person}
        />
      </Step>
    );
  }

  return (
    <Stack gap="lg">
      {person ? <ChosenSoFar>{summary}</ChosenSoFar> : null}
      {step}
    </Stack>
  );
}

/** «Записаться к врачу»: для кого → специальность или врач → клиника → день и время → подтверждение. */
export function BookingPage() {
  const { t } = useTranslation("booking");
  const { t: tContact } = useTranslation("contact");
  const persons = useBookingPersons();
  const back = useBackTo({ to: "/cabinet", label: tContact("home.title") });
  return (
    <Page documentTitle={t("pageTitle")} title={t("title")} back={back}>
      <QueryState query={persons}>{(list) => <Flow persons={list} />}</QueryState>
    </Page>
  );
}
