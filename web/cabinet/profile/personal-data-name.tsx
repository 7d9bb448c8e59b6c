import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Stack, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { formatRuDate } from "../../../common/format/date.ts";
import {
  type NameRequestInput,
  nameRequestSchema,
} from "../../../common/identity/personal-data.schema.ts";
import type { ClientProfile } from "../../../common/identity/session.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { PersonFields } from "../identity/person-fields.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import { refreshPersonalData, sendNameRequest } from "./personal-data.api.ts";

type NameBody = z.output<typeof nameRequestSchema>;
const fieldNames = [
  "lastName",
  "firstName",
  "patronymic",
  "noPatronymic",
  "birthDate",
  "reason",
] as const;

/** «Изменить» surname, name, patronymic and birth date: the new values and a reason, to an operator. */
export function NameRequestForm({
  profile,
  onCancel,
  onSent,
}: {
  profile: ClientProfile;
  onCancel: () => void;
  onSent: () => void;
}) {
  const { t } = useTranslation("personal");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const send = useMutation({ mutationFn: sendNameRequest });
  const form = useForm<NameRequestInput, unknown, NameBody>({
    resolver: zodResolver(nameRequestSchema),
    defaultValues: {
      lastName: profile.lastName,
      firstName: profile.firstName,
      patronymic: profile.patronymic ?? "",
      noPatronymic: profile.patronymic === null,
      birthDate: formatRuDate(profile.birthDate),
      reason: "",
    },
  });

  // The body is what was typed (the date as «дд.мм.гггг»), once the schema has accepted it: the
  // server parses it with the same schema.
  const onSubmit = form.handleSubmit(async () => {
    setFormError(null);
    try {
      await send.mutateAsync(form.getValues());
      refreshPersonalData(queryClient);
      onSent();
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      setFormError(placeServerErrors(error, fieldNames, serverFieldError(form.setError), tCommon));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="name-request-title">
      <Stack gap="md" maw={440}>
        <Title order={3} fz="lg" id="name-request-title">
          {t("personal.name.formTitle")}
        </Title>
        {formError ? (
          <FormAlert title={t("personal.name.errorTitle")}>{formError}</FormAlert>
        ) : null}
        <PersonFields
          form={form}
          ownData
          labels={{
            lastName: t("personal.fields.lastName"),
            firstName: t("personal.fields.firstName"),
            patronymic: t("personal.fields.patronymic"),
            noPatronymic: t("personal.noPatronymic"),
            birthDate: t("personal.fields.birthDate"),
            birthDatePlaceholder: t("personal.name.birthDatePlaceholder"),
          }}
        />
        <Textarea
          label={t("personal.name.reason")}
          description={t("personal.name.reasonHint")}
          autosize
          minRows={2}
          maxLength={1000}
          {...bindField(form, "reason")}
        />
        <Group gap="sm">
          <Button type="submit" loading={send.isPending}>
            {t("personal.name.submit")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("personal.name.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
