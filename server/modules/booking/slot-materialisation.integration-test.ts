import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "../../db/client.ts";
import {
  clinics,
  doctors,
  doctorWeekTemplates,
  slots,
  specialties,
} from "../../db/schema/index.ts";
import { createJobQueue, type JobQueue } from "../../integrations/jobs/job-queue.ts";
import { createTestDatabase } from "../../test/build-test-app.ts";
import { createSlotMaterialisation } from "./slot-materialisation.ts";

let database: DatabaseHandle;
let dispose: () => Promise<void>;
let doctorId = "";

beforeAll(async () => {
  const test = await createTestDatabase();
  dispose = test.dispose;
  database = test.database;
  await database.migrate();
  const db = database.db;
  const [specialty] = await db
    .insert(specialties)
    .values({ code: "therapist", name: "терапевт" })
    .returning();
  const [clinic] = await db
    .insert(clinics)
    .values({ name: "Клиника", address: "Москва", phones: [], openingHours: "Пн–Пт" })
    .returning();
  if (!specialty || !clinic) throw new Error("fixtures were not stored");
  const [doctor] = await db
    .insert(doctors)
    .values({
      clinicId: clinic.id,
      specialtyId: specialty.id,
      lastName: "Алексеев",
      firstName: "Иван",
      practiceSince: 2000,
    })
    .returning();
  if (!doctor) throw new Error("the doctor was not stored");
  doctorId = doctor.id;
  await db.insert(doctorWeekTemplates).values({
    doctorId,
    template: {
      slotMinutes: 60,
      days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        hours: { start: "10:00", end: "12:00" },
        breaks: [],
      })),
    },
  });
});

afterAll(async () => {
  await dispose?.();
});

describe("the scheduled slot materialisation", () => {
  it("runs once a period however many instances tick at the same moment, and stores the 30 days' slots", async () => {
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    // Two app instances on one database: each its own pg-boss and its own job.
    const queues: JobQueue[] = [createJobQueue(database, log), createJobQueue(database, log)];
    for (const queue of queues) await queue.start();
    const jobs = queues.map((queue) =>
      createSlotMaterialisation({ jobs: queue, db: database.db, log }),
    );
    for (const job of jobs) await job.start();
    try {
      const ran = await Promise.all([...jobs.map((job) => job.tick()), jobs[0]?.tick()]);
      expect(ran.filter(Boolean)).toHaveLength(1);
      expect(await Promise.all(jobs.map((job) => job.tick()))).toEqual([false, false]);
      expect(log.error).not.toHaveBeenCalled();
      const [stored] = await database.db
        .select({ n: count() })
        .from(slots)
        .where(eq(slots.doctorId, doctorId));
      // Two a day for 30 days, less today's that have started.
      expect(stored?.n).toBeGreaterThanOrEqual(58);
      expect(stored?.n).toBeLessThanOrEqual(60);
    } finally {
      for (const job of jobs) await job.stop();
      for (const queue of queues) await queue.stop();
    }
  });
});
