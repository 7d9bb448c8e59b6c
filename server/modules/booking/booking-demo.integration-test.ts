import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  clinics,
  contracts,
  coveredPersons,
  doctors,
  slots,
  specialties,
} from "../../db/schema/index.ts";
import { DEMO_PASSWORD, demoClient } from "../../db/seed.ts";
import { seedDemoBooking } from "../../db/seed-booking.ts";
import { setupTestApp } from "../../test/build-test-app.ts";

const t = setupTestApp({ env: { SEED_DEMO: "1" } });

async function signInDemo(): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { phone: demoClient.phone, password: DEMO_PASSWORD },
  });
  const cookie = res.cookies.find((c) => c.name === "rms_session");
  if (!cookie) throw new Error(`the demo client did not sign in: ${res.statusCode}`);
  return cookie.value;
}

const total = async (table: typeof clinics | typeof doctors | typeof specialties | typeof slots) =>
  (await t.database.db.select({ n: count() }).from(table))[0]?.n ?? 0;

describe("the demo clinic network", () => {
  it("has 15 Moscow clinics (3 by request only), 12 specialties, 60 doctors and slots for 30 days", async () => {
    const db = t.database.db;
    expect(await total(clinics)).toBe(15);
    const requestsOnly = await db
      .select({ n: count() })
      .from(clinics)
      .where(eq(clinics.bookingMode, "requests_only"));
    expect(requestsOnly[0]?.n).toBe(3);
    expect(await total(specialties)).toBe(12);
    expect(await total(doctors)).toBe(60);
    const slotCount = await total(slots);
    expect(slotCount).toBeGreaterThan(5000);
    // Seeding again adds nothing.
    await seedDemoBooking(db);
    expect(await total(clinics)).toBe(15);
    expect(await total(slots)).toBe(slotCount);
  });

  it("offers the demo client's «ДМС Оптимум» person free times covered, by guarantee letter and paid", async () => {
    const cookie = await signInDemo();
    const [person] = await t.database.db
      .select({ id: coveredPersons.id })
      .from(coveredPersons)
      .innerJoin(contracts, eq(contracts.id, coveredPersons.contractId))
      .where(eq(contracts.number, "001-ДМС-2026-004512"));
    const [therapist] = await t.database.db
      .select({ id: specialties.id })
      .from(specialties)
      .where(eq(specialties.code, "therapist"));
    if (!person || !therapist) throw new Error("the demo person or specialty is missing");
    const res = await t.app.inject({
      method: "GET",
      url: `/api/booking/slots?personId=${person.id}&specialtyId=${therapist.id}`,
      cookies: { rms_session: cookie },
    });
    expect(res.statusCode).toBe(200);
    const kinds = new Set(
      res.json().slots.map((slot: { coverage: { kind: string } }) => slot.coverage.kind),
    );
    expect([...kinds].sort()).toEqual(["covered", "guarantee_letter", "paid"]);
  });

  it("places every demo clinic on the map, so that a shared location lists the nearest first", async () => {
    const cookie = await signInDemo();
    const placed = await t.database.db
      .select({ latitude: clinics.latitude, longitude: clinics.longitude })
      .from(clinics);
    expect(placed.filter((row) => row.latitude === null || row.longitude === null)).toEqual([]);
    const [person] = await t.database.db
      .select({ id: coveredPersons.id })
      .from(coveredPersons)
      .innerJoin(contracts, eq(contracts.id, coveredPersons.contractId))
      .where(eq(contracts.number, "001-ДМС-2026-004512"));
    // Standing at the Sokol metro: «Здоровье на Соколе» comes first, distances grow down the list.
    const res = await t.app.inject({
      method: "GET",
      url: `/api/booking/clinics?personId=${person?.id}&latitude=55.805&longitude=37.515`,
      cookies: { rms_session: cookie },
    });
    expect(res.statusCode).toBe(200);
    const listed = res.json().clinics as { name: string; distanceKm: number | null }[];
    expect(listed[0]?.name).toBe("Клиника «Здоровье на Соколе»");
    const distances = listed.map((clinic) => clinic.distanceKm ?? Number.NaN);
    expect(distances.every((km) => Number.isFinite(km))).toBe(true);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it("has the demo client's therapist visit of yesterday, confirmed and waiting for its outcome", async () => {
    const cookie = await signInDemo();
    const res = await t.app.inject({
      method: "GET",
      url: "/api/appointments",
      cookies: { rms_session: cookie },
    });
    const past = res.json().past as {
      status: string;
      startsAt: string;
      specialty: { name: string };
      clinic: { name: string };
    }[];
    const moscowYesterday = new Date(Date.now() + 3 * 3_600_000 - 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(past).toContainEqual(
      expect.objectContaining({
        status: "confirmed",
        startsAt: new Date(`${moscowYesterday}T10:00:00+03:00`).toISOString(),
        specialty: expect.objectContaining({ name: "терапевт" }),
        clinic: expect.objectContaining({ name: "Клиника «Здоровье на Соколе»" }),
      }),
    );
    // Seeding again adds no second one.
    await seedDemoBooking(t.database.db);
    const again = await t.app.inject({
      method: "GET",
      url: "/api/appointments",
      cookies: { rms_session: cookie },
    });
    expect(again.json().past).toHaveLength(past.length);
  });

  it("lists a demo clinic's services with what they cost: the follow-up visit covered, a pool certificate paid", async () => {
    const cookie = await signInDemo();
    const [person] = await t.database.db
      .select({ id: coveredPersons.id })
      .from(coveredPersons)
      .innerJoin(contracts, eq(contracts.id, coveredPersons.contractId))
      .where(eq(contracts.number, "001-ДМС-2026-004512"));
    const [clinic] = await t.database.db
      .select({ id: clinics.id })
      .from(clinics)
      .where(eq(clinics.name, "Клиника «Здоровье на Соколе»"));
    const res = await t.app.inject({
      method: "GET",
      url: `/api/booking/services?personId=${person?.id}&clinicId=${clinic?.id}`,
      cookies: { rms_session: cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const listed = res.json().services as { name: string; coverage: { kind: string } }[];
    const costOf = (name: string) => listed.find((service) => service.name === name)?.coverage;
    expect(costOf("Приём: терапевт, повторный")).toEqual({ kind: "covered" });
    expect(costOf("Справка для бассейна")).toMatchObject({ kind: "paid" });
  });
});
