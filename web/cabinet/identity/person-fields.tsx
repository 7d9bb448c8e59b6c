import { Checkbox, Stack, TextInput } from "@mantine/core";
import { Controller, type FieldValues, type UseFormReturn, useWatch } from "react-hook-form";
import { formatDateInput } from "../../ui/date-mask.ts";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";

/** The values a form needs to hold to show the person's fields. */
export interface PersonFieldValues extends FieldValues {
  lastName: string;
  firstName: string;
  patronymic?: string;
  noPatronymic?: boolean;
  birthDate: string;
}

export interface PersonFieldLabels {
  lastName: string;
  firstName: string;
  patronymic: string;
  noPatronymic: string;
  birthDate: string;
  birthDatePlaceholder: string;
}

/** The browser fills these in from the user's own data; `off` where the person is someone else. */
const ownAutoComplete = {
  lastName: "family-name",
  firstName: "given-name",
  patronymic: "additional-name",
  birthDate: "bday",
} as const;

const offAutoComplete = {
  lastName: "off",
  firstName: "off",
  patronymic: "off",
  birthDate: "off",
} as const;

/**
 * A person's surname, name, patronymic with «Нет отчества» (ticking it empties the patronymic and
 * its error) and birth date typed as «дд.мм.гггг» through the date mask. Each field shows its own
 * error below it; the fields come in this order, as siblings of the form's other fields.
 */
export function PersonFields<T extends PersonFieldValues, TOutput extends FieldValues>({
  form,
  labels,
  ownData,
}: {
  form: UseFormReturn<T, unknown, TOutput>;
  labels: PersonFieldLabels;
  /** The person is the user (registration): offer the browser's autofill of their own data. */
  ownData: boolean;
}) {
  // The field names are fixed by PersonFieldValues; react-hook-form cannot check paths on a generic.
  const personForm = form as unknown as UseFormReturn<PersonFieldValues, unknown, FieldValues>;
  const { control, setValue, clearErrors } = personForm;
  const bind = (name: "lastName" | "firstName" | "patronymic") => bindField(personForm, name);
  const noPatronymic = useWatch({ control, name: "noPatronymic" });
  const autoComplete = ownData ? ownAutoComplete : offAutoComplete;

  return (
    <>
      <TextInput
        label={labels.lastName}
        autoComplete={autoComplete.lastName}
        {...bind("lastName")}
      />
      <TextInput
        label={labels.firstName}
        autoComplete={autoComplete.firstName}
        {...bind("firstName")}
      />
      <Stack gap="xs">
        <TextInput
          label={labels.patronymic}
          autoComplete={autoComplete.patronymic}
          disabled={noPatronymic}
          {...bind("patronymic")}
        />
        <Controller
          control={control}
          name="noPatronymic"
          render={({ field: { value, onChange, ref, name, onBlur } }) => (
            <Checkbox
              ref={ref}
              name={name}
              onBlur={onBlur}
              checked={value ?? false}
              label={labels.noPatronymic}
              onChange={(event) => {
                const checked = event.currentTarget.checked;
                onChange(checked);
                if (checked) {
                  setValue("patronymic", "");
                  clearErrors("patronymic");
                }
              }}
            />
          )}
        />
      </Stack>
      <Controller
        control={control}
        name="birthDate"
        render={({ field, fieldState }) => (
          <TextInput
            {...field}
            onChange={(event) => field.onChange(formatDateInput(event.currentTarget.value))}
            label={labels.birthDate}
            placeholder={labels.birthDatePlaceholder}
            inputMode="numeric"
            autoComplete={autoComplete.birthDate}
            maxLength={10}
            {...controlledFieldProps(fieldState)}
          />
        )}
      />
    </>
  );
}
