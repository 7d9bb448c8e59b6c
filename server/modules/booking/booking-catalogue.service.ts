import type { z } from "zod";
import {
  type BookingPersonView,
  type ClinicServiceView,
  type clinicListSchema,
  type clinicSearchQuerySchema,
  type clinicServicesQuerySchema,
  type doctorSearchResultSchema,
  MAX_SLOT_SEARCH_DAYS,
  type specialtySchema,
} from "../../../common/booking/booking.schema.ts";
import { todayInMoscow } from "../../../common/format/date.ts";
import { fullName } from "../../../common/format/person-name.ts";
import type { Db } from "../../db/client.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import { CLINIC_NOT_FOUND } from "./appointment-request.service.ts";
import {
  bookablePerson,
  clinicOf,
  coverageDecider,
  doctorOf,
  familyBookingPersons,
} from "./booking.service.ts";
import {
  findActiveDoctor,
  findClinic,
  listActiveClinicServices,
  listBookableSpecialties,
  listNetworkClinics,
  listProgramClinics,
  searchNetworkDoctors,
} from "./booking-catalogue.repository.ts";
import { distanceKm } from "./geo-distance.ts";
import { addCalendarDays, moscowDate, moscowInstant } from "./moscow-time.ts";

/** At most this many doctors answer one name search. */
export const DOCTOR_SEARCH_LIMIT = 50;
export const DOCTOR_NOT_FOUND = "Этот врач не найден или больше не принимает: выберите другого.";
export const DOCTOR_OTHER_SPECIALTY =
  "Этот врач другой специальности: выберите врача или специальность заново.";
export const LOCATION_HALF =
  "Укажите и широту, и долготу: расстояние до клиник считается от точки.";

const byRussian = (a: string, b: string) => a.localeCompare(b, "ru");

/**
 * «Для кого»: the account itself and its children under 15 (decision 0031) on its contracts that
 * are in force today in Moscow.
 */
export async function listBookingPersons(
  db: Db,
  clientId: string,
  now = new Date(),
): Promise<BookingPersonView[]> {
  const today = todayInMoscow(now);
  const rows = await familyBookingPersons(db, clientId, today);
  return rows
    .filter((row) => row.startsOn <= today && row.endsOn >= today && row.annulledAt === null)
    .map((row) => ({
      id: row.personId,
      name: fullName(row),
      birthDate: row.birthDate,
      contractId: row.contractId,
      contractNumber: row.contractNumber,
      programName: row.programName,
    }));
}

/** The specialties some active clinic has a visit for, by name. */
export async function listSpecialties(db: Db): Promise<z.infer<typeof specialtySchema>[]> {
  return listBookableSpecialties(db);
}

/** Lower case, ё as е, LIKE's own characters escaped: how doctors' names are compared. */
function nameWords(q: string): string[] {
  return q
    .toLowerCase()
    .replaceAll("ё", "е")
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .slice(0, 5)
    .map((word) => word.replace(/[\\%_]/g, (character) => `\\${character}`));
}

/** Doctors of the person's network whose name holds every word typed, with their clinic. */
export async function searchDoctors(
  db: Db,
  clientId: string,
  query: { personId: string; q: string },
  now = new Date(),
): Promise<z.infer<typeof doctorSearchResultSchema>["doctors"]> {
  const person = await bookablePerson(db, clientId, query.personId, now);
  const rows = await searchNetworkDoctors(
    db,
    person.programId,
    nameWords(query.q),
    DOCTOR_SEARCH_LIMIT,
  );
  return rows.map((row) => ({ ...doctorOf(row, now), clinic: clinicOf(row) }));
}

type ClinicQuery = z.infer<typeof clinicSearchQuerySchema>;
type ClinicList = z.infer<typeof clinicListSchema>;

/**
 * The clinics of the person's network (for a specialty, or a doctor's own clinic), each with what
 * a visit of that specialty costs the person today; filtered by metro or district (the lists of
 * both come from the unfiltered clinics); nearest first when a location is given, else by name.
 */
