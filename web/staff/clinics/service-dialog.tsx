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
  type ServiceForm,
  type ServiceInput,
  type StaffService,
  serviceFormSchema,
  serviceToForm,
} from "../../../common/booking/staff-clinics.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { clinicsKey, saveService, specialtiesQuery } from "./clinics.api.ts";

const fieldNames = [
  "code",
  "name",
  "specialtyId",
  "priceRubles",
  "companyDiscountPercent",
  "isVisit",
  "active",
] as const;

/** Adds a service with the clinic's price (typed in roubles, sent in kopecks) or edits one. */
export function ServiceDialog({
  clinicId,
  service,
  onClose,
}: {
  clinicId: string;
  service: StaffService | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("staffClinics");
  const { t: ts } = useTranslation("staff");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const specialties = useQuery(specialtiesQuery());
  const [formError, setFormError] = useState<string | null>(null);
  const title = service
    ? t("services.editTitle", { name: service.name })
    : t("services.createTitle");
  const form = useForm<ServiceForm, unknown, ServiceInput>({
    resolver: zodResolver(serviceFormSchema),
    shouldFocusError: false,
    defaultValues: serviceToForm(service),
  });
  const { register, handleSubmit, setError, setFocus } = form;
  const save = useMutation({
    mutationFn: (body: ServiceInput) => saveService(clinicId, service?.id ?? null, body),
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
            [...fieldNames, "priceKopecks"] as const,
            (name, message, focus) =>
              // The API takes kopecks; the form asks for roubles.
              setError(
                name === "priceKopecks" ? "priceRubles" : name,
                { type: "server", message },
                { shouldFocus: focus },
              ),
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
      closeButtonProps={{ "aria-label": t("services.close") }}
      size="lg"
      centered
    >
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="md">
          {formError ? <FormAlert title={t("services.errorTitle")}>{formError}</FormAlert> : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t("services.code")}
              autoComplete="off"
              spellCheck={false}
              {...bindField(form, "code")}
            />
            <NativeSelect
              label={t("services.specialty")}
              data={[
                { value: "", label: t("services.chooseSpecialty") },
                ...(specialties.data?.specialties ?? []).map((specialty) => ({
                  value: specialty.id,
                  label: specialty.name,
                })),
              ]}
              {...bindField(form, "specialtyId")}
            />
          </SimpleGrid>
          <TextInput label={t("services.name")} autoComplete="off" {...bindField(form, "name")} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t("services.priceRubles")}
              placeholder={t("services.pricePlaceholder")}
              inputMode="decimal"
              autoComplete="off"
              {...bindField(form, "priceRubles")}
            />
            <TextInput
              label={t("services.discount")}
              description={t("services.discountHint")}
              inputMode="decimal"
              autoComplete="off"
              {...bindField(form, "companyDiscountPercent")}
            />
          </SimpleGrid>
          <Checkbox label={t("services.isVisit")} {...register("isVisit")} />
          <Checkbox label={t("services.active")} {...register("active")} />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t("services.save")}
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
