import type {
  ClinicInput,
  DoctorInput,
  DoctorSchedule,
  ExceptionInput,
  NetworkEntryInput,
  NetworkEntryView,
  ServiceInput,
  SlotReconciliation,
  StaffClinic,
  StaffClinicCard,
  StaffDoctor,
  StaffService,
  WeeklyTemplateInput,
} from "../../../common/booking/staff-clinics.schema.ts";
import type { Db } from "../../db/client.ts";
import { AppError, NotFoundError, ValidationError } from "../../errors.ts";
import { audit } from "../../plugins/audit.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import { insertSlots } from "./booking.repository.ts";
import { addCalendarDays, moscowDate } from "./moscow-time.ts";
import { generateSlots, type ScheduleException } from "./slot-generation.ts";
import { SLOT_DAYS_AHEAD } from "./slot-materialisation.ts";
import {
  type Clash,
  clinicExists,
  countFutureSlots,
  deleteException,
  deleteFreeSlots,
  deleteNetworkEntry,
  findClinic,
  findClinicOfDoctor,
  findDoctor,
  findNetworkEntry,
  findProgramName,
  findService,
  findServicePlace,
  findSlotIdsAt,
  findSlotSource,
  insertClinic,
  insertDoctor,
  insertException,
  insertNetworkEntry,
  insertService,
  isClash,
  listClinicDoctorIds,
  listClinicDoctors,
  listClinicServices,
  listClinics,
  listDoctorExceptions,
  listNetworkEntries,
  listSpecialties,
  lockFutureTemplateSlots,
  saveTemplate,
  specialtyExists,
  updateClinic,
  updateDoctor,
  updateNetworkEntry,
  updateService,
} from "./staff-clinics.repository.ts";
import { anyoneWaitingFor } from "./waitlist.repository.ts";
import { offerNewTimes } from "./waitlist-offers.ts";

export { listClinics, listSpecialties };

// «Клиники» in the staff console (issue 14): every change is audited in its own transaction.

const clashes: Record<string, { field: string; message: string }> = {
  clinics_name_address_key: {
    field: "address",
    message: "Клиника с таким названием и адресом уже есть.",
  },
  services_clinic_code_key: {
    field: "code",
    message: "В этой клинике уже есть услуга с таким кодом.",
  },
  services_visit_key: {
    field: "isVisit",
    message:
      "У этой специальности в клинике уже есть услуга «визит»: снимите отметку с неё или здесь.",
  },
  program_network_entries_key: {
    field: "clinicId",
    message:
      "Для этой программы уже есть запись сети с той же клиникой, специальностью и услугой: измените её.",
  },
};

function clashError({ clash }: Clash): AppError {
  const known = clashes[clash] ?? { field: "", message: "Такая запись уже есть." };
  return new AppError(409, "conflict", "Действие невозможно", known.message, [
    { field: known.field, message: known.message },
  ]);
}

function fieldError(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }]);
}

const noClinic = () => new NotFoundError("Такой клиники нет.");
const noDoctor = () => new NotFoundError("Такого врача нет.");

// ---------------------------------------------------------------- clinics

async function loadClinic(db: Db, id: string): Promise<StaffClinic> {
  const clinic = await findClinic(db, id);
  if (!clinic) throw noClinic();
  return clinic;
}

/** A clinic with its doctors and services. */
export async function getClinicCard(db: Db, id: string): Promise<StaffClinicCard> {
  const clinic = await loadClinic(db, id);
  const [doctors, services] = await Promise.all([
    listClinicDoctors(db, id),
    listClinicServices(db, id),
  ]);
  return { clinic, doctors, services };
}

export async function createClinic(
  db: Db,
  actor: StaffActor,
  input: ClinicInput,
): Promise<StaffClinic> {
  const id = await db.transaction(async (tx) => {
    const created = await insertClinic(tx, input);
    if (isClash(created)) throw clashError(created);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "clinic.create",
      subjectType: "clinic",
      subjectId: created,
      details: { name: input.name, address: input.address },
      ip: actor.ip,
    });
    return created;
  });
  return loadClinic(db, id);
}

/**
 * Edits a clinic. Closing it, or making it take requests only, takes its doctors' free future
 * times out of the search; opening it again makes them from the templates.
 */
