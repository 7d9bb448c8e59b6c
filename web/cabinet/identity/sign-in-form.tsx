import { zodResolver } from "@hookform/resolvers/zod";
import { Anchor, Button, Checkbox, Group, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Trans, useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import type { z } from "zod";
import { signInRequestSchema } from "../../../common/identity/sign-in.schema.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { PasswordField } from "../../ui/password-field.tsx";
import { PhoneInput } from "../../ui/phone-input.tsx";
import { focusFirstInvalid, placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { signIn as signInRequest } from "./identity.api.ts";
import { returnPath, setSession } from "./session.ts";

type SignInValues = z.input<typeof signInRequestSchema>;
type SignInBody = z.output<typeof signInRequestSchema>;

const fieldNames = ["phone", "password", "remember"] as const;

export function SignInForm() {
  const { t } = useTranslation("identity");
  const { t: tCommon } = useTranslation("common");
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);

  const form = useForm<SignInValues, unknown, SignInBody>({
    resolver: zodResolver(signInRequestSchema),
    shouldFocusError: false,
    defaultValues: { phone: "", password: "", remember: false },
  });
  const { control, register, handleSubmit, setError, setFocus } = form;

  const signIn = useMutation({ mutationFn: signInRequest });

  const onSubmit = handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        const session = await signIn.mutateAsync(values);
        navigate(returnPath(location.state), { replace: true });
        setSession(queryClient, session);
      } catch (error) {
        setFormError(placeServerErrors(error, fieldNames, serverFieldError(setError), tCommon));
      }
    },
    (invalid) => focusFirstInvalid(invalid, fieldNames, setFocus),
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {formError ? <FormAlert title={t("signIn.errorTitle")}>{formError}</FormAlert> : null}

        <Controller
          control={control}
          name="phone"
          render={({ field, fieldState }) => (
            <PhoneInput
              {...field}
              label={t("signIn.phone")}
              placeholder={t("signIn.phonePlaceholder")}
              {...controlledFieldProps(fieldState)}
            />
          )}
        />

        <PasswordField
          label={t("signIn.password")}
          autoComplete="current-password"
          toggleLabel={t("signIn.showPassword")}
          {...bindField(form, "password")}
        />

        <Group justify="space-between" gap="sm">
          <Anchor component={Link} to="/cabinet/recovery">
            {t("signIn.forgotPassword")}
          </Anchor>
          {/* Where signing in would have led, registering leads too (the chat, say). */}
          <Anchor component={Link} to="/cabinet/register" state={location.state}>
            {t("signIn.register")}
          </Anchor>
        </Group>

        <Button type="submit" fullWidth loading={signIn.isPending}>
          {t("signIn.submit")}
        </Button>

        <Checkbox label={t("signIn.remember")} {...register("remember")} />

        <Text fz="sm" c="dimmed">
          <Trans
            t={t}
            i18nKey="signIn.offer"
            components={{ offerLink: <Anchor href="/legal/offer" fz="sm" underline="always" /> }}
          />
        </Text>
      </Stack>
    </form>
  );
}
