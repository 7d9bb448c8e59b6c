import { type QueryClient, queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  type AppointmentView,
  appointmentListSchema,
  appointmentSchema,
  MAX_SLOT_SEARCH_DAYS,
  slotListSchema,
} from "../../../common/booking/booking.schema.ts";
import { api } from "../../ui/api.ts";
import { type LiveUpdate, liveFallbackInterval, useLiveListener } from "../../ui/live-events.ts";
import { forgetSessionOn401 } from "../identity/session.ts";

/** Where «Записаться к врачу» leads (the booking screen). */
export const BOOKING_PATH = "/cabinet/booking";

/** Every «Мои записи» query sits under ["appointments"]. */
export const appointmentsQueryKeys = {
  all: ["appointments"] as const,
  list: ["appointments", "list"] as const,
  appointment: (id: string) => ["appointments", "one", id] as const,
  moveSlots: (id: string) => ["appointments", "move-slots", id] as const,
};

const appointmentPath = (id: string) => `/api/appointments/${encodeURIComponent(id)}`;

function withSession<T>(load: (signal: AbortSignal) => Promise<T>) {
  return async ({ signal, client }: { signal: AbortSignal; client: QueryClient }) => {
    try {
      return await load(signal);
    } catch (error) {
      forgetSessionOn401(client, error);
      throw error;
    }
  };
}

/** «Мои записи»: upcoming and past. */
export function appointmentListQuery() {
  return queryOptions({
    queryKey: appointmentsQueryKeys.list,
    queryFn: withSession((signal) =>
      api.get("/api/appointments", { schema: appointmentListSchema, signal }),
    ),
    // The stream refreshes it (appointment.*, waitlist.offered); polled only while it is down.
    refetchInterval: liveFallbackInterval(),
  });
}

export function useAppointmentList() {
  return useQuery(appointmentListQuery());
}

/** One appointment with its history, its actions and its waitlist. */
export function appointmentQuery(id: string) {
  return queryOptions({
    queryKey: appointmentsQueryKeys.appointment(id),
    queryFn: withSession((signal) =>
      api.get(appointmentPath(id), { schema: appointmentSchema, signal }),
    ),
    refetchInterval: liveFallbackInterval(),
  });
}

export function useAppointment(id: string) {
  return useQuery(appointmentQuery(id));
}

/**
 * The search for «Перенести»: free times of the same doctor (or, with no doctor, of the same clinic
 * and specialty) for the person, from now to MAX_SLOT_SEARCH_DAYS ahead.
 */
export function moveSlotsSearch(appointment: AppointmentView, now = new Date()): URLSearchParams {
  // A few minutes short of 14 days: the server refuses a period past its own clock's 14 days,
  // and a browser's clock may run a little fast.
  const to = new Date(now.getTime() + MAX_SLOT_SEARCH_DAYS * 24 * 60 * 60_000 - 10 * 60_000);
  const search = new URLSearchParams({ personId: appointment.personId });
  if (appointment.doctor) {
    search.set("doctorId", appointment.doctor.id);
    search.set("clinicId", appointment.clinic.id);
  } else {
    search.set("clinicId", appointment.clinic.id);
    search.set("specialtyId", appointment.specialty.id);
  }
  search.set("from", now.toISOString());
  search.set("to", to.toISOString());
  return search;
}

export function moveSlotsQuery(appointment: AppointmentView) {
  return queryOptions({
    queryKey: appointmentsQueryKeys.moveSlots(appointment.id),
    queryFn: withSession(
      async (signal) =>
        (
          await api.get(`/api/booking/slots?${moveSlotsSearch(appointment)}`, {
            schema: slotListSchema,
            signal,
          })
        ).slots,
    ),
  });
}

export function useMoveSlots(appointment: AppointmentView, enabled: boolean) {
  return useQuery({ ...moveSlotsQuery(appointment), enabled });
}

/** «Отменить»: 409 with the clinic's phone once past the cut-off. */
export function cancelAppointment(id: string): Promise<AppointmentView> {
  return api.post(`${appointmentPath(id)}/cancel`, undefined, { schema: appointmentSchema });
}

/** «Перенести»: 201 with the new appointment; 409 keeps the old one as it was. */
export function moveAppointment(id: string, slotId: string): Promise<AppointmentView> {
  return api.post(`${appointmentPath(id)}/move`, { slotId }, { schema: appointmentSchema });
}

/** «Сообщить, если освободится раньше». */
export function joinWaitlist(id: string): Promise<AppointmentView> {
  return api.post(`${appointmentPath(id)}/waitlist`, undefined, { schema: appointmentSchema });
}

/** Leaves the waitlist; the appointment stays. */
export function leaveWaitlist(id: string): Promise<AppointmentView> {
  return api.delete(`${appointmentPath(id)}/waitlist`, { schema: appointmentSchema });
}

/** «Принять»: 201 with the moved appointment; 409 when the offer lapsed or the time was taken. */
export function acceptWaitlistOffer(offerId: string): Promise<AppointmentView> {
  return api.post(`/api/waitlist-offers/${encodeURIComponent(offerId)}/accept`, undefined, {
    schema: appointmentSchema,
  });
}

/** «Отказаться»: the appointment stays on its time and on the waitlist. */
export function declineWaitlistOffer(offerId: string): Promise<AppointmentView> {
  return api.post(`/api/waitlist-offers/${encodeURIComponent(offerId)}/decline`, undefined, {
    schema: appointmentSchema,
  });
}

/** «Добавить в календарь»: the RFC 5545 file of an appointment with a time. */
export function calendarHref(id: string): string {
  return `${appointmentPath(id)}/calendar.ics`;
}

/** Puts an appointment the server answered with into the cache, and marks the list stale. */
export function storeAppointment(queryClient: QueryClient, appointment: AppointmentView): void {
  queryClient.setQueryData(appointmentsQueryKeys.appointment(appointment.id), appointment);
  void queryClient.invalidateQueries({ queryKey: appointmentsQueryKeys.list });
}

/** Whether a live event changes what «Мои записи» shows. */
export function isAppointmentUpdate(update: LiveUpdate): boolean {
  return update.type.startsWith("appointment.") || update.type.startsWith("waitlist.");
}

/**
 * Reads the appointments again when the stream says one changed (a clinic's cancellation, an
 * operator's confirmation, a waitlist offer), on whichever screen shows them.
 */
export function useAppointmentsLive(): void {
  const queryClient = useQueryClient();
  useLiveListener((update) => {
    if (isAppointmentUpdate(update)) {
      void queryClient.invalidateQueries({ queryKey: appointmentsQueryKeys.all });
    }
  });
}
