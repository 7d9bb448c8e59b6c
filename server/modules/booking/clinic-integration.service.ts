import {
  CLINIC_SLOTS_DAYS_AHEAD,
  type ClinicAppointmentsResponse,
  type ClinicSlotsRequest,
  type ClinicSlotsResponse,
} from "../../../common/booking/clinic-integration.schema.ts";
import type { Db } from "../../db/client.ts";
import { isForeignKeyViolation } from "../../db/foreign-key-violation.ts";
import { isUniqueViolation } from "../../db/unique-violation.ts";
import { AppError, ConflictError, ForbiddenError, NotFoundError } from "../../errors.ts";
import {
  type ClinicDoctor,
  deleteSlots,
  findDoctorByExternalId,
  findDoctorById,
  heldSlotIds,
  insertClinicSlots,
  type LockedSlot,
  listClinicAppointments,
  lockDoctorSlots,
  moveSlots,
} from "./clinic-integration.repository.ts";
import { offerNewTimes } from "./waitlist-offers.ts";

const DAY = 86_400_000;

interface Interval {
  startsAt: Date;
  endsAt: Date;
}

const overlaps = (a: Interval, b: Interval) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

function refused(fields: { field: string; message: string }[]): AppError {
  return new AppError(
    422,
    "validation",
    "Расписание не принято",
    `Ошибок: ${fields.length}. Ничего не записано: исправьте ошибки и отправьте запрос снова.`,
    fields,
  );
}

async function clinicDoctor(
  db: Db,
  clinicId: string,
  request: Pick<ClinicSlotsRequest, "doctorId" | "doctorExternalId">,
): Promise<ClinicDoctor> {
  if (request.doctorId !== undefined) {
    const doctor = await findDoctorById(db, request.doctorId);
    if (!doctor) throw new NotFoundError("Врача с таким doctorId нет.");
    if (doctor.clinicId !== clinicId) {
      throw new ForbiddenError("Этот врач не из вашей клиники: расписание передаёт его клиника.");
    }
    return doctor;
  }
  const doctor = await findDoctorByExternalId(db, clinicId, request.doctorExternalId ?? "");
  if (!doctor) {
    throw new NotFoundError(
      "В вашей клинике нет врача с таким кодом. Код врача задаётся в списке врачей клиники («Код врача»).",
    );
  }
  return doctor;
}

/**
 * Replaces a doctor's integration slots in [from, to) by the clinic's list, in one transaction:
 * new ones inserted, moved ones (same externalId, other time) updated, missing ones deleted —
 * unless a live appointment or an open waitlist offer holds them, when they stay as they were and
 * are reported as kept. Slots that have started and the doctor's template slots are not touched;
 * a sent time that overlaps one of them, or a kept one, is skipped and reported.
 */
