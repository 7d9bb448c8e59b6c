import { Checkbox, Fieldset, Stack, Text, TextInput } from "@mantine/core";
import { Controller, type UseFormReturn, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { formatDateInput } from "../../ui/date-mask.ts";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import type { CheckoutBody, CheckoutValues } from "./checkout-schema.ts";

/**
 * «Пациент 1» / «Пациент 2» of the checkout: surname, name, patronymic with «Нет отчества» and the
 * birth date through the date mask, each bound to its label and showing its own error.
 */
export function CheckoutPerson({
  form,
  index,
  hint,
  ownData,
}: {
  form: UseFormReturn<CheckoutValues, unknown, CheckoutBody>;
  index: 0 | 1;
  hint: string;
  /** The person is most likely the buyer: let the browser offer their own data. */
  ownData: boolean;
}) {
  const { t } = useTranslation("shop");
  const { control, setValue, clearErrors } = form;
  const noPatronymic = useWatch({ control, name: `persons.${index}.noPatronymic` });
  const auto = (own: string) => (ownData ? own : "off");
  return (
    <Fieldset legend={t("checkout.patient", { slot: index + 1 })} radius="md" variant="filled">
      <Stack gap="sm">
        <Text fz="sm" c="dimmed">
          {hint}
        </Text>
        <TextInput
          label={t("checkout.lastName")}
          autoComplete={auto("family-name")}
          {...bindField(form, `persons.${index}.lastName`)}
        />
        <TextInput
          label={t("checkout.firstName")}
          autoComplete={auto("given-name")}
          {...bindField(form, `persons.${index}.firstName`)}
        />
        <Stack gap="xs">
          <TextInput
            label={t("checkout.patronymic")}
            autoComplete={auto("additional-name")}
            disabled={noPatronymic}
            {...bindField(form, `persons.${index}.patronymic`)}
          />
          <Controller
            control={control}
            name={`persons.${index}.noPatronymic`}
            render={({ field: { value, onChange, ref, name, onBlur } }) => (
              <Checkbox
                ref={ref}
                name={name}
                onBlur={onBlur}
                checked={value ?? false}
                label={t("checkout.noPatronymic")}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  onChange(checked);
                  if (checked) {
                    setValue(`persons.${index}.patronymic`, "");
                    clearErrors(`persons.${index}.patronymic`);
                  }
                }}
              />
            )}
          />
        </Stack>
        <Controller
          control={control}
          name={`persons.${index}.birthDate`}
          render={({ field, fieldState }) => (
            <TextInput
              {...field}
              onChange={(event) => field.onChange(formatDateInput(event.currentTarget.value))}
              label={t("checkout.birthDate")}
              placeholder={t("checkout.birthDatePlaceholder")}
              inputMode="numeric"
              autoComplete={auto("bday")}
              maxLength={10}
              {...controlledFieldProps(fieldState)}
            />
          )}
        />
      </Stack>
    </Fieldset>
  );
}
