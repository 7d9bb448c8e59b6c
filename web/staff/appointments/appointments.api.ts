import { infiniteQueryOptions } from "@tanstack/react-query";
import {
  bookingOptionsSchema,
  type ClinicCancel,
  type FulfilAppointment,
  type ScheduleAppointment,
  type StaffAppointmentQueue,
  staffAppointmentEnvelopeSchema,
  staffAppointmentListSchema,
  staffAppointmentSummarySchema,
} from "../../../common/booking/staff-appointments.schema.ts";
import { api } from "../../ui/api.ts";
import { queryString } from "../../ui/api-query.ts";
import { CONSOLE_QUEUE_FALLBACK_MS, liveFallbackInterval } from "../../ui/live-events.ts";
import { uploadForm } from "../../ui/upload.ts";
import { staffQuery } from "../staff-query.ts";

const PAGE = 50;
const base = "/api/staff/appointments";

/** Every query of «Записи»: a change refetches them all (tabs' counts move with it). */
export const appointmentsKey = ["staff", "appointments"] as const;

export const appointmentSummaryQuery = () => ({
  ...staffQuery([...appointmentsKey, "summary"], `${base}/summary`, staffAppointmentSummarySchema),
  refetchInterval: liveFallbackInterval(CONSOLE_QUEUE_FALLBACK_MS),
});

export const appointmentQueueQuery = (queue: StaffAppointmentQueue, clinicId: string) =>
  infiniteQueryOptions({
    queryKey: [...appointmentsKey, "list", queue, clinicId],
    queryFn: ({ pageParam, signal }) => {
      const path = `${base}${queryString({
        queue,
        clinicId: clinicId || undefined,
        limit: PAGE,
        offset: pageParam,
      })}`;
      return api.get(path, { schema: staffAppointmentListSchema, signal });
    },
    initialPageParam: 0,
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length * PAGE : undefined),
    refetchInterval: liveFallbackInterval(CONSOLE_QUEUE_FALLBACK_MS),
    retry: false,
  });

const path = (id: string, action = "") =>
  `${base}/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;

/** One appointment's card, while the dialog holds one (`id` null while it is closed). */
export const appointmentQuery = (id: string | null) => ({
  ...staffQuery([...appointmentsKey, "detail", id], path(id ?? ""), staffAppointmentEnvelopeSchema),
  enabled: id !== null,
});

export const bookingOptionsQuery = (id: string) =>
  staffQuery(
    [...appointmentsKey, "options", id],
    path(id, "booking-options"),
    bookingOptionsSchema,
  );

async function change(id: string, action: string, body?: unknown) {
  const answer = await api.post(path(id, action), body, { schema: staffAppointmentEnvelopeSchema });
  return answer.appointment;
}

export const scheduleAppointment = (id: string, body: ScheduleAppointment) =>
  change(id, "schedule", body);
export const confirmAppointment = (id: string) => change(id, "confirm");
export const markLetterSent = (id: string) => change(id, "letter-sent");
export const fulfilAppointment = (id: string, body: FulfilAppointment) =>
  change(id, "fulfil", body);
export const markNoShow = (id: string) => change(id, "noshow");
export const cancelForClinic = (id: string, body: ClinicCancel) => change(id, "cancel", body);

/** «Загрузить письмо»: the guarantee letter's PDF in the field `file`. */
export async function uploadLetter(id: string, file: File) {
  const form = new FormData();
  form.append("file", file, file.name);
  const answer = await uploadForm(path(id, "letter"), form, {
    schema: staffAppointmentEnvelopeSchema,
  });
  return answer.appointment;
}

/** The uploaded letter's address (the download is written to the audit log). */
export const letterUrl = (id: string) => path(id, "letter");
