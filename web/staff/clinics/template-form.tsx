import { zodResolver } from "@hookform/resolvers/zod";
import {
  Box,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { type Control, type UseFormReturn, useFieldArray, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import {
  type SlotReconciliation,
  type TemplateForm,
  templateFormSchema,
  templateToForm,
  type WeeklyTemplateInput,
} from "../../../common/booking/staff-clinics.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { describeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { saveTemplate } from "./clinics.api.ts";

const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;
type Form = UseFormReturn<TemplateForm, unknown, WeeklyTemplateInput>;

/**
 * A doctor's weekly template as one form: the slot length, and shifts (a weekday, its hours and
 * breaks). Saving it reconciles the doctor's times for 30 days; `onSaved` gets what changed.
 */
export function TemplateFormCard({
  doctorId,
  template,
  onSaved,
}: {
  doctorId: string;
  template: WeeklyTemplateInput | null;
  onSaved: (reconciliation: SlotReconciliation) => void;
}) {
  const { t } = useTranslation("staffClinics");
  const messages = useFallbackMessages();
  const [formError, setFormError] = useState<string | null>(null);
  const form: Form = useForm<TemplateForm, unknown, WeeklyTemplateInput>({
    resolver: zodResolver(templateFormSchema),
    defaultValues: templateToForm(template),
  });
  const { control, handleSubmit, setError, watch } = form;
  const days = useFieldArray({ control, name: "days" });
  const save = useMutation({
    mutationFn: (body: WeeklyTemplateInput) => saveTemplate(doctorId, body),
  });

  const addShift = () => {
    const last = watch("days").at(-1);
    const weekday = last ? String((Number(last.weekday) % 7) + 1) : "1";
    days.append({
      weekday,
      hours: { start: last?.hours.start ?? "09:00", end: last?.hours.end ?? "18:00" },
      breaks: [],
    });
  };

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const answer = await save.mutateAsync(values);
      form.reset(templateToForm(answer.schedule.template));
      onSaved(answer.reconciliation);
    } catch (error) {
      setFormError(describeProblem(error, messages));
      // The server names a template's fields as the form does («days.0.hours.end»).
      if (error instanceof ApiError) {
        for (const { field, message } of error.fieldErrors) {
          if (/^(slotMinutes|days\.\d+\.)/.test(field)) {
            setError(field as "slotMinutes", { type: "server", message });
          }
        }
      }
    }
  });

  return (
    <Paper
      withBorder
      radius="lg"
      p={{ base: "md", sm: "lg" }}
      component="section"
      aria-labelledby="template-title"
    >
      <form onSubmit={onSubmit} noValidate aria-label={t("template.form")}>
        <Stack gap="md">
          <Text component="h2" fz="h3" fw={700} id="template-title" m={0}>
            {t("template.title")}
          </Text>
          {formError ? <FormAlert title={t("template.errorTitle")}>{formError}</FormAlert> : null}
          <TextInput
            label={t("template.slotMinutes")}
            inputMode="numeric"
            autoComplete="off"
            maw={280}
            {...bindField(form, "slotMinutes")}
          />
          {days.fields.length === 0 ? <Text c="dimmed">{t("template.noShifts")}</Text> : null}
          {days.fields.map((field, index) => (
            <Box
              key={field.id}
              component="fieldset"
              m={0}
              p="sm"
              style={{ border: "1px solid var(--mantine-color-gray-4)", borderRadius: 8 }}
            >
              <Text component="legend" fw={600} px={4}>
                {t("template.shift", { number: index + 1 })}
              </Text>
              <Stack gap="sm">
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <NativeSelect
                    label={t("template.weekday")}
                    data={WEEKDAYS.map((value) => ({
                      value,
                      label: t(`template.weekdays.${value}`),
                    }))}
                    {...bindField(form, `days.${index}.weekday`)}
                  />
                  <TextInput
                    label={t("template.start")}
                    placeholder={t("template.timePlaceholder")}
                    autoComplete="off"
                    {...bindField(form, `days.${index}.hours.start`)}
                  />
                  <TextInput
                    label={t("template.end")}
                    placeholder={t("template.timePlaceholder")}
                    autoComplete="off"
                    {...bindField(form, `days.${index}.hours.end`)}
                  />
                </SimpleGrid>
                <Breaks form={form} control={control} dayIndex={index} />
                <Group>
                  <Button
                    size="xs"
                    variant="default"
                    color="red"
                    onClick={() => days.remove(index)}
                  >
                    {t("template.removeShift")}
                    <span className="visually-hidden">{` ${index + 1}`}</span>
                  </Button>
                </Group>
              </Stack>
            </Box>
          ))}
          <Group>
            <Button variant="default" onClick={addShift}>
              {t("template.addShift")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("template.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function Breaks({
  form,
  control,
  dayIndex,
}: {
  form: Form;
  control: Control<TemplateForm, unknown, WeeklyTemplateInput>;
  dayIndex: number;
}) {
  const { t } = useTranslation("staffClinics");
  const breaks = useFieldArray({ control, name: `days.${dayIndex}.breaks` });
  return (
    <Stack gap="xs">
      {breaks.fields.map((field, index) => (
        <Group key={field.id} align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label={`${t("template.break", { number: index + 1 })}: ${t("template.breakStart").toLowerCase()}`}
            placeholder="13:00"
            autoComplete="off"
            {...bindField(form, `days.${dayIndex}.breaks.${index}.start`)}
          />
          <TextInput
            label={`${t("template.break", { number: index + 1 })}: ${t("template.breakEnd").toLowerCase()}`}
            placeholder="14:00"
            autoComplete="off"
            {...bindField(form, `days.${dayIndex}.breaks.${index}.end`)}
          />
          <Button size="xs" variant="subtle" onClick={() => breaks.remove(index)}>
            {t("template.removeBreak")}
            <span className="visually-hidden">{` ${index + 1}`}</span>
          </Button>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="subtle"
          onClick={() => breaks.append({ start: "13:00", end: "14:00" })}
        >
          {t("template.addBreak")}
        </Button>
      </Group>
    </Stack>
  );
}
