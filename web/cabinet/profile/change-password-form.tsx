import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Paper, Stack, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type ChangePasswordRequest,
  changePasswordRequestSchema,
} from "../../../common/identity/security.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { PasswordField } from "../../ui/password-field.tsx";
import { placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { forgetSessionOn401, useSignedInClient } from "../identity/session.ts";
import { activeSessionsQueryKey, changePassword } from "./profile.api.ts";

type ChangePasswordBody = z.output<typeof changePasswordRequestSchema>;

const fieldNames = ["currentPassword", "newPassword", "newPasswordRepeat"] as const;
const emptyValues = { currentPassword: "", newPassword: "", newPasswordRepeat: "" };

/** «Сменить пароль»: the current password is always asked; other devices are signed out. */
export function ChangePasswordForm() {
  const { t } = useTranslation("cabinet");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const client = useSignedInClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);

  const form = useForm<ChangePasswordRequest, unknown, ChangePasswordBody>({
    resolver: zodResolver(changePasswordRequestSchema),
    defaultValues: emptyValues,
  });
  const { handleSubmit, setError, reset } = form;

  const change = useMutation({ mutationFn: changePassword });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setSuccess(null);
    try {
      const revoked = await change.mutateAsync(values);
      reset(emptyValues);
      setSuccess(
        revoked > 0
          ? `${t("security.password.success")} ${t("security.sessions.revoked", { count: revoked })}`
          : t("security.password.success"),
      );
      void queryClient.invalidateQueries({ queryKey: activeSessionsQueryKey });
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      setFormError(placeServerErrors(error, fieldNames, serverFieldError(setError), tCommon));
    }
  });

  return (
    <Paper withBorder radius="lg" p={{ base: "md", sm: "lg" }} component="section">
      <form onSubmit={onSubmit} noValidate aria-labelledby="change-password-title">
        <Stack gap="md" maw={440}>
          <Title order={2} fz="h3" id="change-password-title">
            {t("security.password.title")}
          </Title>
          {formError ? (
            <FormAlert title={t("security.password.errorTitle")}>{formError}</FormAlert>
          ) : null}
          {success ? <FormAlert tone="success">{success}</FormAlert> : null}
          {/* Lets a password manager file the new password under this account. */}
          <input
            type="text"
            name="username"
            autoComplete="username"
            value={client.phone}
            readOnly
            hidden
          />
          <PasswordField
            label={t("security.password.current")}
            autoComplete="current-password"
            toggleLabel={t("security.password.show")}
            {...bindField(form, "currentPassword")}
          />
          <PasswordField
            label={t("security.password.new")}
            description={t("security.password.hint")}
            autoComplete="new-password"
            toggleLabel={t("security.password.show")}
            {...bindField(form, "newPassword")}
          />
          <PasswordField
            label={t("security.password.repeat")}
            autoComplete="new-password"
            toggleLabel={t("security.password.show")}
            {...bindField(form, "newPasswordRepeat")}
          />
          <Button type="submit" loading={change.isPending} style={{ alignSelf: "flex-start" }}>
            {t("security.password.submit")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