export async function editClinic(
  db: Db,
  actor: StaffActor,
  id: string,
  input: ClinicInput,
  now = new Date(),
): Promise<StaffClinic> {
  const before = await loadClinic(db, id);
  await db.transaction(async (tx) => {
    const updated = await updateClinic(tx, id, input);
    if (isClash(updated)) throw clashError(updated);
    if (!updated) throw noClinic();
    if (before.active !== input.active || before.bookingMode !== input.bookingMode) {
      for (const doctorId of await listClinicDoctorIds(tx, id)) {
        await reconcileDoctorSlots(tx, doctorId, now);
      }
    }
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "clinic.update",
      subjectType: "clinic",
      subjectId: id,
      details: { name: input.name, address: input.address, active: input.active },
      ip: actor.ip,
    });
  });
  return loadClinic(db, id);
}

// ---------------------------------------------------------------- doctors

async function loadDoctor(db: Db, id: string): Promise<StaffDoctor> {
  const doctor = await findDoctor(db, id);
  if (!doctor) throw noDoctor();
  return doctor;
}

async function requireSpecialty(db: Db, id: string): Promise<void> {
  if (!(await specialtyExists(db, id))) {
    throw fieldError("specialtyId", "Выберите специальность из списка");
  }
}

export async function createDoctor(
  db: Db,
  actor: StaffActor,
  clinicId: string,
  input: DoctorInput,
): Promise<StaffDoctor> {
  await loadClinic(db, clinicId);
  await requireSpecialty(db, input.specialtyId);
  const id = await db.transaction(async (tx) => {
    const created = await insertDoctor(tx, clinicId, input);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "doctor.create",
      subjectType: "doctor",
      subjectId: created,
      details: { clinicId, lastName: input.lastName, specialtyId: input.specialtyId },
      ip: actor.ip,
    });
    return created;
  });
  return loadDoctor(db, id);
}

/** Edits a doctor; a deactivated doctor's free future times go, a reactivated one's come back. */
export async function editDoctor(
  db: Db,
  actor: StaffActor,
  id: string,
  input: DoctorInput,
  now = new Date(),
): Promise<StaffDoctor> {
  const before = await loadDoctor(db, id);
  await requireSpecialty(db, input.specialtyId);
  await db.transaction(async (tx) => {
    await updateDoctor(tx, id, input, now);
    if (before.active !== input.active) await reconcileDoctorSlots(tx, id, now);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "doctor.update",
      subjectType: "doctor",
      subjectId: id,
      details: { clinicId: before.clinicId, lastName: input.lastName, active: input.active },
      ip: actor.ip,
    });
  });
  return loadDoctor(db, id);
}

// ---------------------------------------------------------------- services

async function loadService(db: Db, id: string): Promise<StaffService> {
  const service = await findService(db, id);
  if (!service) throw new NotFoundError("Такой услуги нет.");
  return service;
}

export async function createService(
  db: Db,
  actor: StaffActor,
  clinicId: string,
  input: ServiceInput,
): Promise<StaffService> {
  await loadClinic(db, clinicId);
  await requireSpecialty(db, input.specialtyId);
  const id = await db.transaction(async (tx) => {
    const created = await insertService(tx, clinicId, input);
    if (isClash(created)) throw clashError(created);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "service.create",
      subjectType: "service",
      subjectId: created,
      details: { clinicId, code: input.code, priceKopecks: input.priceKopecks },
      ip: actor.ip,
    });
    return created;
  });
  return loadService(db, id);
}

/** Edits a service; appointments already booked keep the price decided when they were booked. */
export async function editService(
  db: Db,
  actor: StaffActor,
  id: string,
  input: ServiceInput,
): Promise<StaffService> {
  const before = await loadService(db, id);
  await requireSpecialty(db, input.specialtyId);
  await db.transaction(async (tx) => {
    const updated = await updateService(tx, id, input);
    if (isClash(updated)) throw clashError(updated);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "service.update",
      subjectType: "service",
      subjectId: id,
      details: {
        clinicId: before.clinicId,
        code: input.code,
        priceKopecks: { from: before.priceKopecks, to: input.priceKopecks },
      },
      ip: actor.ip,
    });
  });
  return loadService(db, id);
}

// ---------------------------------------------------------------- schedules

/**
 * Brings one doctor's stored template slots in line with the template less the exceptions for
 * the coming 30 days: adds the missing ones, removes the ones it no longer makes — except a slot
 * a live appointment holds, which stays (and is counted as kept for the operator). A doctor who
 * is inactive, or at a clinic closed or taking requests only, keeps only the held ones.
 * Slots that came through the integration API are the clinic's and are left alone.
 */
