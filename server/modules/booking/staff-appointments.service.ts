import type { CoverageView } from "../../../common/booking/booking.schema.ts";
import type {
  BookingOptions,
  ClinicCancel,
  FulfilAppointment,
  ScheduleAppointment,
  StaffAppointment,
  StaffAppointmentAction,
  StaffAppointmentDetail,
  StaffAppointmentListQuery,
  StaffAppointmentSummary,
} from "../../../common/booking/staff-appointments.schema.ts";
import { staffAppointmentQueues } from "../../../common/booking/staff-appointments.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import type { StaffRole } from "../../../common/staff/staff-auth.schema.ts";
import type { Db } from "../../db/client.ts";
import { isExclusionViolation } from "../../db/exclusion-violation.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import type { FileStorage } from "../../integrations/storage/file-storage.ts";
import { audit } from "../../plugins/audit.ts";
import { type EventPayloads, emit } from "../../plugins/events.ts";
import type { StaffActor } from "../../plugins/staff-access.ts";
import { addAppeal } from "../appeals/index.ts";
import { type AppointmentStatus, canChangeStatus, LIVE_STATUSES } from "./appointment-status.ts";
import {
  type AppointmentRow,
  changeAppointmentStatus,
  insertAppointmentEvent,
  lockAppointment,
} from "./booking.repository.ts";
import { PERSON_BUSY, TIME_TAKEN } from "./booking.service.ts";
import {
  countQueue,
  findSlotOf,
  findStaffAppointment,
  listClinicDoctors,
  listClinicsForFilter,
  listFreeDoctorSlots,
  listHistory,
  listQueue,
  type StaffAppointmentRow,
  setFulfilled,
  setLetterIssued,
  setScheduled,
} from "./staff-appointments.repository.ts";
import { endWaitlistOf, offerFreedTime } from "./waitlist-offers.ts";

/** Who works «Записи»: operators and admins. */
export const BOOKING_DESK: readonly StaffRole[] = ["operator", "admin"];
export const BOOKING_DESK_REFUSAL = "Раздел «Записи» доступен операторам и администраторам.";

/** How far ahead the operator sees free times of a request's clinic, and may book one. */
export const BOOKING_OPTIONS_DAYS = 30;
export const SCHEDULE_MAX_DAYS_AHEAD = 180;
const DAY_MS = 24 * 60 * 60_000;
const MINUTE_MS = 60_000;

export const CHANGED_MEANWHILE =
  "Запись только что изменил другой сотрудник или клиент: обновите карточку.";
const NOT_FOUND = "Запись не найдена.";

type Row = StaffAppointmentRow;

function coverageOf(a: AppointmentRow): CoverageView {
  if (a.coverageKind === "paid") {
    return {
      kind: "paid",
      reason: a.coverageReason ?? "not_in_network",
      clinicPriceKopecks: a.clinicPriceKopecks,
      companyPriceKopecks: a.companyPriceKopecks,
    };
  }
  return { kind: a.coverageKind };
}

const hasBegun = (a: AppointmentRow, now: Date) =>
  a.startsAt !== null && a.startsAt.getTime() <= now.getTime();

/** What an operator may do with the appointment now. */
export function staffActions(a: AppointmentRow, now: Date): StaffAppointmentAction[] {
  switch (a.status) {
    case "requested":
      return a.startsAt === null ? ["schedule", "cancel"] : ["confirm", "cancel"];
    case "awaiting_letter":
      return hasBegun(a, now) ? ["cancel"] : ["letter", "cancel"];
    case "confirmed":
      return hasBegun(a, now) ? ["fulfil", "noshow"] : ["cancel"];
    default:
      return [];
  }
}

