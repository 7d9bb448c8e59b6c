import { type QueryClient, queryOptions, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import {
  type AppointmentView,
  type appointmentRequestSchema,
  appointmentSchema,
  bookingPersonListSchema,
  clinicListSchema,
  clinicServiceListSchema,
  doctorSearchResultSchema,
  MAX_SLOT_SEARCH_DAYS,
  slotListSchema,
  specialtyListSchema,
} from "../../../common/booking/booking.schema.ts";
import { paymentRedirectSchema, type VisitOrderRequest } from "../../../common/shop/shop.schema.ts";
import { ApiError, api } from "../../ui/api.ts";
import { queryString } from "../../ui/api-query.ts";
import { appointmentsQueryKeys } from "../appointments/appointments.api.ts";
import { forgetSessionOn401 } from "../identity/session.ts";

export type AppointmentRequestInput = z.output<typeof appointmentRequestSchema>;

/** 4xx answers (not found, not this account's, signed out) are final: only the others are retried. */
function retryTransient(failures: number, error: Error): boolean {
  return failures < 1 && !(error instanceof ApiError && error.status < 500);
}

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

export interface ClinicFilters {
  personId: string;
  specialtyId?: string;
  doctorId?: string;
  metro?: string;
  district?: string;
  latitude?: number;
  longitude?: number;
}

export interface SlotFilters {
  personId: string;
  clinicId: string;
  specialtyId?: string;
  doctorId?: string;
}

export interface ServiceFilters {
  personId: string;
  clinicId: string;
  specialtyId?: string;
  /** The chosen day (yyyy-mm-dd): what a service costs is that day's. */
  on?: string;
}

export const bookingQueryKeys = {
  all: ["booking"] as const,
  persons: ["booking", "persons"] as const,
  specialties: ["booking", "specialties"] as const,
  doctors: (personId: string, q: string) => ["booking", "doctors", personId, q] as const,
  clinics: (filters: ClinicFilters) => ["booking", "clinics", filters] as const,
  slots: (filters: SlotFilters) => ["booking", "slots", filters] as const,
  services: (filters: ServiceFilters) => ["booking", "services", filters] as const,
};

/** «Для кого»: the covered persons of the account's active contracts. */
export function bookingPersonsQuery() {
  return queryOptions({
    queryKey: bookingQueryKeys.persons,
    queryFn: withSession(
      async (signal) =>
        (await api.get("/api/booking/persons", { schema: bookingPersonListSchema, signal }))
          .persons,
    ),
  });
}

export function useBookingPersons() {
  return useQuery(bookingPersonsQuery());
}

export function specialtiesQuery() {
  return queryOptions({
    queryKey: bookingQueryKeys.specialties,
    queryFn: withSession(
      async (signal) =>
        (await api.get("/api/booking/specialties", { schema: specialtyListSchema, signal }))
          .specialties,
    ),
    // The list of specialties changes when staff edit the network, not while a client books.
    staleTime: 10 * 60_000,
  });
}

export function useSpecialties() {
  return useQuery(specialtiesQuery());
}

/** Doctors of the person's network by name; `q` is already trimmed and at least two letters. */
export function doctorSearchQuery(personId: string, q: string) {
  return queryOptions({
    queryKey: bookingQueryKeys.doctors(personId, q),
    queryFn: withSession(
      async (signal) =>
        (
          await api.get(`/api/booking/doctors${queryString({ personId, q })}`, {
            schema: doctorSearchResultSchema,
            signal,
          })
        ).doctors,
    ),
    retry: retryTransient,
  });
}

export function useDoctorSearch(personId: string, q: string | null) {
  return useQuery({ ...doctorSearchQuery(personId, q ?? ""), enabled: q !== null });
}

/** The clinics of the person's network for a specialty or a doctor, nearest first when located. */
export function clinicsQuery(filters: ClinicFilters) {
  return queryOptions({
    queryKey: bookingQueryKeys.clinics(filters),
    queryFn: withSession((signal) =>
      api.get(`/api/booking/clinics${queryString({ ...filters })}`, {
        schema: clinicListSchema,
        signal,
      }),
    ),
    retry: retryTransient,
  });
}

export function useClinics(filters: ClinicFilters) {
  return useQuery(clinicsQuery(filters));
}

// The server refuses a period ending more than 14 days after its own clock: a few minutes short
// of it keeps a browser whose clock runs a little fast from being refused.
const CLOCK_MARGIN_MS = 10 * 60_000;

/** The period the times are asked for: from now to 14 days ahead. */
export function slotPeriod(now = new Date()): { from: string; to: string } {
  const to = now.getTime() + MAX_SLOT_SEARCH_DAYS * 24 * 60 * 60_000 - CLOCK_MARGIN_MS;
  return { from: now.toISOString(), to: new Date(to).toISOString() };
}

/** Free times at one clinic for 14 days ahead, each with what it costs the person. */
export function slotsQuery(filters: SlotFilters) {
  return queryOptions({
    queryKey: bookingQueryKeys.slots(filters),
    queryFn: withSession(
      async (signal) =>
        (
          await api.get(`/api/booking/slots${queryString({ ...filters, ...slotPeriod() })}`, {
            schema: slotListSchema,
            signal,
          })
        ).slots,
    ),
    retry: retryTransient,
  });
}

export function useSlots(filters: SlotFilters) {
  return useQuery(slotsQuery(filters));
}

/** «Услуги и цены»: the clinic's services (of a specialty), each with what it costs the person. */
export function clinicServicesQuery(filters: ServiceFilters) {
  return queryOptions({
    queryKey: bookingQueryKeys.services(filters),
    queryFn: withSession(
      async (signal) =>
        (
          await api.get(`/api/booking/services${queryString({ ...filters })}`, {
            schema: clinicServiceListSchema,
            signal,
          })
        ).services,
    ),
    retry: retryTransient,
  });
}

export function useClinicServices(filters: ServiceFilters, enabled: boolean) {
  return useQuery({ ...clinicServicesQuery(filters), enabled });
}

/** «Подтвердить запись»: 201 with the appointment, or a Russian 409 (taken, the person busy). */
export function bookAppointment(body: { slotId: string; personId: string }) {
  return api.post("/api/appointments", body, { schema: appointmentSchema });
}

/** «Оплатить и записаться»: the time held, the order (one per checkoutKey) and where to pay it. */
export function placeVisitOrder(body: VisitOrderRequest) {
  return api.post("/api/orders", body, { schema: paymentRedirectSchema });
}

/** «Оставить заявку» at a clinic that takes requests only. */
export function requestAppointment(body: AppointmentRequestInput) {
  return api.post("/api/appointment-requests", body, { schema: appointmentSchema });
}

/** Keeps a new appointment where the confirmation reads it, and lets the lists know. */
export function storeNewAppointment(queryClient: QueryClient, appointment: AppointmentView) {
  // The confirmation and «Мои записи» read it under the same keys.
  queryClient.setQueryData(appointmentsQueryKeys.appointment(appointment.id), appointment);
  void queryClient.invalidateQueries({ queryKey: appointmentsQueryKeys.list });
  // A booked visit may use up a limit: the coverage of every time shown may have changed.
  void queryClient.invalidateQueries({ queryKey: ["booking", "slots"] });
  void queryClient.invalidateQueries({ queryKey: ["booking", "clinics"] });
  void queryClient.invalidateQueries({ queryKey: ["booking", "services"] });
}