export async function reconcileDoctorSlots(
  tx: Db,
  doctorId: string,
  now: Date,
): Promise<SlotReconciliation> {
  const source = await findSlotSource(tx, doctorId);
  if (!source) throw noDoctor();
  const today = moscowDate(now);
  let wanted: { start: Date; end: Date }[] = [];
  if (source.bookable && source.template) {
    const exceptions: ScheduleException[] = (
      await listDoctorExceptions(tx, doctorId, today)
    ).flatMap((row) =>
      row.date > addCalendarDays(today, SLOT_DAYS_AHEAD)
        ? []
        : [
            row.startsAt && row.endsAt
              ? { date: row.date, hours: { start: row.startsAt, end: row.endsAt } }
              : { date: row.date },
          ],
    );
    wanted = generateSlots({
      template: source.template,
      exceptions,
      now,
      days: SLOT_DAYS_AHEAD,
    });
  }
  const key = (start: Date, end: Date) => `${start.getTime()}-${end.getTime()}`;
  const wantedKeys = new Set(wanted.map((slot) => key(slot.start, slot.end)));
  const stored = await lockFutureTemplateSlots(tx, doctorId, now);
  const storedKeys = new Set(stored.map((slot) => key(slot.startsAt, slot.endsAt)));
  const stale = stored.filter((slot) => !wantedKeys.has(key(slot.startsAt, slot.endsAt)));
  const kept = stale.filter((slot) => slot.live).length;
  const removed = await deleteFreeSlots(
    tx,
    stale.filter((slot) => !slot.live).map((slot) => slot.id),
  );
  const fresh = wanted.filter((slot) => !storedKeys.has(key(slot.start, slot.end)));
  const added = await insertSlots(
    tx,
    fresh.map((slot) => ({
      doctorId,
      clinicId: source.clinicId,
      specialtyId: source.specialtyId,
      startsAt: slot.start,
      endsAt: slot.end,
      source: "template" as const,
    })),
  );
  // Times the schedule opened may be earlier than a waiting client's: offered as freed ones.
  const place = { id: doctorId, clinicId: source.clinicId, specialtyId: source.specialtyId };
  if (added > 0 && (await anyoneWaitingFor(tx, place))) {
    const ids = await findSlotIdsAt(
      tx,
      doctorId,
      fresh.map((slot) => slot.start),
    );
    await offerNewTimes(tx, place, ids, now);
  }
  const { upcoming } = await countFutureSlots(tx, doctorId, now);
  return { added, removed, kept, upcomingSlots: upcoming };
}

export async function getDoctorSchedule(
  db: Db,
  doctorId: string,
  now = new Date(),
): Promise<DoctorSchedule> {
  const doctor = await loadDoctor(db, doctorId);
  const [clinic, source, exceptions, counts] = await Promise.all([
    findClinicOfDoctor(db, doctorId),
    findSlotSource(db, doctorId),
    listDoctorExceptions(db, doctorId, moscowDate(now)),
    countFutureSlots(db, doctorId, now),
  ]);
  if (!clinic) throw noDoctor();
  return {
    doctor,
    clinic,
    template: source?.template ?? null,
    exceptions,
    upcomingSlots: counts.upcoming,
    bookedSlots: counts.booked,
  };
}

type ScheduleChange = { schedule: DoctorSchedule; reconciliation: SlotReconciliation };

export async function saveDoctorTemplate(
  db: Db,
  actor: StaffActor,
  doctorId: string,
  template: WeeklyTemplateInput,
  now = new Date(),
): Promise<ScheduleChange> {
  await loadDoctor(db, doctorId);
  const reconciliation = await db.transaction(async (tx) => {
    await saveTemplate(tx, doctorId, template);
    const result = await reconcileDoctorSlots(tx, doctorId, now);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "doctor.template.save",
      subjectType: "doctor",
      subjectId: doctorId,
      details: { template, ...result },
      ip: actor.ip,
    });
    return result;
  });
  return { schedule: await getDoctorSchedule(db, doctorId, now), reconciliation };
}

export async function addDoctorException(
  db: Db,
  actor: StaffActor,
  doctorId: string,
  input: ExceptionInput,
  now = new Date(),
): Promise<ScheduleChange> {
  await loadDoctor(db, doctorId);
  if (input.date < moscowDate(now)) {
    throw fieldError("date", "Дата уже прошла: укажите сегодняшнюю или будущую дату");
  }
  const reconciliation = await db.transaction(async (tx) => {
    const id = await insertException(tx, doctorId, input);
    const result = await reconcileDoctorSlots(tx, doctorId, now);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "doctor.exception.add",
      subjectType: "schedule_exception",
      subjectId: id,
      details: { doctorId, ...input, ...result },
      ip: actor.ip,
    });
    return result;
  });
  return { schedule: await getDoctorSchedule(db, doctorId, now), reconciliation };
}

