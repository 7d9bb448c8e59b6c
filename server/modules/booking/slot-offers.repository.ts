import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { appointments, clinics, doctors, slots, specialties } from "../../db/schema/index.ts";
import { TIME_HOLDING_STATUSES } from "./appointment-status.ts";

// A paid visit's hold takes the time as a live visit does.
const holdingStatusList = sql.raw(TIME_HOLDING_STATUSES.map((status) => `'${status}'`).join(", "));

/**
 * Slots by id (free or not) with their doctor and clinic, and, for each, the person's live
 * appointment on it and whether another live appointment holds the doctor's time.
 */
export async function listSlotsWithState(db: Db, slotIds: string[], personId: string) {
  if (slotIds.length === 0) return [];
  return db
    .select({
      id: slots.id,
      startsAt: slots.startsAt,
      endsAt: slots.endsAt,
      doctorId: doctors.id,
      doctorLastName: doctors.lastName,
      doctorFirstName: doctors.firstName,
      doctorPatronymic: doctors.patronymic,
      specialtyId: specialties.id,
      specialtyName: specialties.name,
      clinicId: clinics.id,
      clinicName: clinics.name,
      clinicAddress: clinics.address,
      clinicMetro: clinics.metro,
      clinicDistrict: clinics.district,
      clinicPhones: clinics.phones,
      bookedId: sql<string | null>`(select a.id from ${appointments} a where a.slot_id = ${slots.id}
        and a.person_id = ${personId} and a.status in (${holdingStatusList}) limit 1)`,
      taken: sql<boolean>`exists (select 1 from ${appointments} a where a.doctor_id = ${slots.doctorId}
        and a.status in (${holdingStatusList})
        and tstzrange(a.starts_at, a.ends_at) && tstzrange(${slots.startsAt}, ${slots.endsAt}))`,
    })
    .from(slots)
    .innerJoin(doctors, eq(doctors.id, slots.doctorId))
    .innerJoin(specialties, eq(specialties.id, slots.specialtyId))
    .innerJoin(clinics, eq(clinics.id, slots.clinicId))
    .where(and(inArray(slots.id, slotIds)));
}
