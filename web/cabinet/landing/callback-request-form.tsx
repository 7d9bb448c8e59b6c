import { zodResolver } from "@hookform/resolvers/zod";
import { Anchor, Button, Checkbox, Radio, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { Controller, type UseFormReturn, useForm } from "react-hook-form";
import { Trans, useTranslation } from "react-i18next";
import type { VisitorSource } from "../../../common/contact/visitor-callback.schema.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import type { LegalDocumentSummary } from "../../../common/identity/legal.schema.ts";
import { SMS_CODE_LENGTH, smsCodeSchema } from "../../../common/identity/sms-code.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps, fieldErrorProps } from "../../ui/form-field.ts";
import { PageLoader } from "../../ui/page-loader.tsx";
import { PhoneInput } from "../../ui/phone-input.tsx";
import {
  focusFirstInvalid,
  isTicketProblem,
  placeServerErrors,
  serverFieldError,
} from "../../ui/server-errors.ts";
import { formatCountdown, useCountdown } from "../../ui/use-countdown.ts";
import {
  type CallbackFormBody,
  type CallbackFormValues,
  callbackFieldNames,
  callbackFormSchema,
  topicsFor,
} from "./callback-form.schema.ts";
import {
  personalDataQuery,
  requestVisitorCallback,
  sendVisitorCode,
  verifyVisitorCode,
} from "./visitor-callback.api.ts";

interface CallbackRequestFormProps {
  /** The site's «Заказать звонок» (visitor) or the corporate request for the sales team. */
  source: VisitorSource;
  /** The topic chosen beforehand (the card the visitor came from). */
  initialTopic?: string;
  /** Called with the text of the success notice once the request is in the queue. */
  onDone?: () => void;
}

/**
 * «Заказать звонок» without an account: the name, the phone, the topic (and the company for the
 * sales team) and the consent → «Получить код» → «Код из SMS» → «Отправить». The request goes in
 * only with a phone confirmed by its code.
 */
export function CallbackRequestForm({
  source,
  initialTopic = "",
  onDone,
}: CallbackRequestFormProps) {
  const { t } = useTranslation("landing");
  const document = useQuery(personalDataQuery());
  if (document.isError) {
    return <FormAlert title={t("callback.loadFailed")}>{t("callback.loadFailedText")}</FormAlert>;
  }
  if (document.data === undefined) return <PageLoader label={t("callback.loading")} />;
  if (document.data === null) {
    return <FormAlert title={t("callback.loadFailed")}>{t("callback.loadFailedText")}</FormAlert>;
  }
  return (
    <RequestSteps
      source={source}
      initialTopic={initialTopic}
      personalData={document.data}
      {...(onDone ? { onDone } : {})}
    />
  );
}

type Step =
  | { kind: "details" }
  | { kind: "code"; body: CallbackFormBody }
  | { kind: "done"; body: CallbackFormBody };

function RequestSteps({
  source,
  initialTopic,
  personalData,
  onDone,
}: Required<Omit<CallbackRequestFormProps, "onDone">> & {
  personalData: LegalDocumentSummary;
  onDone?: () => void;
}) {
  const [step, setStep] = useState<Step>({ kind: "details" });
  const [notice, setNotice] = useState<string | null>(null);
  const resend = useCountdown();
  const schema = useMemo(() => callbackFormSchema(source), [source]);
  const topics = topicsFor(source);
  const form = useForm<CallbackFormValues, unknown, CallbackFormBody>({
    resolver: zodResolver(schema),
    shouldFocusError: false,
    defaultValues: {
      name: "",
      companyName: "",
      phone: "",
      topic: topics.some((topic) => topic === initialTopic) ? initialTopic : "",
      consent: false,
    },
  });

  if (step.kind === "done") return <Done body={step.body} />;
  if (step.kind === "code") {
    return (
      <CodeStep
        key={step.body.phone}
        source={source}
        body={step.body}
        consentVersion={personalData.version}
        secondsLeft={resend.secondsLeft}
        onResent={resend.start}
        onBack={(message) => {
          setNotice(message);
          setStep({ kind: "details" });
        }}
        onDone={() => {
          setStep({ kind: "done", body: step.body });
          onDone?.();
        }}
      />
    );
  }
  return (
    <DetailsStep
      form={form}
      source={source}
      personalData={personalData}
      notice={notice}
      throttle={resend}
      onSent={(body, resendAfterSeconds) => {
        setNotice(null);
        resend.start(resendAfterSeconds);
        setStep({ kind: "code", body });
      }}
    />
  );
}

function DetailsStep({
  form,
  source,
  personalData,
  notice,
  throttle,
  onSent,
}: {
  form: UseFormReturn<CallbackFormValues, unknown, CallbackFormBody>;
  source: VisitorSource;
  personalData: LegalDocumentSummary;
  notice: string | null;
  throttle: ReturnType<typeof useCountdown>;
  onSent: (body: CallbackFormBody, resendAfterSeconds: number) => void;
}) {
  const { t } = useTranslation("landing");
  const { t: tCommon } = useTranslation("common");
  const [formError, setFormError] = useState<string | null>(null);
  const send = useMutation({ mutationFn: sendVisitorCode });
  const { control, handleSubmit, setError, setFocus } = form;
  const topics = topicsFor(source);

  const onSubmit = handleSubmit(
    async (body) => {
      setFormError(null);
      try {
        const sent = await send.mutateAsync({ phone: body.phone });
        onSent(body, sent.resendAfterSeconds);
      } catch (error) {
        if (error instanceof ApiError && error.status === 429) {
          throttle.start(error.retryAfterSeconds ?? 60);
        }
        setFormError(
          placeServerErrors(error, ["phone"] as const, serverFieldError(setError), tCommon),
        );
      }
    },
    (invalid) => focusFirstInvalid(invalid, callbackFieldNames, setFocus),
  );
  const throttled = throttle.secondsLeft > 0;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text fz="sm" c="dimmed">
          {t(source === "sales" ? "callback.salesIntro" : "callback.intro")}
        </Text>
        {notice ? <FormAlert title={t("callback.noticeTitle")}>{notice}</FormAlert> : null}
        {formError ? <FormAlert title={t("callback.sendFailed")}>{formError}</FormAlert> : null}
        <TextInput
          label={t("callback.name")}
          autoComplete="name"
          maxLength={200}
          {...bindField(form, "name")}
        />
        {source === "sales" ? (
          <TextInput
            label={t("callback.company")}
            autoComplete="organization"
            maxLength={400}
            {...bindField(form, "companyName")}
          />
        ) : null}
        <Controller
          control={control}
          name="phone"
          render={({ field, fieldState }) => (
            <PhoneInput
              {...field}
              label={t("callback.phone")}
              placeholder="+7 (900) 000-00-00"
              {...controlledFieldProps(fieldState)}
            />
          )}
        />
        <Controller
          control={control}
          name="topic"
          render={({ field, fieldState }) => (
            <Radio.Group
              name={field.name}
              value={field.value}
              onChange={field.onChange}
              label={t("callback.topic")}
              {...controlledFieldProps(fieldState)}
            >
              <Stack gap="xs" mt="xs">
                {topics.map((topic, index) => (
                  <Radio
                    key={topic}
                    value={topic}
                    label={t(`callback.topics.${topic}`)}
                    onBlur={field.onBlur}
                    {...(index === 0 ? { ref: field.ref } : {})}
                  />
                ))}
              </Stack>
            </Radio.Group>
          )}
        />
        <Controller
          control={control}
          name="consent"
          render={({ field, fieldState }) => (
            <Checkbox
              ref={field.ref}
              name={field.name}
              onBlur={field.onBlur}
              checked={field.value}
              onChange={(event) => field.onChange(event.currentTarget.checked)}
              label={
                <>
                  <Trans
                    t={t}
                    i18nKey="callback.consent"
                    components={{
                      documentLink: (
                        <Anchor
                          href={personalData.url}
                          target="_blank"
                          rel="noopener"
                          underline="always"
                        />
                      ),
                    }}
                  />
                  <span className="visually-hidden"> ({t("callback.newTab")})</span>
                </>
              }
              {...fieldErrorProps(fieldState.error?.message)}
            />
          )}
        />
        <Button type="submit" loading={send.isPending} disabled={throttled}>
          {t("callback.getCode")}
        </Button>
        {throttled ? (
          <Text fz="sm" c="dimmed" ta="center" aria-live="polite">
            {t("callback.retryIn", { time: formatCountdown(throttle.secondsLeft) })}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}

const codeFormSchema = { code: smsCodeSchema };

function CodeStep({
  source,
  body,
  consentVersion,
  secondsLeft,
  onResent,
  onBack,
  onDone,
}: {
  source: VisitorSource;
  body: CallbackFormBody;
  consentVersion: number;
  secondsLeft: number;
  onResent: (seconds: number) => void;
  /** Back to the details, with a note why (a stale confirmation, a refusal of the details). */
  onBack: (notice: string | null) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation("landing");
  const { t: tCommon } = useTranslation("common");
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [resent, setResent] = useState(false);
  // A confirmed phone's ticket, kept so that a retry after a refusal does not ask for the code again.
  const ticket = useRef<string | null>(null);
  const codeInput = useRef<HTMLInputElement | null>(null);
  const resend = useMutation({ mutationFn: sendVisitorCode });
  const submit = useMutation({
    mutationFn: async () => {
      if (!ticket.current) {
        ticket.current = (await verifyVisitorCode({ phone: body.phone, code })).ticket;
      }
      return requestVisitorCallback({
        ticket: ticket.current,
        source,
        name: body.name,
        topic: body.topic,
        consentVersion,
        ...(body.companyName ? { companyName: body.companyName } : {}),
      });
    },
  });

  useEffect(() => {
    codeInput.current?.focus();
  }, []);

  const place = (error: unknown) =>
    placeServerErrors(
      error,
      ["code"] as const,
      (_name, message, focus) => {
        setCodeError(message);
        if (focus) codeInput.current?.focus();
      },
      tCommon,
    );

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setFormError(null);
    setResent(false);
    if (!ticket.current) {
      const parsed = smsCodeSchemaCheck(code);
      if (parsed) {
        setCodeError(parsed);
        codeInput.current?.focus();
        return;
      }
    }
    setCodeError(null);
    try {
      await submit.mutateAsync();
      onDone();
    } catch (error) {
      if (isTicketProblem(error)) {
        ticket.current = null;
        onBack(t("callback.ticketExpired"));
        return;
      }
      if (
        error instanceof ApiError &&
        error.status === 400 &&
        error.fieldErrors.some((field) => field.field !== "code")
      ) {
        // The details were refused (a name the server would not take): back to them.
        onBack(place(error) ?? error.fieldErrors[0]?.message ?? null);
        return;
      }
      setFormError(place(error));
    }
  }

  async function resendCode() {
    setFormError(null);
    setResent(false);
    try {
      const sent = await resend.mutateAsync({ phone: body.phone });
      ticket.current = null;
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
        <Text>{t("callback.codeSent", { phone: formatPhone(body.phone) })}</Text>
        {formError ? <FormAlert title={t("callback.submitFailed")}>{formError}</FormAlert> : null}
        {resent ? <FormAlert tone="success">{t("callback.resent")}</FormAlert> : null}
        <TextInput
          ref={codeInput}
          name="code"
          value={code}
          onChange={(event) =>
            setCode(event.currentTarget.value.replace(/\D/g, "").slice(0, SMS_CODE_LENGTH))
          }
          label={t("callback.code")}
          autoComplete="one-time-code"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={SMS_CODE_LENGTH}
          {...fieldErrorProps(codeError)}
        />
        <Button type="submit" loading={submit.isPending}>
          {t("callback.submit")}
        </Button>
        {secondsLeft > 0 ? (
          <Text fz="sm" c="dimmed" ta="center">
            {t("callback.resendIn", { time: formatCountdown(secondsLeft) })}
          </Text>
        ) : (
          <Button variant="light" loading={resend.isPending} onClick={resendCode}>
            {t("callback.resend")}
          </Button>
        )}
        <Button variant="subtle" onClick={() => onBack(null)}>
          {t("callback.back")}
        </Button>
      </Stack>
    </form>
  );
}

/** The code's own message when it is not six digits; null when it is. */
function smsCodeSchemaCheck(code: string): string | null {
  const parsed = codeFormSchema.code.safeParse(code);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
}

function Done({ body }: { body: CallbackFormBody }) {
  const { t } = useTranslation("landing");
  const heading = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div ref={heading} tabIndex={-1}>
      <FormAlert tone="success">
        <Text fw={700} inherit>
          {t("callback.doneTitle")}
        </Text>
        {t("callback.doneText", { name: body.name, phone: formatPhone(body.phone) })}
      </FormAlert>
    </div>
  );
}
