import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Db } from "../../db/client.ts";
import {
  clinics,
  doctors,
  programNetworkEntries,
  services,
  slots,
  specialties,
} from "../../db/schema/index.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import { createTestClient, signInClient } from "../../test/factories.ts";
import { addCalendarDays, moscowDate } from "./moscow-time.ts";

// Typed factories for the booking integration tests: unique values, one row each.

const HOUR = 3_600_000;
const MINUTE = 60_000;

async function one<T extends { id: string }>(promise: Promise<T[]>): Promise<string> {
  const [row] = await promise;
  if (!row) throw new Error("a fixture row was not stored");
  return row.id;
}

/** A time on the hour `hours` from now, so the tests' slots never collide. */
export function hoursAhead(hours: number): Date {
  return new Date(Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR);
}

export function createSpecialty(db: Db, name: string): Promise<string> {
  return one(
    db
      .insert(specialties)
      .values({ code: `s-${randomUUID()}`, name })
      .returning({ id: specialties.id }),
  );
}

export function createClinic(
  db: Db,
  name: string,
  extra: Partial<typeof clinics.$inferInsert> = {},
): Promise<string> {
  return one(
    db
      .insert(clinics)
      .values({
        name,
        address: `Москва, ул. Тестовая, ${randomUUID().slice(0, 4)}`,
        metro: "Тестовская",
        district: "Тестовый",
        phones: ["+74951110000"],
        openingHours: "Пн–Пт 8:00–21:00",
        whatToBring: "Паспорт и полис",
        ...extra,
      })
      .returning({ id: clinics.id }),
  );
}

// The clinic and specialty of each doctor made here, which its slots copy.
const doctorPlaces = new Map<string, { clinicId: string; specialtyId: string }>();

export async function createDoctor(
  db: Db,
  clinicId: string,
  specialtyId: string,
  lastName: string,
  extra: Partial<typeof doctors.$inferInsert> = {},
): Promise<string> {
  const id = await one(
    db
      .insert(doctors)
      .values({
        clinicId,
        specialtyId,
        lastName,
        firstName: "Иван",
        patronymic: "Иванович",
        practiceSince: 2010,
        ...extra,
      })
      .returning({ id: doctors.id }),
  );
  doctorPlaces.set(id, { clinicId, specialtyId });
  return id;
}

export function createVisitService(
  db: Db,
  clinicId: string,
  specialtyId: string,
  priceKopecks: number,
): Promise<string> {
  return one(
    db
      .insert(services)
      .values({
        clinicId,
        specialtyId,
        code: randomUUID(),
        name: "Приём врача",
        priceKopecks,
        isVisit: true,
      })
      .returning({ id: services.id }),
  );
}

export async function addToNetwork(
  db: Db,
  programId: string,
  clinicId: string,
  extra: Partial<typeof programNetworkEntries.$inferInsert> = {},
): Promise<void> {
  await db.insert(programNetworkEntries).values({ programId, clinicId, ...extra });
}

/** A stored slot of a doctor made by createDoctor (its clinic and specialty copied). */
export async function addSlot(db: Db, doctorId: string, startsAt: Date, minutes = 30) {
  const doctor = doctorPlaces.get(doctorId);
  if (!doctor) throw new Error("not a doctor of createDoctor");
  return one(
    db
      .insert(slots)
      .values({
        doctorId,
        ...doctor,
        startsAt,
        endsAt: new Date(startsAt.getTime() + minutes * MINUTE),
      })
      .returning({ id: slots.id }),
  );
}

export interface BookingClient {
  cookie: string;
  clientId: string;
  programId: string;
  contractId: string;
  personId: string;
}

/** A signed-in client with one person on a contract of `programId` (a new program by default). */
export async function createBookingClient(
  app: FastifyInstance,
  db: Db,
  options: {
    programId?: string;
    /** Days from today in Moscow; the contract is in force from 30 days ago for 300 days by default. */
    startsInDays?: number;
    endsInDays?: number;
    lastName?: string;
    firstName?: string;
  } = {},
): Promise<BookingClient> {
  const today = moscowDate(new Date());
  const programId = options.programId ?? (await createTestProgram(db)).id;
  // The account is the person (its name and birth date): it books for itself (decision 0031).
  const self = {
    lastName: options.lastName ?? "Петрова",
    firstName: options.firstName ?? "Анна",
    patronymic: "Сергеевна",
    birthDate: "1990-03-15",
  };
  const client = await createTestClient(db, self);
  const contract = await createTestContract(db, {
    programId,
    startsOn: addCalendarDays(today, options.startsInDays ?? -30),
    endsOn: addCalendarDays(today, options.endsInDays ?? 300),
    persons: [{ slot: 1, ...self, phone: client.phone }],
  });
  return {
    cookie: await signInClient(app, client),
    clientId: client.id,
    programId,
    contractId: contract.id,
    personId: contract.personIds[0] ?? "",
  };
}
