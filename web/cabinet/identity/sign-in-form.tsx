import { zodResolver } from "@hookform/resolvers/zod";
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Trans, useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { z } from "zod";
import { signInRequestSchema } from "../../../common/identity/sign-in.schema.ts";
import { ApiError, api, NetworkError } from "../../ui/api.ts";
import { IconAlert, IconEye, IconEyeOff } from "../../ui/icons.tsx";

type SignInValues = z.input<typeof signInRequestSchema>;
type SignInBody = z.output<typeof signInRequestSchema>;
type FieldName = keyof SignInValues;

const fieldNames: readonly FieldName[] = ["phone", "password", "remember"];

/** A server field path such as `phone` or `body.phone`, if it names a field of this form. */
function toFieldName(path: string): FieldName | undefined {
  const last = path.split(".").at(-1);
  return fieldNames.find((name) => name === last);
}

function PasswordVisibilityIcon({ reveal }: { reveal: boolean }) {
  return reveal ? <IconEyeOff size={20} /> : <IconEye size={20} />;
}

export function SignInForm() {
  const { t } = useTranslation("identity");
  const { t: tCommon } = useTranslation("common");
  const navigate = useNavigate();
  const [passwordVisible, setPasswordVisible] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<SignInValues, unknown, SignInBody>({
    resolver: zodResolver(signInRequestSchema),
    defaultValues: { phone: "", password: "", remember: false },
  });

  const signIn = useMutation({
    mutationFn: (body: SignInBody) => api.post("/api/auth/sign-in", body),
  });

  /** Puts each server field error on its field; returns the text for the alert, if any. */
  function showServerError(error: unknown): string | null {
    if (error instanceof NetworkError) return tCommon("errors.network");
    if (!(error instanceof ApiError)) return tCommon("errors.unexpected");

    const unplaced: string[] = [];
    let focused = false;
    for (const { field, message } of error.fieldErrors) {
      const name = toFieldName(field);
      if (name) {
        setError(name, { type: "server", message }, { shouldFocus: !focused });
        focused = true;
      } else {
        unplaced.push(message);
      }
    }
    if (focused && unplaced.length === 0) return null;
    if (unplaced.length > 0) return unplaced.join(" ");
    if (error.detail) return error.detail;
    if (error.isProblem && error.title) return error.title;
    if (error.status === 429) return tCommon("errors.tooManyRequests");
    return tCommon("errors.unexpected");
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await signIn.mutateAsync(values);
      navigate("/cabinet", { replace: true });
    } catch (error) {
      setFormError(showServerError(error));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {formError ? (
          <Alert
            color="red"
            variant="light"
            title={t("signIn.errorTitle")}
            icon={<IconAlert size={20} />}
          >
            {formError}
          </Alert>
        ) : null}

        <TextInput
          label={t("signIn.phone")}
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          placeholder={t("signIn.phonePlaceholder")}
          error={errors.phone?.message}
          aria-invalid={errors.phone ? true : undefined}
          {...register("phone")}
        />

        <PasswordInput
          label={t("signIn.password")}
          autoComplete="current-password"
          error={errors.password?.message}
          aria-invalid={errors.password ? true : undefined}
          visible={passwordVisible}
          onVisibilityChange={setPasswordVisible}
          visibilityToggleFocusable
          visibilityToggleIcon={PasswordVisibilityIcon}
          visibilityToggleButtonProps={{ "aria-label": t("signIn.showPassword") }}
          {...register("password")}
        />

        <Group justify="space-between" gap="sm">
          <Anchor component={Link} to="/cabinet/recovery">
            {t("signIn.forgotPassword")}
          </Anchor>
          <Anchor component={Link} to="/cabinet/register">
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
