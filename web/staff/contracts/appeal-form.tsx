import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import {
  type AppealForm as AppealFormValues,
  appealChannels,
  appealFormSchema,
  type CreateAppeal,
  type ServiceType,
  type StaffAppeal,
} from "../../../common/appeals/appeals.schema.ts";
import type {
  Doctor,
  StaffContractCard,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { formatDateInput } from "../../ui/date-mask.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import { useFallbackMessages } from "../errors.ts";
import {
  addAppeal,
  contractCardKey,
  doctorsQuery,
  offeredServiceTypesQuery,
} from "./contracts.api.ts";

const fieldNames = [
  "serviceTypeId",
  "personId",
  "doctorId",
  "channel",
  "date",
  "time",
  "outcome",
] as const;

interface AppealFormProps {
  card: StaffContractCard;
  onDone: (appeal: StaffAppeal | null) => void;
}

/**
 * «Добавить обращение»: who received which service, from which doctor, how, and the outcome.
 * The form waits for its lists, so the selects start on their defaults (the signed-in doctor).
 */
export function AppealForm(props: AppealFormProps) {
  const { t } = useTranslation("staffContracts");
  const doctors = useQuery(doctorsQuery());
  const serviceTypes = useQuery(offeredServiceTypesQuery());
  if (doctors.isError) return <LoadFailed title={t("appealForm.optionsFailed")} query={doctors} />;
  if (serviceTypes.isError) {
    return <LoadFailed title={t("appealForm.optionsFailed")} query={serviceTypes} />;
  }
  if (!doctors.data || !serviceTypes.data) return <PageLoader label={t("card.loading")} />;
  return (
    <AppealFormFields
      {...props}
      doctors={doctors.data.doctors}
      serviceTypes={serviceTypes.data.serviceTypes}
    />
  );
}

function AppealFormFields({
  card,
  onDone,
  doctors,
  serviceTypes,
}: AppealFormProps & { doctors: Doctor[]; serviceTypes: ServiceType[] }) {
  const { t } = useTranslation("staffContracts");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const staff = useSignedInStaff();
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(() => appealFormSchema(), []);

  const defaultValues = useMemo<AppealFormValues>(() => {
    const [date = "", time = ""] = formatMoscowDateTime(new Date()).split(" ");
    const current = card.persons.filter((person) => person.replacedAt === null);
    return {
      serviceTypeId: "",
      personId: current.length === 1 ? (current[0]?.id ?? "") : "",
      doctorId: staff.role === "doctor" ? staff.id : "",
      channel: "",
      date,
      time,
      outcome: "",
    };
  }, [card.persons, staff]);

  const form = useForm<AppealFormValues, unknown, CreateAppeal>({
    resolver: zodResolver(schema),
    shouldFocusError: false,
    defaultValues,
  });
  const { control, handleSubmit, setError, setFocus } = form;

  const save = useMutation({ mutationFn: (body: CreateAppeal) => addAppeal(card.id, body) });

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const appeal = await save.mutateAsync(values);
        await queryClient.invalidateQueries({ queryKey: contractCardKey(card.id) });
        onDone(appeal);
      } catch (error) {
        setFormError(
          placeProblem(
            error,
            [...fieldNames, "occurredAt"] as const,
            (name, message, focus) =>
              // The server checks the moment as one value; the form shows it under the time.
              setError(
                name === "occurredAt" ? "time" : name,
                { type: "server", message },
                {
                  shouldFocus: focus,
                },
              ),
            messages,
          ),
        );
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  const choose = { value: "", label: t("appealForm.choose") };

  return (
    <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }} component="section">
      <form onSubmit={onSubmit} noValidate aria-labelledby="appeal-form-title">
        <Stack gap="md">
          <Title order={3} fz="h4" id="appeal-form-title">
            {t("appealForm.title")}
          </Title>
          {formError ? <FormAlert title={t("appealForm.errorTitle")}>{formError}</FormAlert> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NativeSelect
              size="md"
              label={t("appealForm.serviceType")}
              data={[
                choose,
                ...serviceTypes.map((type) => ({
                  value: type.id,
                  label: type.name,
                })),
              ]}
              {...bindField(form, "serviceTypeId")}
            />
            <NativeSelect
              size="md"
              label={t("appealForm.person")}
              data={[
                choose,
                ...card.persons.map((person) => ({
                  value: person.id,
                  label: `${t("common.slot", { slot: person.slot })}: ${
                    person.replacedAt
                      ? t("appealForm.personReplaced", { name: person.fullName })
                      : person.fullName
                  }`,
                })),
              ]}
              {...bindField(form, "personId")}
            />
            <NativeSelect
              size="md"
              label={t("appealForm.doctor")}
              data={[
                choose,
                ...doctors.map((doctor) => ({
                  value: doctor.id,
                  label: doctor.fullName,
                })),
              ]}
              {...bindField(form, "doctorId")}
            />
            <NativeSelect
              size="md"
              label={t("appealForm.channel")}
              data={[
                choose,
                ...appealChannels.map((channel) => ({
                  value: channel,
                  label: t(`common.channel.${channel}`),
                })),
              ]}
              {...bindField(form, "channel")}
            />
            <Controller
              control={control}
              name="date"
              render={({ field, fieldState }) => (
                <TextInput
                  label={t("appealForm.date")}
                  placeholder={t("appealForm.datePlaceholder")}
                  inputMode="numeric"
                  autoComplete="off"
                  {...controlledFieldProps(fieldState)}
                  ref={field.ref}
                  name={field.name}
                  value={field.value}
                  onBlur={field.onBlur}
                  onChange={(event) => field.onChange(formatDateInput(event.currentTarget.value))}
                />
              )}
            />
            <TextInput
              label={t("appealForm.time")}
              placeholder={t("appealForm.timePlaceholder")}
              inputMode="numeric"
              autoComplete="off"
              {...bindField(form, "time")}
            />
          </SimpleGrid>
          <Textarea
            label={t("appealForm.outcome")}
            description={t("appealForm.outcomeHint")}
            autosize
            minRows={3}
            maxRows={10}
            {...bindField(form, "outcome")}
          />
          <Group gap="sm">
            <Button type="submit" loading={save.isPending}>
              {t("appealForm.submit")}
            </Button>
            <Button variant="default" onClick={() => onDone(null)}>
              {t("appealForm.cancel")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