function toStaffAppointment(row: Row, now: Date): StaffAppointment {
  const a = row.appointment;
  const doctor =
    a.doctorId !== null && row.doctorLastName !== null && row.doctorFirstName !== null
      ? {
          id: a.doctorId,
          name: fullName({
            lastName: row.doctorLastName,
            firstName: row.doctorFirstName,
            patronymic: row.doctorPatronymic,
          }),
          specialty: { id: row.specialtyId, name: row.specialtyName },
        }
      : null;
  return {
    id: a.id,
    status: a.status,
    person: {
      id: a.personId,
      name: fullName({
        lastName: row.personLastName,
        firstName: row.personFirstName,
        patronymic: row.personPatronymic,
      }),
      birthDate: row.personBirthDate,
    },
    client: {
      name: fullName({
        lastName: row.clientLastName,
        firstName: row.clientFirstName,
        patronymic: row.clientPatronymic,
      }),
      phone: row.clientPhone,
    },
    contract: { id: a.contractId, number: row.contractNumber },
    programName: row.programName,
    clinic: {
      id: a.clinicId,
      name: row.clinicName,
      address: row.clinicAddress,
      phones: row.clinicPhones,
      bookingMode: row.clinicBookingMode,
    },
    doctor,
    specialty: { id: row.specialtyId, name: row.specialtyName },
    service: { id: a.serviceId, name: row.serviceName },
    startsAt: a.startsAt?.toISOString() ?? null,
    endsAt: a.endsAt?.toISOString() ?? null,
    coverage: coverageOf(a),
    request:
      a.requestDays !== null && a.requestTimeOfDay !== null
        ? { days: a.requestDays, timeOfDay: a.requestTimeOfDay, note: a.requestNote }
        : null,
    letter:
      a.letterSentAt !== null
        ? {
            fileName: a.letterStorageKey !== null ? a.letterFileName : null,
            sentAt: a.letterSentAt.toISOString(),
            byName: row.letterByName,
          }
        : null,
    cancelReason: a.cancelReason,
    appealId: a.appealId,
    actions: staffActions(a, now),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

async function detailOf(db: Db, id: string, now: Date): Promise<StaffAppointmentDetail> {
  const row = await findStaffAppointment(db, id);
  if (!row) throw new NotFoundError(NOT_FOUND);
  const history = await listHistory(db, id);
  return {
    ...toStaffAppointment(row, now),
    history: history.map((event) => ({
      at: event.at.toISOString(),
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actor: event.actorKind,
      actorName: event.actorName,
      reason: event.reason,
    })),
  };
}

/** One tab of «Записи» (written to the audit log: it names clients and their visits). */
export async function appointmentQueue(
  db: Db,
  actor: StaffActor,
  query: StaffAppointmentListQuery,
  now = new Date(),
): Promise<{ appointments: StaffAppointment[]; hasMore: boolean }> {
  const rows = await listQueue(db, { ...query, now });
  const page = rows.slice(0, query.limit);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "appointment.list",
    details: { queue: query.queue, ids: page.map((row) => row.appointment.id) },
    ip: actor.ip,
  });
  return {
    appointments: page.map((row) => toStaffAppointment(row, now)),
    hasMore: rows.length > query.limit,
  };
}

/** The tabs' counts and the clinics for the filter (no client's data: not audited). */
export async function appointmentSummary(
  db: Db,
  now = new Date(),
): Promise<StaffAppointmentSummary> {
  const counts = await Promise.all(
    staffAppointmentQueues.map(async (queue) => [queue, await countQueue(db, queue, now)] as const),
  );
  return {
    counts: Object.fromEntries(counts) as StaffAppointmentSummary["counts"],
    clinics: await listClinicsForFilter(db),
  };
}

/** An appointment's card with its history (written to the audit log). */
export async function viewAppointment(
  db: Db,
  actor: StaffActor,
  id: string,
  now = new Date(),
): Promise<StaffAppointmentDetail> {
  const detail = await detailOf(db, id, now);
  await audit.record(db, {
    staffId: actor.staffId,
    action: "appointment.view",
    subjectType: "appointment",
    subjectId: id,
    ip: actor.ip,
  });
  return detail;
}

/** The doctors of the request's clinic and specialty, with their free stored times ahead. */
export async function bookingOptions(
  db: Db,
  id: string,
  now = new Date(),
): Promise<BookingOptions> {
  const row = await findStaffAppointment(db, id);
  if (!row) throw new NotFoundError(NOT_FOUND);
  const doctors = await listClinicDoctors(db, row.appointment.clinicId, row.specialtyId);
  const free = await listFreeDoctorSlots(
    db,
    doctors.map((doctor) => doctor.id),
    now,
    new Date(now.getTime() + BOOKING_OPTIONS_DAYS * DAY_MS),
  );
  return {
    doctors: doctors.map((doctor) => ({
      id: doctor.id,
      name: fullName(doctor),
      specialty: { id: doctor.specialtyId, name: doctor.specialtyName },
      slots: free
        .filter((slot) => slot.doctorId === doctor.id)
        .map((slot) => ({
          id: slot.id,
          startsAt: slot.startsAt.toISOString(),
          endsAt: slot.endsAt.toISOString(),
        })),
    })),
  };
}