export async function removeDoctorException(
  db: Db,
  actor: StaffActor,
  id: string,
  now = new Date(),
): Promise<ScheduleChange> {
  const { doctorId, reconciliation } = await db.transaction(async (tx) => {
    const doctor = await deleteException(tx, id);
    if (!doctor) throw new NotFoundError("Такого исключения в расписании нет.");
    const result = await reconcileDoctorSlots(tx, doctor, now);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "doctor.exception.remove",
      subjectType: "schedule_exception",
      subjectId: id,
      details: { doctorId: doctor, ...result },
      ip: actor.ip,
    });
    return { doctorId: doctor, reconciliation: result };
  });
  return { schedule: await getDoctorSchedule(db, doctorId, now), reconciliation };
}

// ---------------------------------------------------------------- networks

async function loadProgram(db: Db, id: string) {
  const program = await findProgramName(db, id);
  if (!program) throw new NotFoundError("Такой программы нет.");
  return program;
}

export async function getProgramNetwork(db: Db, programId: string) {
  const program = await loadProgram(db, programId);
  return { program, entries: await listNetworkEntries(db, programId) };
}

/** The clinic exists; a service is the clinic's, of the entry's specialty (which it fills in). */
async function checkNetworkInput(db: Db, input: NetworkEntryInput): Promise<NetworkEntryInput> {
  if (!(await clinicExists(db, input.clinicId))) {
    throw fieldError("clinicId", "Выберите клинику из списка");
  }
  if (input.specialtyId !== null) await requireSpecialty(db, input.specialtyId);
  if (input.serviceId === null) return input;
  const service = await findServicePlace(db, input.serviceId);
  if (!service || service.clinicId !== input.clinicId) {
    throw fieldError("serviceId", "Выберите услугу этой клиники");
  }
  if (input.specialtyId !== null && input.specialtyId !== service.specialtyId) {
    throw fieldError(
      "serviceId",
      "Услуга другой специальности: выберите услугу этой специальности",
    );
  }
  return { ...input, specialtyId: service.specialtyId };
}

async function loadEntry(db: Db, id: string): Promise<NetworkEntryView> {
  const entry = await findNetworkEntry(db, id);
  if (!entry) throw new NotFoundError("Такой записи сети нет.");
  return entry;
}

export async function addNetworkEntry(
  db: Db,
  actor: StaffActor,
  programId: string,
  input: NetworkEntryInput,
): Promise<NetworkEntryView> {
  await loadProgram(db, programId);
  const checked = await checkNetworkInput(db, input);
  const id = await db.transaction(async (tx) => {
    const created = await insertNetworkEntry(tx, programId, checked);
    if (isClash(created)) throw clashError(created);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "network.create",
      subjectType: "program_network_entry",
      subjectId: created,
      details: { programId, ...checked },
      ip: actor.ip,
    });
    return created;
  });
  return loadEntry(db, id);
}

export async function editNetworkEntry(
  db: Db,
  actor: StaffActor,
  id: string,
  input: NetworkEntryInput,
): Promise<NetworkEntryView> {
  const before = await loadEntry(db, id);
  const checked = await checkNetworkInput(db, input);
  await db.transaction(async (tx) => {
    const updated = await updateNetworkEntry(tx, id, checked);
    if (isClash(updated)) throw clashError(updated);
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "network.update",
      subjectType: "program_network_entry",
      subjectId: id,
      details: { programId: before.programId, ...checked },
      ip: actor.ip,
    });
  });
  return loadEntry(db, id);
}

export async function removeNetworkEntry(db: Db, actor: StaffActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findNetworkEntry(tx, id);
    if (!before || !(await deleteNetworkEntry(tx, id))) {
      throw new NotFoundError("Такой записи сети нет.");
    }
    await audit.record(tx, {
      staffId: actor.staffId,
      action: "network.delete",
      subjectType: "program_network_entry",
      subjectId: id,
      details: {
        programId: before.programId,
        clinicId: before.clinic.id,
        specialtyId: before.specialty?.id ?? null,
        serviceId: before.service?.id ?? null,
      },
      ip: actor.ip,
    });
  });
}
