import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type StaffSignInStep,
  staffChallengePasswordSchema,
} from "../../../common/staff/staff-auth.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PasswordField } from "../../ui/password-field.tsx";
import { focusFirstInvalid, placeProblem } from "../../ui/problem-errors.ts";
import { useFallbackMessages } from "../errors.ts";
import { replaceTemporaryPassword } from "./auth.api.ts";
import { isChallengeProblem } from "./challenge.ts";

type NewPasswordValues = z.input<typeof staffChallengePasswordSchema>;
type NewPasswordBody = z.output<typeof staffChallengePasswordSchema>;

const fieldNames = ["newPassword", "newPasswordRepeat"] as const;

interface NewPasswordFormProps {
  challenge: string;
  /** The e-mail just typed, so a password manager files the new password under it. */
  email: string;
  onStep: (step: StaffSignInStep) => void;
  onChallengeLost: (error: unknown) => void;
}

/** «Смена пароля»: the temporary password an admin gave is replaced before anything else. */
export function NewPasswordForm({
  challenge,
  email,
  onStep,
  onChallengeLost,
}: NewPasswordFormProps) {
  const { t } = useTranslation("staffAuth");
  const messages = useFallbackMessages();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<NewPasswordValues, unknown, NewPasswordBody>({
    resolver: zodResolver(staffChallengePasswordSchema),
    shouldFocusError: false,
    defaultValues: { challenge, newPassword: "", newPasswordRepeat: "" },
  });
  const { handleSubmit, setError, setFocus } = form;

  useEffect(() => {
    setFocus("newPassword");
  }, [setFocus]);

  const save = useMutation({ mutationFn: replaceTemporaryPassword });

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        onStep(await save.mutateAsync(values));
      } catch (error) {
        if (isChallengeProblem(error)) return onChallengeLost(error);
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

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {formError ? (
          <FormAlert title={t("signIn.changePassword.errorTitle")}>{formError}</FormAlert>
        ) : null}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <PasswordField
          label={t("signIn.changePassword.newPassword")}
          description={t("signIn.changePassword.hint")}
          autoComplete="new-password"
          toggleLabel={t("signIn.changePassword.show")}
          {...bindField(form, "newPassword")}
        />
        <PasswordField
          label={t("signIn.changePassword.repeat")}
          autoComplete="new-password"
          toggleLabel={t("signIn.changePassword.show")}
          {...bindField(form, "newPasswordRepeat")}
        />
        <Button type="submit" fullWidth loading={save.isPending}>
          {t("signIn.changePassword.submit")}
        </Button>
      </Stack>
    </form>
  );
}