type Change = {
  /** The new status. */
  to: AppointmentStatus;
  /** The event that goes out with it. */
  event: { [K in keyof EventPayloads]: [K, EventPayloads[K]] }[keyof EventPayloads];
  /** Writes the change; false when the row was changed meanwhile. */
  write: (tx: Db) => Promise<boolean>;
  actorKind?: "staff" | "clinic";
  reason?: string | null;
  /** What else the change does in its transaction, after the status is written. */
  after?: (tx: Db) => Promise<void>;
};

/**
 * Changes an appointment's status in one transaction: locks the row, lets `plan` refuse (409) or
 * describe the change, writes it, its history row, the audit row and its event together.
 */
async function changeStatus(
  db: Db,
  actor: StaffActor,
  id: string,
  action: StaffAppointmentAction,
  now: Date,
  plan: (a: AppointmentRow, tx: Db) => Promise<Change>,
): Promise<StaffAppointmentDetail> {
  try {
    await db.transaction(async (tx) => {
      const a = await lockAppointment(tx, id);
      if (!a) throw new NotFoundError(NOT_FOUND);
      const change = await plan(a, tx);
      if (!canChangeStatus(a.status, change.to)) throw new ConflictError(refusal(a, action));
      if (!(await change.write(tx))) throw new ConflictError(CHANGED_MEANWHILE);
      await insertAppointmentEvent(tx, {
        appointmentId: id,
        at: now,
        fromStatus: a.status,
        toStatus: change.to,
        actorKind: change.actorKind ?? "staff",
        actorId: actor.staffId,
        reason: change.reason ?? null,
      });
      await audit.record(tx, {
        staffId: actor.staffId,
        action: `appointment.${action}`,
        subjectType: "appointment",
        subjectId: id,
        details: { from: a.status, to: change.to },
        ip: actor.ip,
      });
      await change.after?.(tx);
      const [type, payload] = change.event;
      await emit(tx, type, payload as never, {
        accountId: a.clientId,
        staffRoles: BOOKING_DESK,
      });
    });
  } catch (error) {
    const constraint = isExclusionViolation(error);
    if (constraint !== null) {
      throw new ConflictError(
        constraint === "appointments_person_one_place" ? PERSON_BUSY : TIME_TAKEN,
      );
    }
    throw error;
  }
  return detailOf(db, id, now);
}

const STATUS_WORDS: Record<AppointmentStatus, string> = {
  requested: "это заявка",
  awaiting_letter: "она ждёт гарантийного письма",
  confirmed: "она подтверждена",
  cancelled: "она отменена",
  fulfilled: "приём уже отмечен как состоявшийся",
  noshow: "уже отмечена неявка",
  awaiting_payment: "она ждёт оплаты клиентом",
};
const ACTION_WORDS: Record<StaffAppointmentAction, string> = {
  schedule: "Записать по заявке",
  confirm: "Подтвердить запись",
  letter: "Выдать гарантийное письмо",
  fulfil: "Отметить «Состоялась»",
  noshow: "Отметить неявку",
  cancel: "Отменить запись",
};

/** Why an action does not fit the appointment's state, in Russian. */
function refusal(a: AppointmentRow, action: StaffAppointmentAction): string {
  return `${ACTION_WORDS[action]} нельзя: ${STATUS_WORDS[a.status]}.`;
}

function requireAction(a: AppointmentRow, action: StaffAppointmentAction, now: Date): void {
  if (staffActions(a, now).includes(action)) return;
  if ((action === "fulfil" || action === "noshow") && a.status === "confirmed") {
    throw new ConflictError(
      `${ACTION_WORDS[action]} можно, когда приём начался (${formatMoscowDateTime(a.startsAt ?? now)}).`,
    );
  }
  if (
    action === "cancel" &&
    hasBegun(a, now) &&
    (LIVE_STATUSES as readonly string[]).includes(a.status)
  ) {
    throw new ConflictError(
      "Приём уже начался: отменить его нельзя, отметьте «Состоялась» или «Неявка».",
    );
  }
  if (action === "letter" && a.status === "awaiting_letter") {
    throw new ConflictError("Приём уже начался: гарантийное письмо выдать нельзя.");
  }
  throw new ConflictError(refusal(a, action));
}

