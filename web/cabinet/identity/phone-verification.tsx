import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { formatPhone } from "../../../common/format/phone.ts";
import {
  SMS_CODE_LENGTH,
  smsCodeRequestSchema,
  type VerifiedPhone,
  verifyCodeRequestSchema,
} from "../../../common/identity/sms-code.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { controlledFieldProps } from "../../ui/form-field.ts";
import { PhoneInput } from "../../ui/phone-input.tsx";
import { placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { formatCountdown, useCountdown } from "../../ui/use-countdown.ts";
import { BackToSignIn } from "./back-to-sign-in.tsx";
import { sendCode, type VerificationPurpose, verifyCode } from "./identity.api.ts";

type PhoneValues = z.input<typeof smsCodeRequestSchema>;
type PhoneBody = z.output<typeof smsCodeRequestSchema>;
type CodeValues = z.input<typeof verifyCodeRequestSchema>;
type CodeBody = z.output<typeof verifyCodeRequestSchema>;

function useSendCode(purpose: VerificationPurpose) {
  return useMutation({ mutationFn: (body: PhoneBody) => sendCode(purpose, body) });
}

interface PhoneVerificationProps {
  purpose: VerificationPurpose;
  /** The phone field's label, as the guide words it for this flow. */
  phoneLabel: string;
  /** What the phone field starts with (formatted), e.g. when coming back for a new code. */
  initialPhone?: string;
  /** A note above the form, e.g. why the client is asked to confirm the number again. */
  notice?: ReactNode;
  onVerified: (verified: VerifiedPhone) => void;
}

/**
 * The first step of registration and of password recovery: the phone → «Выслать код» → «Код из
 * SMS» → «Подтвердить», with the countdown before the code can be sent again.
 */
export function PhoneVerification({
  purpose,
  phoneLabel,
  initialPhone = "",
  notice,
  onVerified,
}: PhoneVerificationProps) {
  const { t } = useTranslation("identity");
  const { t: tCommon } = useTranslation("common");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const resend = useCountdown();
  const throttle = useCountdown();
  const sendCode = useSendCode(purpose);

  const { control, handleSubmit, setError, setFocus } = useForm<PhoneValues, unknown, PhoneBody>({
    resolver: zodResolver(smsCodeRequestSchema),
    defaultValues: { phone: initialPhone },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const sent = await sendCode.mutateAsync(values);
      resend.start(sent.resendAfterSeconds);
      setSentTo(values.phone);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        throttle.start(error.retryAfterSeconds ?? 60);
      }
      setFormError(
        placeServerErrors(error, ["phone"] as const, serverFieldError(setError), tCommon),
      );
    }
  });

  function changePhone() {
    setSentTo(null);
    setFormError(null);
    // After the phone field is back on the screen.
    window.setTimeout(() => setFocus("phone"), 0);
  }

  if (sentTo) {
    return (
      <CodeForm
        key={sentTo}
        purpose={purpose}
        phone={sentTo}
        secondsLeft={resend.secondsLeft}
        onResent={resend.start}
        onChangePhone={changePhone}
        onVerified={onVerified}
      />
    );
  }

  const throttled = throttle.secondsLeft > 0;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {notice}
        {formError ? <FormAlert title={t("code.sendErrorTitle")}>{formError}</FormAlert> : null}
        <Controller
          control={control}
          name="phone"
          render={({ field, fieldState }) => (
            <PhoneInput
              {...field}
              label={phoneLabel}
              placeholder={t("signIn.phonePlaceholder")}
              {...controlledFieldProps(fieldState)}
            />
          )}
        />
        <Button type="submit" fullWidth loading={sendCode.isPending} disabled={throttled}>
          {t("code.send")}
        </Button>
        {throttled ? (
          <Text fz="sm" c="dimmed" ta="center">
            {t("code.retryIn", { time: formatCountdown(throttle.secondsLeft) })}
          </Text>
        ) : null}
        <BackToSignIn />
      </Stack>
    </form>
  );
}

interface CodeFormProps {
  purpose: VerificationPurpose;
  /** E.164, as the code was sent. */
  phone: string;
  secondsLeft: number;
  onResent: (resendAfterSeconds: number) => void;
  onChangePhone: () => void;
  onVerified: (verified: VerifiedPhone) => void;
}

function CodeForm({
  purpose,
  phone,
  secondsLeft,
  onResent,
  onChangePhone,
  onVerified,
}: CodeFormProps) {
  const { t } = useTranslation("identity");
  const { t: tCommon } = useTranslation("common");
  const [formError, setFormError] = useState<string | null>(null);
  const [resent, setResent] = useState(false);
  const codeInput = useRef<HTMLInputElement | null>(null);
  const sendCode = useSendCode(purpose);

  const verify = useMutation({
    mutationFn: (body: CodeBody) => verifyCode(purpose, body),
  });

  const { control, handleSubmit, setError } = useForm<CodeValues, unknown, CodeBody>({
    resolver: zodResolver(verifyCodeRequestSchema),
    defaultValues: { phone, code: "" },
  });

  // The code field is what the client needs next: take them there.
  useEffect(() => {
    codeInput.current?.focus();
  }, []);

  function place(error: unknown): string | null {
    return placeServerErrors(error, ["code"] as const, serverFieldError(setError), tCommon);
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      onVerified(await verify.mutateAsync(values));
    } catch (error) {
      setFormError(place(error));
    }
  });

  async function resendCode() {
    setFormError(null);
    setResent(false);
    try {
      const sent = await sendCode.mutateAsync({ phone });
      onResent(sent.resendAfterSeconds);
      setResent(true);
      codeInput.current?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        onResent(error.retryAfterSeconds ?? 60);
      }
      setFormError(place(error));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text>{t("code.sentTo", { phone: formatPhone(phone) })}</Text>
        {formError ? <FormAlert title={t("code.verifyErrorTitle")}>{formError}</FormAlert> : null}
        {resent ? <FormAlert tone="success">{t("code.resent")}</FormAlert> : null}
        <Controller
          control={control}
          name="code"
          render={({ field, fieldState }) => (
            <TextInput
              {...field}
              ref={(node) => {
                field.ref(node);
                codeInput.current = node;
              }}
              onChange={(event) =>
                field.onChange(
                  event.currentTarget.value.replace(/\D/g, "").slice(0, SMS_CODE_LENGTH),
                )
              }
              label={t("code.label")}
              description={t("code.hint")}
              autoComplete="one-time-code"
              inputMode="numeric"
              pattern="[0-9]*"
              maxLength={SMS_CODE_LENGTH}
              {...controlledFieldProps(fieldState)}
            />
          )}
        />
        <Button type="submit" fullWidth loading={verify.isPending}>
          {t("code.confirm")}
        </Button>
        {secondsLeft > 0 ? (
          <Text fz="sm" c="dimmed" ta="center">
            {t("code.resendIn", { time: formatCountdown(secondsLeft) })}
          </Text>
        ) : (
          <Button variant="light" fullWidth loading={sendCode.isPending} onClick={resendCode}>
            {t("code.resend")}
          </Button>
        )}
        <Button variant="subtle" fullWidth onClick={onChangePhone}>
          {t("code.changePhone")}
        </Button>
        <BackToSignIn />
      </Stack>
    </form>
  );
}