export async function replaceClinicSlots(
  db: Db,
  clinicId: string,
  request: ClinicSlotsRequest,
  now = new Date(),
): Promise<ClinicSlotsResponse> {
  const from = new Date(request.from);
  const to = new Date(request.to);
  const fields: { field: string; message: string }[] = [];
  if (to.getTime() > now.getTime() + CLINIC_SLOTS_DAYS_AHEAD * DAY) {
    fields.push({
      field: "to",
      message: `Период — не дальше ${CLINIC_SLOTS_DAYS_AHEAD} дней от сегодняшнего дня`,
    });
  }
  if (to <= now) fields.push({ field: "to", message: "Период уже прошёл" });
  request.slots.forEach((slot, index) => {
    if (new Date(slot.startsAt) <= now) {
      fields.push({ field: `slots.${index}.startsAt`, message: "Это время уже наступило" });
    }
  });
  if (fields.length > 0) throw refused(fields);

  const doctor = await clinicDoctor(db, clinicId, request);
  // What has started stays as it is: the window the call replaces begins now at the earliest.
  const windowFrom = from > now ? from : now;
  const incoming = request.slots.map((slot) => ({
    externalId: slot.externalId,
    startsAt: new Date(slot.startsAt),
    endsAt: new Date(slot.endsAt),
  }));
  try {
    return await db.transaction(async (tx) => {
      const locked = await lockDoctorSlots(
        tx,
        doctor.id,
        windowFrom,
        to,
        incoming.map((slot) => slot.externalId),
      );
      const sentIds = new Set(incoming.map((slot) => slot.externalId));
      const managed = (slot: LockedSlot) =>
        slot.source === "integration" &&
        slot.externalId !== null &&
        ((slot.startsAt >= windowFrom && slot.startsAt < to) ||
          (slot.startsAt > now && sentIds.has(slot.externalId)));
      const ours = locked.filter(managed);
      const obstacles: Interval[] = locked.filter((slot) => !managed(slot));
      const held = await heldSlotIds(
        tx,
        ours.map((slot) => slot.id),
        now,
      );
      const byExternalId = new Map(ours.map((slot) => [slot.externalId as string, slot]));
      const result: ClinicSlotsResponse = {
        doctorId: doctor.id,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        deleted: 0,
        kept: [],
        skipped: [],
      };
      const toDelete: string[] = [];
      const keep = (slot: LockedSlot, reason: "booked" | "offered") => {
        obstacles.push(slot);
        result.kept.push({
          externalId: slot.externalId,
          slotId: slot.id,
          startsAt: slot.startsAt.toISOString(),
          endsAt: slot.endsAt.toISOString(),
          reason,
        });
      };
      const moves: { id: string; externalId: string; startsAt: Date; endsAt: Date }[] = [];
      const fresh: typeof incoming = [];
      for (const slot of ours) {
        const sent = incoming.find((candidate) => candidate.externalId === slot.externalId);
        const unchanged =
          sent !== undefined &&
          sent.startsAt.getTime() === slot.startsAt.getTime() &&
          sent.endsAt.getTime() === slot.endsAt.getTime();
        const reason = held.get(slot.id);
        if (unchanged) {
          result.unchanged += 1;
          obstacles.push(slot);
        } else if (reason) {
          keep(slot, reason);
        } else if (sent) {
          moves.push({ id: slot.id, ...sent });
        } else {
          toDelete.push(slot.id);
        }
      }
      const startedIds = new Set(
        locked.filter((slot) => !managed(slot) && slot.externalId).map((slot) => slot.externalId),
      );
      for (const slot of incoming) {
        const existing = byExternalId.get(slot.externalId);
        if (startedIds.has(slot.externalId)) {
          result.skipped.push({
            externalId: slot.externalId,
            reason: "Время с этим идентификатором уже началось: его нельзя перенести",
          });
        } else if (!existing) {
          fresh.push(slot);
        } else if (result.kept.some((kept) => kept.slotId === existing.id)) {
          result.skipped.push({
            externalId: slot.externalId,
            reason: "Это время занято пациентом и осталось прежним: перенести его нельзя",
          });
        }
      }
      // A sent time that meets a kept, started or template slot of the doctor is not stored; a
      // move refused so deletes the old time (the clinic no longer offers it).
      const blocked = (slot: Interval) => obstacles.some((other) => overlaps(slot, other));
      const skip = (externalId: string) =>
        result.skipped.push({
          externalId,
          reason:
            "Время пересекается с приёмом, который остаётся (записан пациент, уже начался или задан шаблоном расписания)",
        });
      const acceptedMoves = moves.filter((move) => {
        if (!blocked(move)) return true;
        skip(move.externalId);
        toDelete.push(move.id);
        return false;
      });
      const acceptedFresh = fresh.filter((slot) => {
        if (!blocked(slot)) return true;
        skip(slot.externalId);
        return false;
      });
      await deleteSlots(tx, toDelete);
      await moveSlots(tx, acceptedMoves);
      const insertedIds = await insertClinicSlots(tx, doctor, acceptedFresh);
      // A new or moved time may be earlier than a waiting client's: it is offered as a freed one.
      await offerNewTimes(
        tx,
        doctor,
        [...insertedIds, ...acceptedMoves.map((move) => move.id)],
        now,
      );
      result.deleted = toDelete.length;
      result.updated = acceptedMoves.length;
      result.inserted = acceptedFresh.length;
      return result;
    });
  } catch (error) {
    // A slot stored meanwhile at the same time, or booked by an operator meanwhile (their booking
    // does not lock the slot): nothing was written, the clinic sends the call again.
    if (isUniqueViolation(error) !== null || isForeignKeyViolation(error)) {
      throw new ConflictError(
        "Расписание врача изменилось во время запроса. Ничего не записано: отправьте запрос снова.",
      );
    }
    throw error;
  }
}

function personName(parts: (string | null)[]): string {
  return parts.filter(Boolean).join(" ");
}

/** A clinic's appointments in [from, to): what the clinic needs to receive its patients. */
export async function clinicAppointments(
  db: Db,
  clinicId: string,
  query: { from: string; to: string },
): Promise<ClinicAppointmentsResponse> {
  const rows = await listClinicAppointments(db, clinicId, new Date(query.from), new Date(query.to));
  return {
    // A time held for payment is not the clinic's visit until paid: it sees the confirmed one.
    appointments: rows.flatMap((row) =>
      row.status === "awaiting_payment"
        ? []
        : [
            {
              id: row.id,
              status: row.status,
              startsAt: row.startsAt?.toISOString() ?? null,
              endsAt: row.endsAt?.toISOString() ?? null,
              doctor:
                row.doctorId === null
                  ? null
                  : {
                      id: row.doctorId,
                      externalId: row.doctorExternalId,
                      name: personName([
                        row.doctorLastName,
                        row.doctorFirstName,
                        row.doctorPatronymic,
                      ]),
                    },
              slotExternalId: row.slotExternalId,
              service: { code: row.serviceCode, name: row.serviceName },
              patient: {
                name: personName([row.lastName, row.firstName, row.patronymic]),
                birthDate: row.birthDate,
              },
              coverage: row.coverage,
            },
          ],
    ),
  };
}
