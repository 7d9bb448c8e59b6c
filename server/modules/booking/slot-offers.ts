import type { ChatOfferedSlot } from "../../../common/chat/chat.schema.ts";
import { fullName } from "../../../common/format/person-name.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { searchSlots } from "./booking.service.ts";
import { listSlotsWithState } from "./slot-offers.repository.ts";

/**
 * Times a doctor offered in a chat (issue 14), as they stand now for the chat's person: past,
 * booked by this person, taken, or free with what it costs the person. A free time's coverage is
 * the one the slot search gives (the same rules as booking it); a time the search no longer
 * finds for this person (its contract ended, the doctor left) counts as taken. Unknown ids are
 * left out.
 */
export async function describeOfferedSlots(
  db: Db,
  clientId: string,
  personId: string,
  slotIds: string[],
  now = new Date(),
): Promise<Map<string, ChatOfferedSlot>> {
  const rows = await listSlotsWithState(db, [...new Set(slotIds)], personId);
  const views = await Promise.all(
    rows.map(async (row): Promise<ChatOfferedSlot> => {
      const base = {
        id: row.id,
        startsAt: row.startsAt.toISOString(),
        endsAt: row.endsAt.toISOString(),
        doctor: {
          id: row.doctorId,
          name: fullName({
            lastName: row.doctorLastName,
            firstName: row.doctorFirstName,
            patronymic: row.doctorPatronymic,
          }),
          specialty: { id: row.specialtyId, name: row.specialtyName },
        },
        clinic: {
          id: row.clinicId,
          name: row.clinicName,
          address: row.clinicAddress,
          metro: row.clinicMetro,
          district: row.clinicDistrict,
          phone: row.clinicPhones[0] ?? null,
        },
        coverage: null,
        appointmentId: null,
      };
      if (row.bookedId) return { ...base, state: "booked", appointmentId: row.bookedId };
      if (row.startsAt.getTime() <= now.getTime()) return { ...base, state: "past" };
      if (row.taken) return { ...base, state: "taken" };
      const found = await freeSlotFor(db, clientId, personId, row, now);
      return found
        ? { ...base, state: "free", coverage: found.coverage }
        : { ...base, state: "taken" };
    }),
  );
  return new Map(views.map((view) => [view.id, view]));
}

/** The slot as the person's slot search finds it now, or null (not free, or not for them). */
async function freeSlotFor(
  db: Db,
  clientId: string,
  personId: string,
  slot: { id: string; doctorId: string; startsAt: Date },
  now: Date,
) {
  try {
    const found = await searchSlots(
      db,
      clientId,
      {
        personId,
        doctorId: slot.doctorId,
        from: slot.startsAt.toISOString(),
        to: new Date(slot.startsAt.getTime() + 1).toISOString(),
      },
      now,
    );
    return found.find((candidate) => candidate.id === slot.id) ?? null;
  } catch (error) {
    // The person cannot book it any more (contract ended, beyond the search's horizon).
    if (error instanceof AppError && error.status < 500) return null;
    throw error;
  }
}
