import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Modal, NativeSelect, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { ServiceType } from "../../../common/appeals/appeals.schema.ts";
import {
  type CloseContact,
  closeCallbackSchema,
} from "../../../common/contact/contact-queue.schema.ts";
import type { CoveredPerson, Doctor } from "../../../common/contracts/staff-contracts.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { LoadFailed } from "../../ui/query-states.tsx";
import { useSignedInStaff } from "../auth/staff-session.ts";
import {
  contractCardKey,
  contractCardQuery,
  doctorsQuery,
  offeredServiceTypesQuery,
} from "../contracts/contracts.api.ts";
import { useFallbackMessages } from "../errors.ts";
import {
  type CloseFieldName,
  type CloseFormValues,
  closeFieldNames,
  closeFormSchema,
} from "./close-form.ts";

/**
 * What is being closed: a call-back (its person is known) or a message (the person is chosen).
 * A site visitor's call-back has no contract (null): closing it keeps only the outcome.
 */
export interface CloseTarget {
  kind: "callback" | "message";
  id: string;
  contractId: string | null;
  contractNumber: string | null;
  /** The client, or the name a visitor gave. */
  clientName: string;
  /** A call-back's person, shown for context. */
  personName?: string;
}

/** A target with a contract: its close records an appeal there. */
type ContractTarget = CloseTarget & { contractId: string; contractNumber: string };

interface CloseDialogProps {
  target: CloseTarget | null;
  onClose: () => void;
  /** Sends the close; the page's list and the contract card are refreshed after. */
  submit: (target: CloseTarget, body: CloseContact) => Promise<unknown>;
  /** Closes a target without a contract (a site visitor's call-back) with its outcome only. */
  submitOutcome: (target: CloseTarget, body: CloseOutcome) => Promise<unknown>;
  onClosed: (target: CloseTarget) => void;
}

/**
 * «Закрыть»: closing records an appeal on the contract — the service type, the person, the doctor
 * who handled it and the outcome. The form waits for its lists so the selects start on their
 * defaults (the signed-in doctor, the only current person).
 */
export function CloseDialog({
  target,
  onClose,
  submit,
  submitOutcome,
  onClosed,
}: CloseDialogProps) {
  const { t } = useTranslation("staffContact");
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={
        target?.kind === "message" ? t("closeForm.messageTitle") : t("closeForm.callbackTitle")
      }
      closeButtonProps={{ "aria-label": t("common.cancel") }}
      size="lg"
      centered
    >
      {target ? (
        <CloseOptions
          key={target.id}
          target={target}
          {...{ onClose, submit, submitOutcome, onClosed }}
        />
      ) : null}
    </Modal>
  );
}

type OptionsProps = Omit<CloseDialogProps, "target"> & { target: ContractTarget };

function CloseOptions(props: Omit<CloseDialogProps, "target"> & { target: CloseTarget }) {
  const { target } = props;
  if (target.contractId === null || target.contractNumber === null) {
    return <VisitorCloseForm {...props} />;
  }
  const withContract = {
    ...props,
    target: { ...target, contractId: target.contractId, contractNumber: target.contractNumber },
  };
  return target.kind === "message" ? (
    <WithContractPersons {...withContract} />
  ) : (
    <CloseLists {...withContract} persons={null} />
  );
}

const visitorCloseSchema = closeCallbackSchema.pick({ outcome: true });
export type CloseOutcome = { outcome: string };

