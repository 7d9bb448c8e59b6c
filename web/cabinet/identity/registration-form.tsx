import { zodResolver } from "@hookform/resolvers/zod";
import { Anchor, Button, List, Loader, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Trans, useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import type { z } from "zod";
import { formatPhone } from "../../../common/format/phone.ts";
import {
  type RegistrationRequest,
  registrationRequestSchema,
} from "../../../common/identity/registration.schema.ts";
import type { VerifiedPhone } from "../../../common/identity/sms-code.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PasswordField } from "../../ui/password-field.tsx";
import {
  focusFirstInvalid,
  isTicketProblem,
  placeServerErrors,
  serverFieldError,
} from "../../ui/server-errors.ts";
import { BackToSignIn } from "./back-to-sign-in.tsx";
import { LegalDocumentLink } from "./consent.screen.tsx";
import { legalDocumentsQuery, registerClient } from "./identity.api.ts";
import { PersonFields } from "./person-fields.tsx";
import { returnPath, setSession } from "./session.ts";

type RegistrationBody = z.output<typeof registrationRequestSchema>;

/** What the client typed, kept when they have to confirm the phone again. */
export type RegistrationDraft = Omit<RegistrationRequest, "ticket" | "acceptedDocuments">;

const fieldNames = [
  "lastName",
  "firstName",
  "patronymic",
  "birthDate",
  "noPatronymic",
  "email",
  "password",
] as const;

const DOCUMENTS_ID = "registration-documents";

interface RegistrationFormProps {
  verified: VerifiedPhone;
  /** When the phone was confirmed (ms), to know when the ticket runs out. */
  verifiedAt: number;
  draft: RegistrationDraft | null;
  onTicketExpired: (draft: RegistrationDraft) => void;
}

/** Registration, step 2: the personal data and a password, after the phone is confirmed. */
export function RegistrationForm({
  verified,
  verifiedAt,
  draft,
  onTicketExpired,
}: RegistrationFormProps) {
  const { t } = useTranslation("identity");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const documents = useQuery(legalDocumentsQuery());
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<RegistrationRequest, unknown, RegistrationBody>({
    resolver: zodResolver(registrationRequestSchema),
    shouldFocusError: false,
    defaultValues: {
      lastName: "",
      firstName: "",
      patronymic: "",
      noPatronymic: false,
      birthDate: "",
      email: "",
      password: "",
      ...draft,
      ticket: verified.ticket,
      acceptedDocuments: [],
    },
  });
  const {
    handleSubmit,
    setError,
    setValue,
    setFocus,
    getValues,
    formState: { errors },
  } = form;

  useEffect(() => {
    setFocus("lastName");
  }, [setFocus]);

  // The versions sent are exactly the ones listed on this page.
  useEffect(() => {
    if (!documents.data) return;
    setValue(
      "acceptedDocuments",
      documents.data.documents.map(({ slug, version }) => ({ slug, version })),
    );
  }, [documents.data, setValue]);

  const registration = useMutation({ mutationFn: registerClient });

  function draftOf(): RegistrationDraft {
    const { ticket: _ticket, acceptedDocuments: _documents, ...values } = getValues();
    return values;
  }

  // The body is what was typed (the date as «дд.мм.гггг»), once the schema has accepted it: the
  // server parses it with the same schema.
  const onSubmit = handleSubmit(
    async () => {
      const values = getValues();
      setFormError(null);
      if (Date.now() > verifiedAt + verified.expiresInSeconds * 1000) {
        onTicketExpired(draftOf());
        return;
      }
      try {
        const session = await registration.mutateAsync(values);
        navigate(returnPath(location.state), { replace: true });
        setSession(queryClient, session);
      } catch (error) {
        if (isTicketProblem(error)) {
          onTicketExpired(draftOf());
          return;
        }
        setFormError(placeServerErrors(error, fieldNames, serverFieldError(setError), tCommon));
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  const documentsError =
    errors.acceptedDocuments?.message ?? errors.acceptedDocuments?.root?.message;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text fw={600}>{t("register.allFieldsRequired")}</Text>
        {formError ? <FormAlert title={t("register.errorTitle")}>{formError}</FormAlert> : null}

        <TextInput
          label={t("register.phone")}
          value={formatPhone(verified.phone)}
          readOnly
          autoComplete="username"
          type="tel"
        />
        <PersonFields
          form={form}
          ownData
          labels={{
            lastName: t("register.lastName"),
            firstName: t("register.firstName"),
            patronymic: t("register.patronymic"),
            noPatronymic: t("register.noPatronymic"),
            birthDate: t("register.birthDate"),
            birthDatePlaceholder: t("register.birthDatePlaceholder"),
          }}
        />
        <TextInput
          label={t("register.email")}
          type="email"
          autoComplete="email"
          inputMode="email"
          {...bindField(form, "email")}
        />
        <PasswordField
          label={t("register.password")}
          description={t("register.passwordHint")}
          autoComplete="new-password"
          toggleLabel={t("register.showPassword")}
          {...bindField(form, "password")}
        />

        {documentsError ? <FormAlert>{documentsError}</FormAlert> : null}

        <Button type="submit" fullWidth loading={registration.isPending}>
          {t("register.submit")}
        </Button>
        <BackToSignIn />

        <Text fz="sm" c="dimmed">
          <Trans
            t={t}
            i18nKey="register.agreement"
            components={{
              docsLink: <Anchor href={`#${DOCUMENTS_ID}`} fz="sm" underline="always" />,
            }}
          />
        </Text>
        <section id={DOCUMENTS_ID} aria-label={t("register.documentsTitle")}>
          {documents.isPending ? (
            <Text fz="sm" c="dimmed" role="status">
              <Loader size="xs" mr="xs" aria-hidden="true" />
              {t("register.documentsLoading")}
            </Text>
          ) : documents.isError ? (
            <Stack gap="xs">
              <FormAlert>{t("register.documentsFailed")}</FormAlert>
              <Button variant="light" onClick={() => void documents.refetch()}>
                {t("register.retry")}
              </Button>
            </Stack>
          ) : (
            <List spacing={4} fz="sm">
              {documents.data.documents.map((document) => (
                <List.Item key={document.slug}>
                  <LegalDocumentLink document={document} newTabNote={t("register.newTab")} />
                </List.Item>
              ))}
            </List>
          )}
        </section>
      </Stack>
    </form>
  );
}
