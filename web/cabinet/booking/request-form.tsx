import { Button, Checkbox, Radio, SimpleGrid, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import {
  appointmentRequestSchema,
  requestTimeOfDaySchema,
} from "../../../common/booking/booking.schema.ts";
import { ApiError } from "../../ui/api.ts";
import { FormAlert } from "../../ui/form-alert.tsx";
import { describeError } from "../../ui/server-errors.ts";
import { forgetSessionOn401 } from "../identity/session.ts";
import { requestAppointment, storeNewAppointment } from "./booking.api.ts";
import { formatShortDay, requestDays } from "./booking-format.ts";

type TimeOfDay = (typeof requestTimeOfDaySchema.options)[number];

/** «Оставить заявку» at a clinic that takes requests only: preferred days and time of day. */
export function RequestForm({
  personId,
  clinicId,
  specialtyId,
  doctorId,
}: {
  personId: string;
  clinicId: string;
  specialtyId: string;
  doctorId: string | null;
}) {
  const { t } = useTranslation("booking");
  const { t: tCommon } = useTranslation("common");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [days, setDays] = useState<string[]>([]);
  const [timeOfDay, setTimeOfDay] = useState<TimeOfDay>("any");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ days?: string; note?: string }>({});
  const send = useMutation({
    mutationFn: requestAppointment,
    onSuccess: (appointment) => {
      storeNewAppointment(queryClient, appointment);
      navigate(`/cabinet/booking/done/${appointment.id}`);
    },
    onError: (error) => {
      forgetSessionOn401(queryClient, error);
      if (error instanceof ApiError) {
        const found: { days?: string; note?: string } = {};
        for (const fieldError of error.fieldErrors) {
          const field = fieldError.field.split(".")[1];
          if (field === "days" || field === "note") found[field] = fieldError.message;
        }
        setErrors(found);
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = appointmentRequestSchema.safeParse({
      personId,
      clinicId,
      specialtyId,
      ...(doctorId ? { doctorId } : {}),
      days,
      timeOfDay,
      ...(note.trim() ? { note } : {}),
    });
    if (!parsed.success) {
      const found: { days?: string; note?: string } = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if ((field === "days" || field === "note") && !found[field]) found[field] = issue.message;
      }
      setErrors(found);
      const first = document.querySelector<HTMLElement>(
        found.days ? "[data-request-days] input" : "[data-request-note]",
      );
      first?.focus();
      return;
    }
    setErrors({});
    send.mutate(parsed.data);
  };

  const fieldErrorsOnly =
    send.error instanceof ApiError && send.error.status === 400 && (errors.days || errors.note);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text>{t("request.hint")}</Text>
        {send.error && !fieldErrorsOnly ? (
          <FormAlert title={t("request.failedTitle")}>
            {describeError(send.error, tCommon)}
          </FormAlert>
        ) : null}
        <Checkbox.Group
          label={t("request.days")}
          value={days}
          onChange={setDays}
          error={errors.days}
          data-request-days
          withAsterisk
        >
          <SimpleGrid cols={{ base: 2, xs: 3, sm: 4 }} spacing="xs" mt="xs">
            {requestDays().map((day) => (
              <Checkbox key={day} value={day} label={formatShortDay(day)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Radio.Group
          label={t("request.timeOfDay")}
          value={timeOfDay}
          onChange={(value) => setTimeOfDay(requestTimeOfDaySchema.parse(value))}
        >
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" mt="xs">
            {requestTimeOfDaySchema.options.map((option) => (
              <Radio key={option} value={option} label={t(`request.${option}`)} />
            ))}
          </SimpleGrid>
        </Radio.Group>
        <Textarea
          label={t("request.note")}
          description={t("request.noteHint")}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={errors.note}
          autosize
          minRows={2}
          maxLength={1000}
          data-request-note
        />
        <Button type="submit" loading={send.isPending} style={{ alignSelf: "flex-start" }}>
          {t("request.submit")}
        </Button>
      </Stack>
    </form>
  );
}
