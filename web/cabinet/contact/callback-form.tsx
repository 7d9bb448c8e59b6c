import { zodResolver } from "@hookform/resolvers/zod";
import { Button, NativeSelect, Radio, SimpleGrid, Stack, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import {
  callbackDays,
  callbackEndHours,
  callbackStartHours,
  proposedCallbackEnd,
  proposedCallbackWindow,
} from "../../../common/contact/callback-window.ts";
import {
  type Callback,
  type CallbackForm as CallbackFormValues,
  callbackFormSchema,
} from "../../../common/contact/contact.schema.ts";
import { formatPhone } from "../../../common/format/phone.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { bindField, controlledFieldProps } from "../../ui/form-field.ts";
import { PhoneInput } from "../../ui/phone-input.tsx";
import { placeServerErrors, serverFieldError } from "../../ui/server-errors.ts";
import { forgetSessionOn401, useSignedInClient } from "../identity/session.ts";
import { callbacksQueryKey, requestCallback } from "./contact.api.ts";

type CallbackFormOutput = z.output<typeof callbackFormSchema>;

export interface CallbackContractOption {
  id: string;
  number: string;
  /** The contract's current persons, by slot: «Пациент 1 — Евгений Александрович». */
  persons: { slot: number; name: string }[];
}

const fieldNames = ["phone", "day", "from", "to", "personSlot", "note"] as const;

/** The time now, once a minute: the windows on offer follow the clock while the form is open. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** «Перезвонить мне» on a contract: the number (the account's by default), when, about whom. */
export function CallbackForm({
  contract,
  onDone,
}: {
  contract: CallbackContractOption;
  onDone: (callback: Callback) => void;
}) {
  const { t } = useTranslation("contact");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const client = useSignedInClient();
  const [formError, setFormError] = useState<string | null>(null);
  const now = useMinuteClock();
  const form = useForm<CallbackFormValues, unknown, CallbackFormOutput>({
    resolver: zodResolver(callbackFormSchema),
    defaultValues: {
      contractId: contract.id,
      phone: formatPhone(client.phone),
      whenKind: "asap",
      ...proposedCallbackWindow(),
      personSlot: "1",
      note: "",
    },
  });
  const { control, handleSubmit, setError, setValue, watch } = form;
  const [whenKind, day, from, to] = watch(["whenKind", "day", "from", "to"]);
  // Only windows that can still be kept are offered (the rule the server checks again).
  const days = callbackDays(now);
  const starts = callbackStartHours(day, now);
  const ends = callbackEndHours(day, from, now);

  // A choice the clock or another field has overtaken moves to the next window that can be kept.
  useEffect(() => {
    const next = !callbackDays(now).includes(day)
      ? proposedCallbackWindow(now)
      : !callbackStartHours(day, now).includes(from)
        ? proposedCallbackWindow(now, day)
        : !callbackEndHours(day, from, now).includes(to)
          ? { day, from, to: proposedCallbackEnd(day, from, now) }
          : null;
    if (!next) return;
    if (next.day !== day) setValue("day", next.day);
    if (next.from !== from) setValue("from", next.from);
    if (next.to !== to) setValue("to", next.to);
  }, [day, from, to, now, setValue]);

  const send = useMutation({
    mutationFn: ({ contractId, body }: CallbackFormOutput) => requestCallback(contractId, body),
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const callback = await send.mutateAsync(values);
      void queryClient.invalidateQueries({ queryKey: callbacksQueryKey });
      onDone(callback);
    } catch (error) {
      forgetSessionOn401(queryClient, error);
      setFormError(placeServerErrors(error, fieldNames, serverFieldError(setError), tCommon));
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t("callback.formLabel")}>
      <Stack gap="md" maw={480}>
        {formError ? <FormAlert title={t("callback.failedTitle")}>{formError}</FormAlert> : null}
        <Controller
          control={control}
          name="phone"
          render={({ field, fieldState }) => (
            <PhoneInput
              label={t("callback.phone")}
              description={t("callback.phoneHint")}
              autoComplete="tel"
              {...controlledFieldProps(fieldState)}
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              ref={field.ref}
            />
          )}
        />
        <Controller
          control={control}
          name="whenKind"
          render={({ field }) => (
            <Radio.Group label={t("callback.when")} value={field.value} onChange={field.onChange}>
              <Stack gap="xs" mt="xs">
                <Radio value="asap" label={t("callback.asap")} />
                <Radio value="window" label={t("callback.window")} />
              </Stack>
            </Radio.Group>
          )}
        />
        {whenKind === "window" ? (
          <Stack gap="sm">
            {/* Controlled: their options change with the clock and the day, the shown value with them. */}
            <Controller
              control={control}
              name="day"
              render={({ field, fieldState }) => (
                <NativeSelect
                  label={t("callback.day")}
                  {...controlledFieldProps(fieldState)}
                  data={days.map((value) => ({ value, label: t(`callback.${value}`) }))}
                  {...field}
                />
              )}
            />
            <SimpleGrid cols={2} spacing="sm">
              <Controller
                control={control}
                name="from"
                render={({ field, fieldState }) => (
                  <NativeSelect
                    label={t("callback.from")}
                    {...controlledFieldProps(fieldState)}
                    data={starts}
                    {...field}
                  />
                )}
              />
              <Controller
                control={control}
                name="to"
                render={({ field, fieldState }) => (
                  <NativeSelect
                    label={t("callback.to")}
                    {...controlledFieldProps(fieldState)}
                    data={ends}
                    {...field}
                  />
                )}
              />
            </SimpleGrid>
          </Stack>
        ) : null}
        <NativeSelect
          label={t("callback.person")}
          data={contract.persons.map((person) => ({
            value: String(person.slot),
            label: t("callback.personOption", { slot: person.slot, name: person.name }),
          }))}
          {...bindField(form, "personSlot")}
        />
        <Textarea
          label={t("callback.note")}
          description={t("callback.noteHint")}
          autosize
          minRows={2}
          maxLength={500}
          {...bindField(form, "note")}
        />
        <Button type="submit" loading={send.isPending} style={{ alignSelf: "flex-start" }}>
          {t("callback.submit")}
        </Button>
      </Stack>
    </form>
  );
}
