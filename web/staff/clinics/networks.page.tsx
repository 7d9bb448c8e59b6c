import {
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import {
  LIMIT_PERIODS,
  type LimitPeriodValue,
  type NetworkEntryInput,
  type NetworkEntryView,
} from "../../../common/booking/staff-clinics.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { describeProblem, placeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import { programsQuery } from "../programs/programs.api.ts";
import { BackLink } from "./clinic-form.page.tsx";
import {
  clinicCardQuery,
  clinicsQuery,
  networksKey,
  programNetworkQuery,
  removeNetworkEntry,
  saveNetworkEntry,
  specialtiesQuery,
} from "./clinics.api.ts";

/** «Сети программ»: which clinics, specialties and services a program covers, with its limits. */
export function NetworksPage() {
  const { t } = useTranslation("staffClinics");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const isAdmin = useSignedInStaff().role === "admin";
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const programId = params.get("program") ?? "";
  const programs = useQuery(programsQuery());
  const network = useQuery({ ...programNetworkQuery(programId), enabled: programId !== "" });
  const [editing, setEditing] = useState<NetworkEntryView | "new" | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: removeNetworkEntry,
    onMutate: () => setActionError(null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: networksKey }),
    onError: (error) => setActionError(describeProblem(error, messages)),
  });

  return (
    <Stack gap="lg">
      <title>{`${t("networks.title")} — ${ts("pageTitleSuffix")}`}</title>
      <BackLink to="/staff/clinics" label={t("networks.back")} />
      <Title order={1}>{t("networks.title")}</Title>
      <Text c="dimmed">{t("networks.intro")}</Text>
      <Group align="flex-end" gap="md">
        <NativeSelect
          label={t("networks.program")}
          value={programId}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setParams(value ? { program: value } : {});
          }}
          data={[
            { value: "", label: t("networks.chooseProgram") },
            ...(programs.data?.programs ?? []).map((program) => ({
              value: program.id,
              label: program.name,
            })),
          ]}
          miw={320}
        />
        {isAdmin && programId ? (
          <Button onClick={() => setEditing("new")}>{t("networks.add")}</Button>
        ) : null}
      </Group>
      {programs.isError ? <LoadFailed title={t("networks.failedTitle")} query={programs} /> : null}
      {actionError ? <FormAlert title={t("networks.actionFailed")}>{actionError}</FormAlert> : null}
      {programId && network.isPending ? <PageLoader label={t("networks.loading")} /> : null}
      {network.isError ? <LoadFailed title={t("networks.failedTitle")} query={network} /> : null}
      {network.data?.entries.length === 0 ? <Text c="dimmed">{t("networks.empty")}</Text> : null}
      {network.data && network.data.entries.length > 0 ? (
        <Table.ScrollContainer minWidth={720}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("networks.columns.clinic")}</Table.Th>
                <Table.Th>{t("networks.columns.specialty")}</Table.Th>
                <Table.Th>{t("networks.columns.service")}</Table.Th>
                <Table.Th>{t("networks.columns.letter")}</Table.Th>
                <Table.Th>{t("networks.columns.limit")}</Table.Th>
                {isAdmin ? <Table.Th>{t("networks.columns.actions")}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {network.data.entries.map((entry) => {
                const whose = (
                  <span className="visually-hidden">{` — ${entry.clinic.name}, ${
                    entry.specialty?.name ?? t("networks.allSpecialties")
                  }`}</span>
                );
                return (
                  <Table.Tr key={entry.id}>
                    <Table.Td>{entry.clinic.name}</Table.Td>
                    <Table.Td>{entry.specialty?.name ?? t("networks.allSpecialties")}</Table.Td>
                    <Table.Td>{entry.service?.name ?? t("networks.allServices")}</Table.Td>
                    <Table.Td>
                      {entry.guaranteeLetterRequired ? t("networks.yes") : t("networks.no")}
                    </Table.Td>
                    <Table.Td>
                      {entry.limitVisits === null
                        ? t("networks.noLimit")
                        : t("networks.limitText", {
                            visits: entry.limitVisits,
                            period: t(`networks.periods.${entry.limitPeriod}`),
                          })}
                    </Table.Td>
                    {isAdmin ? (
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" variant="default" onClick={() => setEditing(entry)}>
                            {t("networks.edit")}
                            {whose}
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            loading={remove.isPending && remove.variables === entry.id}
                            onClick={() => remove.mutate(entry.id)}
                          >
                            {t("networks.remove")}
                            {whose}
                          </Button>
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {editing !== null && programId ? (
        <EntryDialog
          programId={programId}
          entry={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Stack>
  );
}

type EntryErrors = Partial<Record<keyof NetworkEntryInput, string>>;
const entryFields = [
  "clinicId",
  "specialtyId",
  "serviceId",
  "guaranteeLetterRequired",
  "limitVisits",
  "limitPeriod",
] as const;

function EntryDialog({
  programId,
  entry,
  onClose,
}: {
  programId: string;
  entry: NetworkEntryView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("staffClinics");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const [clinicId, setClinicId] = useState(entry?.clinic.id ?? "");
  const [specialtyId, setSpecialtyId] = useState(entry?.specialty?.id ?? "");
  const [serviceId, setServiceId] = useState(entry?.service?.id ?? "");
  const [letter, setLetter] = useState(entry?.guaranteeLetterRequired ?? false);
  const [limit, setLimit] = useState(
    entry?.limitVisits === null || !entry ? "" : String(entry.limitVisits),
  );
  const [period, setPeriod] = useState<LimitPeriodValue>(entry?.limitPeriod ?? "year");
  const [errors, setErrors] = useState<EntryErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const clinics = useQuery(clinicsQuery({}));
  const specialties = useQuery(specialtiesQuery());
  const card = useQuery({ ...clinicCardQuery(clinicId), enabled: clinicId !== "" });
  const services = (card.data?.services ?? []).filter(
    (service) => !specialtyId || service.specialty.id === specialtyId,
  );
  const title = entry
    ? t("networks.editTitle", { clinic: entry.clinic.name })
    : t("networks.addTitle");

  const save = useMutation({
    mutationFn: (body: NetworkEntryInput) => saveNetworkEntry(programId, entry?.id ?? null, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: networksKey });
      onClose();
    },
    onError: (error) => {
      const found: EntryErrors = {};
      setFormError(
        placeProblem(
          error,
          entryFields,
          (name, message) => {
            found[name] = message;
          },
          messages,
        ),
      );
      setErrors(found);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const found: EntryErrors = {};
    if (!clinicId) found.clinicId = t("networks.chooseClinic");
    const visits = limit.trim() === "" ? null : Number(limit.trim());
    if (visits !== null && (!Number.isInteger(visits) || visits < 0)) {
      found.limitVisits = t("networks.limitHint");
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate({
      clinicId,
      specialtyId: specialtyId || null,
      serviceId: serviceId || null,
      guaranteeLetterRequired: letter,
      limitVisits: visits,
      limitPeriod: period,
    });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      closeButtonProps={{ "aria-label": t("networks.close") }}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack gap="md">
          {formError ? <FormAlert title={t("networks.errorTitle")}>{formError}</FormAlert> : null}
          <NativeSelect
            label={t("networks.clinic")}
            value={clinicId}
            onChange={(event) => {
              setClinicId(event.currentTarget.value);
              setServiceId("");
            }}
            data={[
              { value: "", label: t("networks.chooseClinic") },
              ...(clinics.data?.clinics ?? []).map((clinic) => ({
                value: clinic.id,
                label: `${clinic.name} — ${clinic.address}`,
              })),
            ]}
            {...fieldErrorProps(errors.clinicId)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NativeSelect
              label={t("networks.specialty")}
              value={specialtyId}
              onChange={(event) => {
                setSpecialtyId(event.currentTarget.value);
                setServiceId("");
              }}
              data={[
                { value: "", label: t("networks.allSpecialties") },
                ...(specialties.data?.specialties ?? []).map((specialty) => ({
                  value: specialty.id,
                  label: specialty.name,
                })),
              ]}
              {...fieldErrorProps(errors.specialtyId)}
            />
            <NativeSelect
              label={t("networks.service")}
              value={serviceId}
              onChange={(event) => setServiceId(event.currentTarget.value)}
              data={[
                { value: "", label: t("networks.allServices") },
                ...services.map((service) => ({
                  value: service.id,
                  label: `${service.code} · ${service.name}`,
                })),
              ]}
              {...fieldErrorProps(errors.serviceId)}
            />
          </SimpleGrid>
          <Checkbox
            label={t("networks.letter")}
            checked={letter}
            onChange={(event) => setLetter(event.currentTarget.checked)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t("networks.limit")}
              description={t("networks.limitHint")}
              inputMode="numeric"
              autoComplete="off"
              value={limit}
              onChange={(event) => setLimit(event.currentTarget.value)}
              {...fieldErrorProps(errors.limitVisits)}
            />
            <NativeSelect
              label={t("networks.period")}
              value={period}
              onChange={(event) => setPeriod(event.currentTarget.value as LimitPeriodValue)}
              data={LIMIT_PERIODS.map((value) => ({
                value,
                label: t(`networks.periods.${value}`),
              }))}
              {...fieldErrorProps(errors.limitPeriod)}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t("networks.save")}
            </Button>
            <Button variant="default" onClick={onClose}>
              {ts("common.cancel")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
