import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { z } from "zod";
import { formatPhone } from "../../../common/format/phone.ts";
import {
  type RecoveryCompleteRequest,
  recoveryCompleteRequestSchema,
} from "../../../common/identity/registration.schema.ts";
import type { VerifiedPhone } from "../../../common/identity/sms-code.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PasswordField } from "../../ui/password-field.tsx";
import { isTicketProblem, placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { BackToSignIn } from "./back-to-sign-in.tsx";
import { recoverPassword } from "./identity.api.ts";
import { setSession } from "./session.ts";

type RecoveryBody = z.output<typeof recoveryCompleteRequestSchema>;

const fieldNames = ["password", "passwordRepeat"] as const;

interface RecoveryFormProps {
  verified: VerifiedPhone;
  verifiedAt: number;
  onTicketExpired: () => void;
}

/** «Восстановление пароля», last step: the new password twice; the client is then signed in. */
export function RecoveryForm({ verified, verifiedAt, onTicketExpired }: RecoveryFormProps) {
  const { t } = useTranslation("identity");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<RecoveryCompleteRequest, unknown, RecoveryBody>({
    resolver: zodResolver(recoveryCompleteRequestSchema),
    defaultValues: { ticket: verified.ticket, password: "", passwordRepeat: "" },
  });
  const { handleSubmit, setError, setFocus } = form;

  useEffect(() => {
    setFocus("password");
  }, [setFocus]);

  const recovery = useMutation({ mutationFn: recoverPassword });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    if (Date.now() > verifiedAt + verified.expiresInSeconds * 1000) {
      onTicketExpired();
      return;
    }
    try {
      const session = await recovery.mutateAsync(values);
      navigate("/cabinet", { replace: true });
      setSession(queryClient, session);
    } catch (error) {
      if (isTicketProblem(error)) {
        onTicketExpired();
        return;
      }
      setFormError(placeServerErrors(error, fieldNames, serverFieldError(setError), tCommon));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text>{t("recovery.phoneConfirmed", { phone: formatPhone(verified.phone) })}</Text>
        {formError ? <FormAlert title={t("recovery.errorTitle")}>{formError}</FormAlert> : null}
        {/* Lets a password manager file the new password under this phone. */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={verified.phone}
          readOnly
          hidden
        />
        <PasswordField
          label={t("recovery.newPassword")}
          description={t("recovery.passwordHint")}
          autoComplete="new-password"
          toggleLabel={t("recovery.showPassword")}
          {...bindField(form, "password")}
        />
        <PasswordField
          label={t("recovery.passwordRepeat")}
          autoComplete="new-password"
          toggleLabel={t("recovery.showPassword")}
          {...bindField(form, "passwordRepeat")}
        />
        <Button type="submit" fullWidth loading={recovery.isPending}>
          {t("recovery.submit")}
        </Button>
        <BackToSignIn />
      </Stack>
    </form>
  );
}
