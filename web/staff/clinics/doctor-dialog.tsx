import { zodResolver } from "@hookform/resolvers/zod";
import {
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import {
  type DoctorForm,
  type DoctorInput,
  doctorFormSchema,
  doctorToForm,
  type StaffDoctor,
} from "../../../common/booking/staff-clinics.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { clinicsKey, saveDoctor, specialtiesQuery } from "./clinics.api.ts";

const fieldNames = [
  "lastName",
  "firstName",
  "patronymic",
  "specialtyId",
  "practiceSince",
  "active",
] as const;

/** Adds a doctor to a clinic (`doctor` null) or edits one, in a dialog. */
export function DoctorDialog({
  clinicId,
  doctor,
  onClose,
}: {
  clinicId: string;
  doctor: StaffDoctor | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("staffClinics");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const specialties = useQuery(specialtiesQuery());
  const [formError, setFormError] = useState<string | null>(null);
  const title = doctor
    ? t("doctors.editTitle", { name: `${doctor.lastName} ${doctor.firstName}` })
    : t("doctors.createTitle");
  const form = useForm<DoctorForm, unknown, DoctorInput>({
    resolver: zodResolver(doctorFormSchema),
    shouldFocusError: false,
    defaultValues: doctorToForm(doctor),
  });
  const { register, handleSubmit, setError, setFocus } = form;
  const save = useMutation({
    mutationFn: (body: DoctorInput) => saveDoctor(clinicId, doctor?.id ?? null, body),
  });
  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        await save.mutateAsync(values);
        await queryClient.invalidateQueries({ queryKey: clinicsKey });
        onClose();
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
    <Modal
      opened
      onClose={onClose}
      title={title}
      closeButtonProps={{ "aria-label": t("doctors.close") }}
      size="lg"
      centered
    >
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="md">
          {formError ? <FormAlert title={t("doctors.errorTitle")}>{formError}</FormAlert> : null}
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <TextInput
              label={t("doctors.lastName")}
              autoComplete="off"
              {...bindField(form, "lastName")}
            />
            <TextInput
              label={t("doctors.firstName")}
              autoComplete="off"
              {...bindField(form, "firstName")}
            />
            <TextInput
              label={t("doctors.patronymic")}
              autoComplete="off"
              {...bindField(form, "patronymic")}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NativeSelect
              label={t("doctors.specialty")}
              data={[
                { value: "", label: t("doctors.chooseSpecialty") },
                ...(specialties.data?.specialties ?? []).map((specialty) => ({
                  value: specialty.id,
                  label: specialty.name,
                })),
              ]}
              {...bindField(form, "specialtyId")}
            />
            <TextInput
              label={t("doctors.practiceSince")}
              inputMode="numeric"
              autoComplete="off"
              {...bindField(form, "practiceSince")}
            />
          </SimpleGrid>
          <Checkbox label={t("doctors.active")} {...register("active")} />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t("doctors.save")}
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
