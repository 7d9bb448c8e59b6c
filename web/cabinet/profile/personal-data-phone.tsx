import { zodResolver } from "@hookform/resolvers/zod";
import { Button, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { formatPhone } from "../../../common/format/phone.ts";
import {
  type PhoneChangeRequest,
  type PhoneCodesRequest,
  type PhoneRequestInput,
  phoneChangeRequestSchema,
  phoneCodesRequestSchema,
  phoneRequestSchema,
} from "../../../common/identity/personal-data.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { PhoneInput } from "../../ui/phone-input.tsx";
import { placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { formatCountdown, useCountdown } from "../../ui/use-countdown.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import {
  changePhone,
  refreshPersonalData,
  sendNewPhoneCode,
  sendPhoneCodes,
  sendPhoneRequest,
} from "./personal-data.api.ts";

type CodesBody = z.output<typeof phoneCodesRequestSchema>;
type ChangeBody = z.output<typeof phoneChangeRequestSchema>;
type RequestBody = z.output<typeof phoneRequestSchema>;
type Mode = "closed" | "change" | "lost";

/**
 * «Изменить телефон»: codes by SMS to the current and the new number, both entered at once; or
 * «Нет доступа к старому номеру»: the new number's code and a reason, for an operator.
 */
export function PhoneChange({
  currentPhone,
  canRequest,
  onDone,
}: {
  currentPhone: string;
  /** No request of this kind is waiting for an operator. */
  canRequest: boolean;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation("personal");
  const [mode, setMode] = useState<Mode>("closed");
  const close = () => setMode("closed");

  if (mode === "closed") {
    return (
      <Group gap="sm">
        <Button variant="default" onClick={() => setMode("change")}>
          {t("personal.phone.change")}
        </Button>
        {canRequest ? (
          <Button variant="subtle" onClick={() => setMode("lost")}>
            {t("personal.phone.lost")}
          </Button>
        ) : null}
      </Group>
    );
  }
  if (mode === "lost") {
    return (
      <LostPhoneRequest
        onCancel={close}
        onSent={() => {
          close();
          onDone(t("personal.phone.sent"));
        }}
      />
    );
  }
  return (
    <Stack gap="md" component="section" aria-labelledby="phone-change-title" maw={440}>
      <Title order={3} fz="lg" id="phone-change-title">
        {t("personal.phone.formTitle")}
      </Title>
      <TwoCodesFlow
        currentPhone={currentPhone}
        onCancel={close}
        onChanged={(revoked) => {
          close();
          onDone(
            revoked > 0
              ? t("personal.phone.changedSignedOut", { count: revoked })
              : t("personal.phone.changed"),
          );
        }}
      />
    </Stack>
  );
}

function usePlace() {
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  return <F extends string>(
    error: unknown,
    fields: readonly F[],
    setError: (name: F, message: string, focus: boolean) => void,
  ) => {
    forgetSessionOn401(queryClient, error);
    return placeServerErrors(error, fields, setError, tCommon);
  };
}

/** The new number, as step 1 of both flows. */
function NewPhoneForm({
  submitLabel,
  send,
  onSent,
  onCancel,
}: {
  submitLabel: string;
  send: (body: CodesBody) => Promise<{ resendAfterSeconds: number }>;
  onSent: (phone: string, resendAfterSeconds: number) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation("personal");
  const place = usePlace();
  const [formError, setFormError] = useState<string | null>(null);
  const mutation = useMutation({ mutationFn: send });
  const form = useForm<PhoneCodesRequest, unknown, CodesBody>({
    resolver: zodResolver(phoneCodesRequestSchema),
    defaultValues: { phone: "" },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const sent = await mutation.mutateAsync(values);
      onSent(values.phone, sent.resendAfterSeconds);
    } catch (error) {
      setFormError(place(error, ["phone"] as const, serverFieldError(form.setError)));
    }
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {formError ? (
          <FormAlert title={t("personal.phone.errorTitle")}>{formError}</FormAlert>
        ) : null}
        <Controller
          control={form.control}
          name="phone"
          render={({ field, fieldState }) => (
            <PhoneInput
              {...field}
              label={t("personal.phone.newPhone")}
              placeholder={t("personal.phone.placeholder")}
              {...controlledFieldProps(fieldState)}
            />
          )}
        />
        <Group gap="sm">
          <Button type="submit" loading={mutation.isPending}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("personal.phone.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ResendLine({
  label,
  waitText,
  secondsLeft,
  pending,
  onResend,
  onOther,
}: {
  label: string;
  waitText: string;
  secondsLeft: number;
  pending: boolean;
  onResend: () => void;
  onOther: () => void;
}) {
  const { t } = useTranslation("personal");
  return (
    <>
      <Group gap="sm">
        <Button variant="subtle" onClick={onResend} disabled={secondsLeft > 0} loading={pending}>
          {label}
        </Button>
        <Button variant="subtle" onClick={onOther}>
          {t("personal.phone.otherPhone")}
        </Button>
      </Group>
      {secondsLeft > 0 ? (
        <Text fz="sm" c="dimmed">
          {waitText}
        </Text>
      ) : null}
    </>
  );
}

function TwoCodesFlow({
  currentPhone,
  onCancel,
  onChanged,
}: {
  currentPhone: string;
  onCancel: () => void;
  onChanged: (revoked: number) => void;
}) {
  const { t } = useTranslation("personal");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const resend = useCountdown();
  if (!sentTo) {
    return (
      <NewPhoneForm
        submitLabel={t("personal.phone.sendCodes")}
        send={sendPhoneCodes}
        onSent={(phone, seconds) => {
          resend.start(seconds);
          setSentTo(phone);
        }}
        onCancel={onCancel}
      />
    );
  }
  return (
    <TwoCodesForm
      currentPhone={currentPhone}
      phone={sentTo}
      secondsLeft={resend.secondsLeft}
      onResent={resend.start}
      onOtherPhone={() => setSentTo(null)}
      onChanged={onChanged}
    />
  );
}

function TwoCodesForm({
  currentPhone,
  phone,
  secondsLeft,
  onResent,
  onOtherPhone,
  onChanged,
}: {
  currentPhone: string;
  phone: string;
  secondsLeft: number;
  onResent: (seconds: number) => void;
  onOtherPhone: () => void;
  onChanged: (revoked: number) => void;
}) {
  const { t } = useTranslation("personal");
  const place = usePlace();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const change = useMutation({ mutationFn: changePhone });
  const resend = useMutation({ mutationFn: sendPhoneCodes });
  const form = useForm<PhoneChangeRequest, unknown, ChangeBody>({
    resolver: zodResolver(phoneChangeRequestSchema),
    defaultValues: { phone, oldCode: "", newCode: "" },
  });
  const fields = ["oldCode", "newCode"] as const;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const { revoked } = await change.mutateAsync(values);
      refreshPersonalData(queryClient);
      onChanged(revoked);
    } catch (error) {
      setFormError(place(error, fields, serverFieldError(form.setError)));
    }
  });

  async function resendCodes() {
    setFormError(null);
    try {
      onResent((await resend.mutateAsync({ phone })).resendAfterSeconds);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429)
        onResent(error.retryAfterSeconds ?? 60);
      setFormError(place(error, fields, serverFieldError(form.setError)));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text role="status">
          {t("personal.phone.codesSent", {
            old: formatPhone(currentPhone),
            new: formatPhone(phone),
          })}
        </Text>
        {formError ? (
          <FormAlert title={t("personal.phone.errorTitle")}>{formError}</FormAlert>
        ) : null}
        <TextInput
          label={t("personal.phone.oldCode")}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          {...bindField(form, "oldCode")}
        />
        <TextInput
          label={t("personal.phone.newCode")}
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          {...bindField(form, "newCode")}
        />
        <Button type="submit" loading={change.isPending} style={{ alignSelf: "flex-start" }}>
          {t("personal.phone.confirm")}
        </Button>
        <ResendLine
          label={t("personal.phone.resend")}
          waitText={t("personal.phone.resendIn", { time: formatCountdown(secondsLeft) })}
          secondsLeft={secondsLeft}
          pending={resend.isPending}
          onResend={() => void resendCodes()}
          onOther={onOtherPhone}
        />
      </Stack>
    </form>
  );
}

function LostPhoneRequest({ onCancel, onSent }: { onCancel: () => void; onSent: () => void }) {
  const { t } = useTranslation("personal");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const resend = useCountdown();
  return (
    <Stack gap="md" component="section" aria-labelledby="phone-lost-title" maw={440}>
      <Title order={3} fz="lg" id="phone-lost-title">
        {t("personal.phone.lostTitle")}
      </Title>
      <Text fz="sm">{t("personal.phone.lostWhy")}</Text>
      {sentTo ? (
        <LostPhoneForm
          phone={sentTo}
          secondsLeft={resend.secondsLeft}
          onResent={resend.start}
          onOtherPhone={() => setSentTo(null)}
          onSent={onSent}
        />
      ) : (
        <NewPhoneForm
          submitLabel={t("personal.phone.sendCode")}
          send={sendNewPhoneCode}
          onSent={(phone, seconds) => {
            resend.start(seconds);
            setSentTo(phone);
          }}
          onCancel={onCancel}
        />
      )}
    </Stack>
  );
}

function LostPhoneForm({
  phone,
  secondsLeft,
  onResent,
  onOtherPhone,
  onSent,
}: {
  phone: string;
  secondsLeft: number;
  onResent: (seconds: number) => void;
  onOtherPhone: () => void;
  onSent: () => void;
}) {
  const { t } = useTranslation("personal");
  const place = usePlace();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const send = useMutation({ mutationFn: sendPhoneRequest });
  const resend = useMutation({ mutationFn: sendNewPhoneCode });
  const form = useForm<PhoneRequestInput, unknown, RequestBody>({
    resolver: zodResolver(phoneRequestSchema),
    defaultValues: { phone, code: "", reason: "" },
  });
  const fields = ["code", "reason"] as const;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await send.mutateAsync(values);
      refreshPersonalData(queryClient);
      onSent();
    } catch (error) {
      setFormError(place(error, fields, serverFieldError(form.setError)));
    }
  });

  async function resendCode() {
    setFormError(null);
    try {
      onResent((await resend.mutateAsync({ phone })).resendAfterSeconds);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429)
        onResent(error.retryAfterSeconds ?? 60);
      setFormError(place(error, fields, serverFieldError(form.setError)));
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text role="status">{t("personal.phone.codeSent", { phone: formatPhone(phone) })}</Text>
        {formError ? (
          <FormAlert title={t("personal.phone.requestErrorTitle")}>{formError}</FormAlert>
        ) : null}
        <TextInput
          label={t("personal.phone.code")}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          {...bindField(form, "code")}
        />
        <Textarea
          label={t("personal.phone.reason")}
          description={t("personal.phone.reasonHint")}
          autosize
          minRows={2}
          maxLength={1000}
          {...bindField(form, "reason")}
        />
        <Button type="submit" loading={send.isPending} style={{ alignSelf: "flex-start" }}>
          {t("personal.phone.submit")}
        </Button>
        <ResendLine
          label={t("personal.email.resend")}
          waitText={t("personal.email.resendIn", { time: formatCountdown(secondsLeft) })}
          secondsLeft={secondsLeft}
          pending={resend.isPending}
          onResend={() => void resendCode()}
          onOther={onOtherPhone}
        />
      </Stack>
    </form>
  );
}