/** «Записать»: the operator booked the request by phone; the client is told the time. */
export async function scheduleRequest(
  db: Db,
  actor: StaffActor,
  id: string,
  input: ScheduleAppointment,
  now = new Date(),
): Promise<StaffAppointmentDetail> {
  const row = await findStaffAppointment(db, id);
  if (!row) throw new NotFoundError(NOT_FOUND);
  return changeStatus(db, actor, id, "schedule", now, async (a, tx) => {
    requireAction(a, "schedule", now);
    const doctors = await listClinicDoctors(tx, a.clinicId, row.specialtyId);
    if (!doctors.some((doctor) => doctor.id === input.doctorId)) {
      throw new ValidationError([
        { field: "doctorId", message: "Выберите врача этой клиники и специальности из списка" },
      ]);
    }
    let time: { slotId: string | null; startsAt: Date; endsAt: Date };
    if (input.slotId !== undefined) {
      const slot = await findSlotOf(tx, input.slotId);
      if (!slot || slot.doctorId !== input.doctorId) {
        throw new ValidationError([
          { field: "slotId", message: "Выберите время этого врача из списка" },
        ]);
      }
      if (slot.startsAt.getTime() <= now.getTime()) {
        throw new ConflictError("Это время уже прошло: выберите другое.");
      }
      time = { slotId: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt };
    } else {
      const startsAt = new Date(input.startsAt ?? "");
      const minutes = input.durationMinutes ?? 0;
      if (startsAt.getTime() <= now.getTime()) {
        throw new ValidationError([
          { field: "startsAt", message: "Время приёма уже прошло: укажите будущее время" },
        ]);
      }
      if (startsAt.getTime() > now.getTime() + SCHEDULE_MAX_DAYS_AHEAD * DAY_MS) {
        throw new ValidationError([
          {
            field: "startsAt",
            message: `Записать можно не дальше чем на ${SCHEDULE_MAX_DAYS_AHEAD} дней вперёд`,
          },
        ]);
      }
      time = {
        slotId: null,
        startsAt,
        endsAt: new Date(startsAt.getTime() + minutes * MINUTE_MS),
      };
    }
    const to = a.coverageKind === "guarantee_letter" ? "awaiting_letter" : "confirmed";
    return {
      to,
      event: ["appointment.scheduled", { appointmentId: id }],
      write: (t) => setScheduled(t, id, { doctorId: input.doctorId, ...time, status: to, at: now }),
    };
  });
}

/** «Подтвердить»: a request with a time is confirmed (or waits for its guarantee letter). */
export async function confirmAppointment(
  db: Db,
  actor: StaffActor,
  id: string,
  now = new Date(),
): Promise<StaffAppointmentDetail> {
  return changeStatus(db, actor, id, "confirm", now, async (a) => {
    requireAction(a, "confirm", now);
    if (a.coverageKind === "guarantee_letter") {
      return {
        to: "awaiting_letter",
        event: ["appointment.scheduled", { appointmentId: id }],
        write: (tx) => changeAppointmentStatus(tx, id, ["requested"], "awaiting_letter", now),
      };
    }
    return {
      to: "confirmed",
      event: ["appointment.confirmed", { appointmentId: id }],
      write: (tx) => changeAppointmentStatus(tx, id, ["requested"], "confirmed", now),
    };
  });
}

/**
 * The guarantee letter is issued: its PDF (already stored under `file.storageKey`) or, with no
 * file, marked sent to the clinic. The appointment is then confirmed.
 */
export async function issueLetter(
  db: Db,
  actor: StaffActor,
  id: string,
  file: { storageKey: string; fileName: string } | null,
  now = new Date(),
): Promise<StaffAppointmentDetail> {
  return changeStatus(db, actor, id, "letter", now, async (a) => {
    requireAction(a, "letter", now);
    return {
      to: "confirmed",
      event: ["appointment.confirmed", { appointmentId: id }],
      write: (tx) =>
        setLetterIssued(tx, id, {
          storageKey: file?.storageKey ?? null,
          fileName: file?.fileName ?? null,
          byId: actor.staffId,
          at: now,
        }),
    };
  });
}

