import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { z } from "zod";
import {
  type AddContractRequest,
  addContractRequestSchema,
} from "../../../common/contracts/contracts.schema.ts";
import { formatDateInput } from "../../ui/date-mask.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { focusFirstInvalid, placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { Page } from "../shell/page.tsx";
import { addContract, contractsQueryKey } from "./contracts.api.ts";

const fieldNames = ["number", "birthDate"] as const;

/** What «Мои договоры» shows once after a contract was added. */
export interface AddedContractState {
  added?: string[];
}

/**
 * «Добавить договор»: the contract's number and the birth date of a person it covers link it to
 * the account. A wrong number and a wrong date get one answer; 5 wrong tries an hour, then a wait.
 */
export function AddContractPage() {
  const { t } = useTranslation("contracts");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<AddContractRequest, unknown, z.output<typeof addContractRequestSchema>>({
    resolver: zodResolver(addContractRequestSchema),
    shouldFocusError: false,
    defaultValues: { number: "", birthDate: "" },
  });
  const { control, handleSubmit, setError, setFocus, getValues } = form;

  useEffect(() => {
    setFocus("number");
  }, [setFocus]);

  const save = useMutation({ mutationFn: addContract });

  // The date goes as typed («дд.мм.гггг»): the server parses it with the same schema.
  const onSubmit = handleSubmit(
    async () => {
      setFormError(null);
      try {
        const { added } = await save.mutateAsync(getValues());
        await queryClient.invalidateQueries({ queryKey: contractsQueryKey });
        const state: AddedContractState = { added: added.map((contract) => contract.number) };
        navigate("/cabinet/contracts", { state });
      } catch (error) {
        forgetSessionOn401(queryClient, error);
        setFormError(placeServerErrors(error, fieldNames, serverFieldError(setError), tCommon));
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  return (
    <Page
      documentTitle={t("add.pageTitle")}
      title={t("add.title")}
      back={{ to: "/cabinet/contracts", label: t("add.back") }}
    >
      <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
        <form onSubmit={onSubmit} noValidate aria-labelledby="add-contract-intro">
          <Stack gap="md" maw={480}>
            <Text id="add-contract-intro">{t("add.intro")}</Text>
            <Text fz="sm" c="dimmed">
              {t("add.limitNote")}
            </Text>
            {formError ? <FormAlert title={t("add.errorTitle")}>{formError}</FormAlert> : null}
            <TextInput
              label={t("add.number")}
              placeholder={t("add.numberPlaceholder")}
              description={t("add.numberHint")}
              autoComplete="off"
              {...bindField(form, "number")}
            />
            <Controller
              control={control}
              name="birthDate"
              render={({ field, fieldState }) => (
                <TextInput
                  {...field}
                  onChange={(event) => field.onChange(formatDateInput(event.currentTarget.value))}
                  label={t("add.birthDate")}
                  description={t("add.birthDateHint")}
                  placeholder={t("add.birthDatePlaceholder")}
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={10}
                  {...controlledFieldProps(fieldState)}
                />
              )}
            />
            <Group gap="sm">
              <Button type="submit" loading={save.isPending}>
                {t("add.submit")}
              </Button>
              <Button component={Link} to="/cabinet/contracts" variant="default">
                {t("add.cancel")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Page>
  );
}