/** A site visitor's call-back: no contract, so no appeal; only the outcome is kept. */
function VisitorCloseForm({
  target,
  onClose,
  submitOutcome,
  onClosed,
}: Omit<CloseDialogProps, "target"> & { target: CloseTarget }) {
  const { t } = useTranslation("staffContact");
  const messages = useFallbackMessages();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<CloseOutcome, unknown, CloseOutcome>({
    resolver: zodResolver(visitorCloseSchema),
    shouldFocusError: false,
    defaultValues: { outcome: "" },
  });
  const { handleSubmit, setError, setFocus } = form;
  const close = useMutation({ mutationFn: (body: CloseOutcome) => submitOutcome(target, body) });
  const onSubmit = handleSubmit(
    async (body) => {
      setFormError(null);
      try {
        await close.mutateAsync(body);
        onClosed(target);
      } catch (error) {
        setFormError(
          placeProblem(
            error,
            ["outcome"] as const,
            (name, message, focus) =>
              setError(name, { type: "server", message }, { shouldFocus: focus }),
            messages,
          ),
        );
      }
    },
    (invalid) => focusFirstInvalid(invalid, ["outcome"] as const, setFocus),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text fz="sm">{t("closeForm.aboutVisitor", { name: target.clientName })}</Text>
        <Text fz="sm" c="dimmed">
          {t("closeForm.visitorIntro")}
        </Text>
        {formError ? (
          <FormAlert title={t("closeForm.errorTitle.callback")}>{formError}</FormAlert>
        ) : null}
        <Textarea
          label={t("closeForm.outcome")}
          description={t("closeForm.visitorOutcomeHint")}
          autosize
          minRows={3}
          maxRows={8}
          {...bindField(form, "outcome")}
        />
        <Group gap="sm" justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={close.isPending}>
            {t("closeForm.submit.callback")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A message's close names its person: the contract's persons, current and replaced. */
function WithContractPersons(props: OptionsProps) {
  const { t } = useTranslation("staffContact");
  const card = useQuery(contractCardQuery(props.target.contractId));
  if (card.isError) return <LoadFailed title={t("closeForm.optionsFailed")} query={card} />;
  if (!card.data) return <PageLoader label={t("closeForm.loading")} />;
  return <CloseLists {...props} persons={card.data.persons} />;
}

function CloseLists(props: OptionsProps & { persons: CoveredPerson[] | null }) {
  const { t } = useTranslation("staffContact");
  const doctors = useQuery(doctorsQuery());
  const serviceTypes = useQuery(offeredServiceTypesQuery());
  if (doctors.isError) return <LoadFailed title={t("closeForm.optionsFailed")} query={doctors} />;
  if (serviceTypes.isError) {
    return <LoadFailed title={t("closeForm.optionsFailed")} query={serviceTypes} />;
  }
  if (!doctors.data || !serviceTypes.data) return <PageLoader label={t("closeForm.loading")} />;
  return (
    <CloseForm
      {...props}
      doctors={doctors.data.doctors}
      serviceTypes={serviceTypes.data.serviceTypes}
    />
  );
}

function CloseForm({
  target,
  onClose,
  submit,
  onClosed,
  doctors,
  serviceTypes,
  persons,
}: Omit<CloseDialogProps, "target"> & {
  target: ContractTarget;
  doctors: Doctor[];
  serviceTypes: ServiceType[];
  /** The contract's persons, current and replaced; null for a call-back. */
  persons: CoveredPerson[] | null;
}) {
  const { t } = useTranslation("staffContact");
  const messages = useFallbackMessages();
  const queryClient = useQueryClient();
  const staff = useSignedInStaff();
  const [formError, setFormError] = useState<string | null>(null);
  const isDoctor = staff.role === "doctor";
  const schema = useMemo(
    () => closeFormSchema({ withPerson: persons !== null, doctorRequired: !isDoctor }),
    [persons, isDoctor],
  );

  const defaultValues = useMemo<CloseFormValues>(() => {
    const current = persons?.filter((person) => person.replacedAt === null) ?? [];
    return {
      serviceTypeId: "",
      personId: current.length === 1 ? (current[0]?.id ?? "") : "",
      doctorId: isDoctor && doctors.some((doctor) => doctor.id === staff.id) ? staff.id : "",
      outcome: "",
    };
  }, [persons, doctors, isDoctor, staff.id]);

  const form = useForm<CloseFormValues, unknown, CloseContact>({
    resolver: zodResolver(schema),
    shouldFocusError: false,
    defaultValues,
  });
  const { handleSubmit, setError, setFocus } = form;

  const close = useMutation({ mutationFn: (body: CloseContact) => submit(target, body) });

  const onSubmit = handleSubmit(
    async (body) => {
      setFormError(null);
      try {
        await close.mutateAsync(body);
        await queryClient.invalidateQueries({ queryKey: contractCardKey(target.contractId) });
        onClosed(target);
      } catch (error) {
        setFormError(
          placeProblem(
            error,
            closeFieldNames,
            (name: CloseFieldName, message, focus) =>
              setError(name, { type: "server", message }, { shouldFocus: focus }),
            messages,
          ),
        );
      }
    },
    (invalid) => focusFirstInvalid(invalid, closeFieldNames, setFocus),
  );

  const choose = { value: "", label: t("closeForm.choose") };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text fz="sm">
          {t("closeForm.about", { client: target.clientName, contract: target.contractNumber })}
          {target.personName ? (
            <>
              <br />
              {t("closeForm.aboutPerson", { person: target.personName })}
            </>
          ) : null}
        </Text>
        <Text fz="sm" c="dimmed">
          {t("closeForm.intro")}
        </Text>
        {formError ? (
          <FormAlert title={t(`closeForm.errorTitle.${target.kind}`)}>{formError}</FormAlert>
        ) : null}
        <NativeSelect
          label={t("closeForm.serviceType")}
          data={[choose, ...serviceTypes.map((type) => ({ value: type.id, label: type.name }))]}
          {...bindField(form, "serviceTypeId")}
        />
        {persons ? (
          <NativeSelect
            label={t("closeForm.person")}
            data={[
              choose,
              ...persons.map((person) => ({
                value: person.id,
                label: `${t("closeForm.slot", { slot: person.slot })}: ${
                  person.replacedAt
                    ? t("closeForm.personReplaced", { name: person.fullName })
                    : person.fullName
                }`,
              })),
            ]}
            {...bindField(form, "personId")}
          />
        ) : null}
        <NativeSelect
          label={t("closeForm.doctor")}
          data={[
            choose,
            ...doctors.map((doctor) => ({ value: doctor.id, label: doctor.fullName })),
          ]}
          {...bindField(form, "doctorId")}
        />
        <Textarea
          label={t("closeForm.outcome")}
          description={t("closeForm.outcomeHint")}
          autosize
          minRows={3}
          maxRows={8}
          {...bindField(form, "outcome")}
        />
        <Group gap="sm" justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={close.isPending}>
            {t(`closeForm.submit.${target.kind}`)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
