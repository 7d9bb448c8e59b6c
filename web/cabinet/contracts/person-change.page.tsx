import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Paper, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import {
  addPersonRequestSchema,
  type ContractDetail,
  type ReplacementRequestBody,
  type ReplacementRequestInput,
  replacementRequestSchema,
} from "../../../common/contracts/contracts.schema.ts";
import { formatRuDate } from "../../../common/format/date.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { PhoneInput } from "../../ui/phone-input.tsx";
import { focusFirstInvalid, placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { PersonFields } from "../identity/person-fields.tsx";
import { forgetSessionOn401 } from "../identity/session.ts";
import type { BackTo } from "../shell/back-link.tsx";
import { Page } from "../shell/page.tsx";
import type { ContractNoticeState } from "./contract.page.tsx";
import { useContractParent } from "./contract-parent.ts";
import {
  addPerson,
  contractQueryKey,
  contractsQueryKey,
  requestReplacement,
  useContract,
} from "./contracts.api.ts";
import { QueryState } from "./query-state.tsx";

type Mode = "add" | "replace";

const fieldNames = [
  "lastName",
  "firstName",
  "patronymic",
  "noPatronymic",
  "birthDate",
  "phone",
  "email",
  "reason",
] as const;

const emptyValues: ReplacementRequestInput = {
  lastName: "",
  firstName: "",
  patronymic: "",
  noPatronymic: false,
  birthDate: "",
  phone: "",
  email: "",
  reason: "",
};

function PersonForm({
  contract,
  mode,
  back,
}: {
  contract: ContractDetail;
  mode: Mode;
  back: BackTo;
}) {
  const { t } = useTranslation("contracts");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const schema = mode === "add" ? addPersonRequestSchema : replacementRequestSchema;

  const form = useForm<ReplacementRequestInput, unknown, ReplacementRequestBody>({
    // The add form has no reason: its schema ignores the field.
    resolver: zodResolver(schema as typeof replacementRequestSchema),
    shouldFocusError: false,
    defaultValues: emptyValues,
  });
  const { control, handleSubmit, setError, setFocus, getValues } = form;

  useEffect(() => {
    setFocus("lastName");
  }, [setFocus]);

  const save = useMutation({
    mutationFn: (body: ReplacementRequestInput) => {
      const { reason, ...person } = body;
      return mode === "add"
        ? addPerson(contract.id, person)
        : requestReplacement(contract.id, { ...person, reason });
    },
  });

  // What was typed is sent as it is (the date as «дд.мм.гггг»): the server parses it with the
  // same schema. On a refusal every field keeps its value.
  const onSubmit = handleSubmit(
    async () => {
      setFormError(null);
      try {
        const updated = await save.mutateAsync(getValues());
        queryClient.setQueryData(contractQueryKey(contract.id), updated);
        void queryClient.invalidateQueries({ queryKey: contractsQueryKey });
        const state: ContractNoticeState = { notice: mode === "add" ? "added" : "requested" };
        // Back on the contract's page, which keeps its own way back.
        navigate(back.to, { state: { ...back.state, ...state } });
      } catch (error) {
        forgetSessionOn401(queryClient, error);
        setFormError(placeServerErrors(error, fieldNames, serverFieldError(setError), tCommon));
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  return (
    <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }}>
      <form onSubmit={onSubmit} noValidate aria-labelledby="person-form-title">
        <Stack gap="md" maw={480}>
          <Text id="person-form-title" fw={700}>
            {t("form.contract", { kind: t(`kind.${contract.kind}`), number: contract.number })}
          </Text>
          <Text>
            {mode === "add"
              ? t("form.addIntro", { date: formatRuDate(contract.startsOn) })
              : t("form.replaceIntro")}
          </Text>
          <Text fz="sm" c="dimmed">
            {t("form.requiredNote")}
          </Text>
          {formError ? <FormAlert title={t("form.errorTitle")}>{formError}</FormAlert> : null}
          <PersonFields
            form={form}
            ownData={false}
            labels={{
              lastName: t("form.lastName"),
              firstName: t("form.firstName"),
              patronymic: t("form.patronymic"),
              noPatronymic: t("form.noPatronymic"),
              birthDate: t("form.birthDate"),
              birthDatePlaceholder: t("form.birthDatePlaceholder"),
            }}
          />
          <Controller
            control={control}
            name="phone"
            render={({ field, fieldState }) => (
              <PhoneInput
                ref={field.ref}
                name={field.name}
                onBlur={field.onBlur}
                value={field.value ?? ""}
                onChange={field.onChange}
                label={t("form.phone")}
                autoComplete="off"
                {...controlledFieldProps(fieldState)}
              />
            )}
          />
          <TextInput
            label={t("form.email")}
            type="email"
            inputMode="email"
            autoComplete="off"
            {...bindField(form, "email")}
          />
          {mode === "replace" ? (
            <Textarea
              label={t("form.reason")}
              autosize
              minRows={3}
              {...bindField(form, "reason")}
            />
          ) : null}
          <Group gap="sm">
            <Button type="submit" loading={save.isPending}>
              {mode === "add" ? t("form.addSubmit") : t("form.replaceSubmit")}
            </Button>
            <Button component={Link} to={back.to} state={back.state} variant="default">
              {t("form.cancel")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function NotAllowed({ contract, mode }: { contract: ContractDetail; mode: Mode }) {
  const { t } = useTranslation("contracts");
  const option = mode === "add" ? contract.changes.addPatient2 : contract.changes.replacePatient1;
  const refusal = option.refusal;
  const text =
    refusal === "slot-taken"
      ? t("form.slotTaken")
      : refusal === "request-pending"
        ? t("form.requestPending")
        : refusal
          ? t(`detail.refusal.${refusal}`, { date: formatRuDate(contract.startsOn) })
          : "";
  return <FormAlert title={t("form.notAllowedTitle")}>{text}</FormAlert>;
}

/**
 * Decided once, on the data the page opened with: a later refetch that finds the change refused
 * must not take the form, and what was typed in it, off the screen; the refusal then shows in the
 * form's alert.
 */
function FormOrRefusal({
  contract,
  mode,
  back,
}: {
  contract: ContractDetail;
  mode: Mode;
  back: BackTo;
}) {
  const [allowed] = useState(
    () =>
      (mode === "add" ? contract.changes.addPatient2 : contract.changes.replacePatient1).allowed,
  );
  return allowed ? (
    <PersonForm contract={contract} mode={mode} back={back} />
  ) : (
    <NotAllowed contract={contract} mode={mode} />
  );
}

/** «Пациент 2» — «Добавить», or «Пациент 1» — «Изменить» (a replacement request). */
export function PersonChangePage({ mode }: { mode: Mode }) {
  const { t } = useTranslation("contracts");
  const { id = "" } = useParams();
  const contract = useContract(id);
  const back = useContractParent(id, contract.data?.kind);
  return (
    <Page
      documentTitle={t(mode === "add" ? "form.addPageTitle" : "form.replacePageTitle")}
      title={t(mode === "add" ? "form.addTitle" : "form.replaceTitle")}
      back={back}
    >
      <QueryState query={contract}>
        {(loaded) => <FormOrRefusal contract={loaded} mode={mode} back={back} />}
      </QueryState>
    </Page>
  );
}
