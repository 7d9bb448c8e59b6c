import { zodResolver } from "@hookform/resolvers/zod";
import {
  Anchor,
  Button,
  Checkbox,
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
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import {
  BOOKING_MODES,
  type ClinicForm,
  type ClinicInput,
  clinicFormSchema,
  clinicToForm,
  type StaffClinic,
} from "../../../common/booking/staff-clinics.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { IconArrowLeft } from "../../ui/icons.tsx";
import { PageLoader } from "../../ui/page-loader.tsx";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { useFallbackMessages } from "../errors.ts";
import { clinicCardQuery, clinicsKey, saveClinic } from "./clinics.api.ts";

const fieldNames = [
  "name",
  "address",
  "metro",
  "district",
  "latitude",
  "longitude",
  "phones",
  "openingHours",
  "bookingMode",
  "cancellationCutoffHours",
  "whatToBring",
  "companyDiscountPercent",
  "active",
] as const;

export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Anchor component={Link} to={to} fz="sm">
      <Group gap={4} component="span" wrap="nowrap">
        <IconArrowLeft size={16} />
        {label}
      </Group>
    </Anchor>
  );
}

/** «Новая клиника». */
export function NewClinicPage() {
  return <ClinicEditor clinic={null} />;
}

/** A clinic's edit form, once it is loaded. */
export function EditClinicPage() {
  const { t } = useTranslation("staffClinics");
  const { id = "" } = useParams();
  const card = useQuery(clinicCardQuery(id));
  if (card.isPending) return <PageLoader label={t("clinicForm.loading")} />;
  if (card.isError) {
    return (
      <Stack gap="lg">
        <BackLink to="/staff/clinics" label={t("clinicForm.back")} />
        <LoadFailed title={t("card.failedTitle")} query={card} />
      </Stack>
    );
  }
  return <ClinicEditor key={card.data.clinic.id} clinic={card.data.clinic} />;
}

function ClinicEditor({ clinic }: { clinic: StaffClinic | null }) {
  const { t } = useTranslation("staffClinics");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const title = clinic
    ? t("clinicForm.editTitle", { name: clinic.name })
    : t("clinicForm.createTitle");

  const form = useForm<ClinicForm, unknown, ClinicInput>({
    resolver: zodResolver(clinicFormSchema),
    shouldFocusError: false,
    defaultValues: clinicToForm(clinic),
  });
  const { register, handleSubmit, setError, setFocus } = form;
  const save = useMutation({
    mutationFn: (body: ClinicInput) => saveClinic(clinic?.id ?? null, body),
  });

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const saved = await save.mutateAsync(values);
        await queryClient.invalidateQueries({ queryKey: clinicsKey });
        navigate(`/staff/clinics/${saved.id}`);
      } catch (error) {
        setFormError(
          placeProblem(
            error,
            fieldNames,
            (name, message, focus) =>
              setError(name, { type: "server", message }, { shouldFocus: focus }),
            messages,
          ),
        );
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  return (
    <Stack gap="lg">
      <title>{`${title} — ${ts("pageTitleSuffix")}`}</title>
      {clinic ? (
        <BackLink to={`/staff/clinics/${clinic.id}`} label={t("clinicForm.backToCard")} />
      ) : (
        <BackLink to="/staff/clinics" label={t("clinicForm.back")} />
      )}
      <Title order={1}>{title}</Title>
      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
        <form onSubmit={onSubmit} noValidate aria-label={title}>
          <Stack gap="md">
            {formError ? (
              <FormAlert title={t("clinicForm.errorTitle")}>{formError}</FormAlert>
            ) : null}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label={t("clinicForm.name")}
                autoComplete="off"
                {...bindField(form, "name")}
              />
              <TextInput
                label={t("clinicForm.address")}
                autoComplete="off"
                {...bindField(form, "address")}
              />
              <TextInput
                label={t("clinicForm.metro")}
                autoComplete="off"
                {...bindField(form, "metro")}
              />
              <TextInput
                label={t("clinicForm.district")}
                autoComplete="off"
                {...bindField(form, "district")}
              />
              <TextInput
                label={t("clinicForm.latitude")}
                description={t("clinicForm.coordinatesHint")}
                inputMode="decimal"
                autoComplete="off"
                {...bindField(form, "latitude")}
              />
              <TextInput
                label={t("clinicForm.longitude")}
                inputMode="decimal"
                autoComplete="off"
                {...bindField(form, "longitude")}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Textarea
                label={t("clinicForm.phones")}
                description={t("clinicForm.phonesHint")}
                autosize
                minRows={2}
                {...bindField(form, "phones")}
              />
              <Textarea
                label={t("clinicForm.openingHours")}
                autosize
                minRows={2}
                {...bindField(form, "openingHours")}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <NativeSelect
                label={t("clinicForm.bookingMode")}
                data={BOOKING_MODES.map((value) => ({
                  value,
                  label: t(`clinics.modes.${value}`),
                }))}
                {...bindField(form, "bookingMode")}
              />
              <TextInput
                label={t("clinicForm.cutoff")}
                inputMode="numeric"
                autoComplete="off"
                {...bindField(form, "cancellationCutoffHours")}
              />
              <TextInput
                label={t("clinicForm.discount")}
                inputMode="decimal"
                autoComplete="off"
                {...bindField(form, "companyDiscountPercent")}
              />
            </SimpleGrid>
            <Textarea
              label={t("clinicForm.whatToBring")}
              autosize
              minRows={2}
              {...bindField(form, "whatToBring")}
            />
            <Checkbox label={t("clinicForm.active")} {...register("active")} />
            <Group>
              <Button type="submit" loading={save.isPending}>
                {clinic ? t("clinicForm.submitEdit") : t("clinicForm.submitCreate")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