/** The uploaded letter's PDF (written to the audit log). */
export async function openLetter(db: Db, storage: FileStorage, actor: StaffActor, id: string) {
  const row = await findStaffAppointment(db, id);
  const key = row?.appointment.letterStorageKey;
  if (!row || !key) throw new NotFoundError("Файла гарантийного письма у этой записи нет.");
  const stream = await storage.get(key);
  if (!stream) throw new NotFoundError("Файл гарантийного письма не найден в хранилище.");
  await audit.record(db, {
    staffId: actor.staffId,
    action: "appointment.letter.download",
    subjectType: "appointment",
    subjectId: id,
    ip: actor.ip,
  });
  return { name: row.appointment.letterFileName ?? "garantijnoe-pismo.pdf", stream };
}

/** What the appeal of a fulfilled visit says: the clinic, its doctor, the service and a note. */
export function fulfilledOutcome(row: Row, note: string | undefined): string {
  const doctor =
    row.doctorLastName !== null && row.doctorFirstName !== null
      ? `, врач ${fullName({
          lastName: row.doctorLastName,
          firstName: row.doctorFirstName,
          patronymic: row.doctorPatronymic,
        })} (${row.specialtyName})`
      : "";
  const visit = `Приём состоялся: ${row.serviceName}${doctor}. Клиника: ${row.clinicName}, ${row.clinicAddress}.`;
  return note ? `${visit}\n${note}` : visit;
}

/**
 * «Состоялась»: the visit took place. The appeal (service type, person, the RMS doctor, the
 * clinic's doctor and the service in its outcome) is written in the same transaction.
 */
export async function fulfilAppointment(
  db: Db,
  actor: StaffActor,
  id: string,
  input: FulfilAppointment,
  now = new Date(),
): Promise<StaffAppointmentDetail> {
  const row = await findStaffAppointment(db, id);
  if (!row) throw new NotFoundError(NOT_FOUND);
  return changeStatus(db, actor, id, "fulfil", now, async (a, tx) => {
    requireAction(a, "fulfil", now);
    const appeal = await addAppeal(
      tx,
      actor,
      a.contractId,
      {
        serviceTypeId: input.serviceTypeId,
        personId: a.personId,
        doctorId: input.doctorId,
        channel: "clinic",
        occurredAt: (a.startsAt ?? now).toISOString(),
        outcome: fulfilledOutcome(row, input.note),
      },
      now,
    );
    return {
      to: "fulfilled",
      event: ["appointment.fulfilled", { appointmentId: id, appealId: appeal.id }],
      write: (t) => setFulfilled(t, id, appeal.id, now),
    };
  });
}

/** «Неявка»: the person did not come; the visit gives its limit back. */
export async function markNoShow(
  db: Db,
  actor: StaffActor,
  id: string,
  now = new Date(),
): Promise<StaffAppointmentDetail> {
  return changeStatus(db, actor, id, "noshow", now, async (a) => {
    requireAction(a, "noshow", now);
    return {
      to: "noshow",
      event: ["appointment.noshow", { appointmentId: id }],
      write: (tx) => changeAppointmentStatus(tx, id, ["confirmed"], "noshow", now),
    };
  });
}

/** «Отменить по просьбе клиники»: the client sees the reason in «Мои записи». */
export async function cancelForClinic(
  db: Db,
  actor: StaffActor,
  id: string,
  input: ClinicCancel,
  now = new Date(),
): Promise<StaffAppointmentDetail> {
  return changeStatus(db, actor, id, "cancel", now, async (a) => {
    requireAction(a, "cancel", now);
    return {
      to: "cancelled",
      actorKind: "clinic",
      reason: input.reason,
      event: ["appointment.cancelled", { appointmentId: id, by: "clinic" }],
      write: (tx) => changeAppointmentStatus(tx, id, [a.status], "cancelled", now, input.reason),
      // The freed time goes to the first waiting client; this appointment's own waiting ends.
      after: async (tx) => {
        await endWaitlistOf(tx, id, now);
        if (a.slotId !== null) await offerFreedTime(tx, a.slotId, now);
      },
    };
  });
}