export async function listClinics(
  db: Db,
  clientId: string,
  query: ClinicQuery,
  now = new Date(),
): Promise<ClinicList> {
  if ((query.latitude === undefined) !== (query.longitude === undefined)) {
    const field = query.latitude === undefined ? "latitude" : "longitude";
    throw new ValidationError([{ field, message: LOCATION_HALF }]);
  }
  const person = await bookablePerson(db, clientId, query.personId, now);
  let specialtyId = query.specialtyId;
  let clinicId: string | undefined;
  if (query.doctorId) {
    const doctor = await findActiveDoctor(db, query.doctorId);
    if (!doctor) throw new NotFoundError(DOCTOR_NOT_FOUND);
    if (specialtyId && specialtyId !== doctor.specialtyId) {
      throw new ValidationError([{ field: "doctorId", message: DOCTOR_OTHER_SPECIALTY }]);
    }
    specialtyId = doctor.specialtyId;
    clinicId = doctor.clinicId;
  }

  let found: (Awaited<ReturnType<typeof listProgramClinics>>[number] & {
    coverage: ClinicList["clinics"][number]["coverage"];
  })[];
  if (specialtyId) {
    const visitSpecialty = specialtyId;
    const rows = await listNetworkClinics(db, person.programId, visitSpecialty, clinicId);
    const decide = await coverageDecider(
      db,
      person,
      rows.map((row) => row.id),
    );
    found = rows.map(({ serviceId, servicePriceKopecks, serviceDiscountBp, ...clinic }) => ({
      ...clinic,
      coverage: decide({ clinicId: clinic.id, specialtyId: visitSpecialty, serviceId }, now, {
        clinicPriceKopecks: servicePriceKopecks,
        discountBasisPoints: serviceDiscountBp ?? clinic.companyDiscountBp,
      }),
    }));
  } else {
    found = (await listProgramClinics(db, person.programId)).map((clinic) => ({
      ...clinic,
      coverage: null,
    }));
  }

  const distinct = (values: (string | null)[]) =>
    [...new Set(values.filter((value): value is string => !!value))].sort(byRussian);
  const metros = distinct(found.map((clinic) => clinic.metro));
  const districts = distinct(found.map((clinic) => clinic.district));
  const same = (a: string | null, b: string) => a !== null && a.toLowerCase() === b.toLowerCase();
  const origin =
    query.latitude !== undefined && query.longitude !== undefined
      ? { latitude: query.latitude, longitude: query.longitude }
      : null;

  const clinics = found
    .filter((clinic) => !query.metro || same(clinic.metro, query.metro))
    .filter((clinic) => !query.district || same(clinic.district, query.district))
    .map((clinic) => ({
      ...clinicOf({
        clinicId: clinic.id,
        clinicName: clinic.name,
        clinicAddress: clinic.address,
        clinicMetro: clinic.metro,
        clinicDistrict: clinic.district,
        clinicPhones: clinic.phones,
      }),
      phones: clinic.phones,
      openingHours: clinic.openingHours,
      bookingMode: clinic.bookingMode,
      distanceKm:
        origin && clinic.latitude !== null && clinic.longitude !== null
          ? Math.round(
              distanceKm(origin, { latitude: clinic.latitude, longitude: clinic.longitude }) * 10,
            ) / 10
          : null,
      coverage: clinic.coverage,
    }))
    .sort((a, b) => {
      if (origin) {
        // Clinics with no coordinates go after those with a distance.
        const fromA = a.distanceKm ?? Number.POSITIVE_INFINITY;
        const fromB = b.distanceKm ?? Number.POSITIVE_INFINITY;
        if (fromA !== fromB) return fromA - fromB;
      }
      return byRussian(a.name, b.name) || byRussian(a.address, b.address) || (a.id < b.id ? -1 : 1);
    });
  return { clinics, metros, districts };
}

/**
 * «Услуги и цены»: the clinic's active services (of the specialty when given), visits first, then
 * by name, each with what it costs the person if done today — decided by the same
 * `coverageDecider` as the times, so a service and a time never disagree. A clinic outside the
 * person's network is listed too: every service there is «Платно», not in the network.
 */
export const SERVICES_DAY_OUT_OF_RANGE = `Цены показываются на день с сегодняшнего по ${MAX_SLOT_SEARCH_DAYS}-й вперёд: выберите другой день.`;

export async function listClinicServices(
  db: Db,
  clientId: string,
  query: z.infer<typeof clinicServicesQuerySchema>,
  now = new Date(),
): Promise<ClinicServiceView[]> {
  const today = moscowDate(now);
  if (
    query.on !== undefined &&
    (query.on < today || query.on > addCalendarDays(today, MAX_SLOT_SEARCH_DAYS))
  ) {
    throw new ValidationError([{ field: "on", message: SERVICES_DAY_OUT_OF_RANGE }]);
  }
  // Costs as of the visit's day: noon of it, or now when that is today.
  const at = query.on === undefined || query.on === today ? now : moscowInstant(query.on, 12 * 60);
  const person = await bookablePerson(db, clientId, query.personId, now);
  const clinic = await findClinic(db, query.clinicId);
  if (!clinic?.active) throw new NotFoundError(CLINIC_NOT_FOUND);
  const rows = await listActiveClinicServices(db, clinic.id, query.specialtyId);
  const decide = await coverageDecider(db, person, [clinic.id]);
  return rows
    .map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      specialty: { id: row.specialtyId, name: row.specialtyName },
      isVisit: row.isVisit,
      coverage: decide(
        { clinicId: clinic.id, specialtyId: row.specialtyId, serviceId: row.id },
        at,
        {
          clinicPriceKopecks: row.priceKopecks,
          discountBasisPoints: row.companyDiscountBp ?? clinic.companyDiscountBp,
        },
      ),
    }))
    .sort(
      (a, b) =>
        Number(b.isVisit) - Number(a.isVisit) ||
        byRussian(a.name, b.name) ||
        (a.id < b.id ? -1 : 1),
    );
}
