import { z } from "zod";
import {
  type ClinicInput,
  type ClinicListQuery,
  type DoctorInput,
  doctorScheduleSchema,
  type ExceptionInput,
  type NetworkEntryInput,
  networkEntryListSchema,
  networkEntrySchema,
  type ServiceInput,
  scheduleChangeSchema,
  staffClinicCardSchema,
  staffClinicListSchema,
  staffClinicSchema,
  staffDoctorSchema,
  staffServiceSchema,
  staffSpecialtyListSchema,
  type WeeklyTemplateInput,
} from "../../../common/booking/staff-clinics.schema.ts";
import { api } from "../../ui/api.ts";
import { staffQuery } from "../staff-query.ts";

// «Клиники»: the console's reads and changes of clinics, doctors, services, schedules, networks.

export const clinicsKey = ["staff", "clinics"] as const;
export const networksKey = ["staff", "networks"] as const;
const id = encodeURIComponent;

export const specialtiesQuery = () =>
  staffQuery(["staff", "specialties"], "/api/staff/specialties", staffSpecialtyListSchema);

export function clinicsQuery(filter: ClinicListQuery) {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.bookingMode) params.set("bookingMode", filter.bookingMode);
  if (filter.active) params.set("active", filter.active);
  const query = params.toString();
  return staffQuery(
    [...clinicsKey, "list", filter],
    `/api/staff/clinics${query ? `?${query}` : ""}`,
    staffClinicListSchema,
  );
}

export const clinicCardQuery = (clinicId: string) =>
  staffQuery(
    [...clinicsKey, "card", clinicId],
    `/api/staff/clinics/${id(clinicId)}`,
    staffClinicCardSchema,
  );

export const doctorScheduleQuery = (doctorId: string) =>
  staffQuery(
    [...clinicsKey, "schedule", doctorId],
    `/api/staff/doctors/${id(doctorId)}/schedule`,
    doctorScheduleSchema,
  );

export const programNetworkQuery = (programId: string) =>
  staffQuery(
    [...networksKey, programId],
    `/api/staff/programs/${id(programId)}/network`,
    networkEntryListSchema,
  );

const clinicEnvelope = z.object({ clinic: staffClinicSchema });

export async function saveClinic(clinicId: string | null, body: ClinicInput) {
  const answer = clinicId
    ? await api.put(`/api/staff/clinics/${id(clinicId)}`, body, { schema: clinicEnvelope })
    : await api.post("/api/staff/clinics", body, { schema: clinicEnvelope });
  return answer.clinic;
}

const doctorEnvelope = z.object({ doctor: staffDoctorSchema });

/** Creates a doctor at the clinic, or edits one (`doctorId`). */
export async function saveDoctor(clinicId: string, doctorId: string | null, body: DoctorInput) {
  const answer = doctorId
    ? await api.put(`/api/staff/doctors/${id(doctorId)}`, body, { schema: doctorEnvelope })
    : await api.post(`/api/staff/clinics/${id(clinicId)}/doctors`, body, {
        schema: doctorEnvelope,
      });
  return answer.doctor;
}

const serviceEnvelope = z.object({ service: staffServiceSchema });

export async function saveService(clinicId: string, serviceId: string | null, body: ServiceInput) {
  const answer = serviceId
    ? await api.put(`/api/staff/services/${id(serviceId)}`, body, { schema: serviceEnvelope })
    : await api.post(`/api/staff/clinics/${id(clinicId)}/services`, body, {
        schema: serviceEnvelope,
      });
  return answer.service;
}

export function saveTemplate(doctorId: string, template: WeeklyTemplateInput) {
  return api.put(`/api/staff/doctors/${id(doctorId)}/template`, template, {
    schema: scheduleChangeSchema,
  });
}

export function addException(doctorId: string, body: ExceptionInput) {
  return api.post(`/api/staff/doctors/${id(doctorId)}/exceptions`, body, {
    schema: scheduleChangeSchema,
  });
}

export function removeException(exceptionId: string) {
  return api.delete(`/api/staff/schedule-exceptions/${id(exceptionId)}`, {
    schema: scheduleChangeSchema,
  });
}

const entryEnvelope = z.object({ entry: networkEntrySchema });

export async function saveNetworkEntry(
  programId: string,
  entryId: string | null,
  body: NetworkEntryInput,
) {
  const answer = entryId
    ? await api.put(`/api/staff/network-entries/${id(entryId)}`, body, { schema: entryEnvelope })
    : await api.post(`/api/staff/programs/${id(programId)}/network`, body, {
        schema: entryEnvelope,
      });
  return answer.entry;
}

export async function removeNetworkEntry(entryId: string): Promise<void> {
  await api.delete(`/api/staff/network-entries/${id(entryId)}`);
}
