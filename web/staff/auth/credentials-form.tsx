import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type StaffSignInStep,
  staffSignInRequestSchema,
} from "../../../common/staff/staff-auth.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PasswordField } from "../../ui/password-field.tsx";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { signIn as signInRequest } from "./auth.api.ts";

type CredentialsValues = z.input<typeof staffSignInRequestSchema>;
type CredentialsBody = z.output<typeof staffSignInRequestSchema>;

const fieldNames = ["email", "password"] as const;

interface CredentialsFormProps {
  /** The server's answer, with the e-mail it was given for (the password step files under it). */
  onStep: (step: StaffSignInStep, email: string) => void;
  /** Why the sign-in came back here (a challenge expired), shown until the next try. */
  notice?: string | null;
}

/** The first step: e-mail and password. */
export function CredentialsForm({ onStep, notice = null }: CredentialsFormProps) {
  const { t } = useTranslation("staffAuth");
  const messages = useFallbackMessages();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<CredentialsValues, unknown, CredentialsBody>({
    resolver: zodResolver(staffSignInRequestSchema),
    shouldFocusError: false,
    defaultValues: { email: "", password: "" },
  });
  const { handleSubmit, setError, setFocus } = form;

  useEffect(() => {
    setFocus("email");
  }, [setFocus]);

  const signIn = useMutation({ mutationFn: signInRequest });

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        onStep(await signIn.mutateAsync(values), values.email);
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

  const alert = formError ?? notice;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {alert ? (
          <FormAlert title={formError ? t("signIn.errorTitle") : t("signIn.challengeExpiredTitle")}>
            {alert}
          </FormAlert>
        ) : null}
        <TextInput
          type="email"
          label={t("signIn.email")}
          placeholder={t("signIn.emailPlaceholder")}
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          {...bindField(form, "email")}
        />
        <PasswordField
          label={t("signIn.password")}
          autoComplete="current-password"
          toggleLabel={t("signIn.showPassword")}
          {...bindField(form, "password")}
        />
        <Button type="submit" fullWidth loading={signIn.isPending}>
          {t("signIn.submit")}
        </Button>
      </Stack>
    </form>
  );
}
