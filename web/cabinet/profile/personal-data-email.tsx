import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  type EmailChangeRequest,
  type EmailCodeRequest,
  emailChangeRequestSchema,
  emailCodeRequestSchema,
} from "../../../common/identity/personal-data.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField } from "../../ui/form-field.ts";
import { placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { formatCountdown, useCountdown } from "../../ui/use-countdown.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { changeEmail, refreshPersonalData, sendEmailCode } from "./personal-data.api.ts";

type CodeBody = z.output<typeof emailCodeRequestSchema>;
type ChangeBody = z.output<typeof emailChangeRequestSchema>;

/** «Изменить e-mail»: the new address → «Выслать код» → «Код из письма» → «Подтвердить». */
export function EmailChange({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation("personal");
  const [open, setOpen] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const resend = useCountdown();

  if (!open) {
    return (
      <Button variant="default" onClick={() => setOpen(true)} style={{ alignSelf: "flex-start" }}>
        {t("personal.email.change")}
      </Button>
    );
  }
  const close = () => {
    setOpen(false);
    setSentTo(null);
  };
  return (
    <Stack gap="md" component="section" aria-labelledby="email-change-title" maw={440}>
      <Title order={3} fz="lg" id="email-change-title">
        {t("personal.email.formTitle")}
      </Title>
      {sentTo ? (
        <EmailCodeForm
          email={sentTo}
          secondsLeft={resend.secondsLeft}
          onResent={resend.start}
          onOtherEmail={() => setSentTo(null)}
          onChanged={() => {
            close();
            onDone(t("personal.email.changed"));
          }}
        />
      ) : (
        <NewEmailForm
          initial=""
          onSent={(email, seconds) => {
            resend.start(seconds);
            setSentTo(email);
          }}
          onCancel={close}
        />
      )}
    </Stack>
  );
}

function NewEmailForm({
  initial,
  onSent,
  onCancel,
}: {
  initial: string;
  onSent: (email: string, resendAfterSeconds: number) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation("personal");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const send = useMutation({ mutationFn: sendEmailCode });
  const form = useForm<EmailCodeRequest, unknown, CodeBody>({
    resolver: zodResolver(emailCodeRequestSchema),
    defaultValues: { email: initial },
  });

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const sent = await send.mutateAsync(values);
      onSent(values.email, sent.resendAfterSeconds);
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      setFormError(
        placeServerErrors(error, ["email"] as const, serverFieldError(form.setError), tCommon),
      );
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {formError ? (
          <FormAlert title={t("personal.email.errorTitle")}>{formError}</FormAlert>
        ) : null}
        <TextInput
          label={t("personal.email.newEmail")}
          type="email"
          inputMode="email"
          autoComplete="email"
          {...bindField(form, "email")}
        />
        <Group gap="sm">
          <Button type="submit" loading={send.isPending}>
            {t("personal.email.sendCode")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("personal.email.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EmailCodeForm({
  email,
  secondsLeft,
  onResent,
  onOtherEmail,
  onChanged,
}: {
  email: string;
  secondsLeft: number;
  onResent: (seconds: number) => void;
  onOtherEmail: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation("personal");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const change = useMutation({ mutationFn: changeEmail });
  const resend = useMutation({ mutationFn: sendEmailCode });
  const form = useForm<EmailChangeRequest, unknown, ChangeBody>({
    resolver: zodResolver(emailChangeRequestSchema),
    defaultValues: { email, code: "" },
  });

  function place(error: unknown) {
    forgetSessionOn401(queryClient, error);
    setFormError(
      placeServerErrors(error, ["code"] as const, serverFieldError(form.setError), tCommon),
    );
  }

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await change.mutateAsync(values);
      refreshPersonalData(queryClient);
      onChanged();
    } catch (error) {
      place(error);
    }
  });

  async function resendCode() {
    setFormError(null);
    try {
      onResent((await resend.mutateAsync({ email })).resendAfterSeconds);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429)
        onResent(error.retryAfterSeconds ?? 60);
      place(error);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text role="status">{t("personal.email.codeSent", { email })}</Text>
        {formError ? (
          <FormAlert title={t("personal.email.errorTitle")}>{formError}</FormAlert>
        ) : null}
        <TextInput
          label={t("personal.email.code")}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          {...bindField(form, "code")}
        />
        <Button type="submit" loading={change.isPending} style={{ alignSelf: "flex-start" }}>
          {t("personal.email.confirm")}
        </Button>
        <Group gap="sm">
          <Button
            variant="subtle"
            onClick={() => void resendCode()}
            disabled={secondsLeft > 0}
            loading={resend.isPending}
          >
            {t("personal.email.resend")}
          </Button>
          <Button variant="subtle" onClick={onOtherEmail}>
            {t("personal.email.otherEmail")}
          </Button>
        </Group>
        {secondsLeft > 0 ? (
          <Text fz="sm" c="dimmed">
            {t("personal.email.resendIn", { time: formatCountdown(secondsLeft) })}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}
