import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import {
  appointmentEvents,
  appointments,
  clinics,
  doctors,
  events,
  services,
  serviceTypes,
  slots,
  specialties,
  staffAuditLog,
  waitlistEntries,
  waitlistOffers,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  createTestStaff,
  signInClient,
  signInStaff,
  type TestStaff,
} from "../../test/factories.ts";

const t = setupTestApp({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), "rms-staff-appts-")) } });
const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n", "latin1"), Buffer.alloc(2048, 0x20)]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(2048, 0),
]);
const HOUR = 3_600_000;

let clientId = "";
let clientCookie = "";
let operator: TestStaff;
let operatorCookie = "";
let doctorCookie = "";
let rmsDoctorId = "";
let contractId = "";
let personId = "";
let secondPersonId = "";
let clientPhone = "";
let serviceTypeId = "";
let programId = "";
const f = { clinic: "", specialty: "", doctor: "", otherDoctor: "", service: "" };

/** A whole hour `hours` from now, so times never collide between tests. */
function hoursFromNow(hours: number): Date {
  return new Date(Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR);
}

async function one<T>(promise: Promise<T[]>): Promise<T> {
  const [row] = await promise;
  if (!row) throw new Error("a fixture row was not stored");
  return row;
}

beforeAll(async () => {
  const db = t.database.db;
  const client = await createTestClient(db, { lastName: "Зайцева", birthDate: "1985-05-05" });
  clientId = client.id;
  clientPhone = client.phone;
  clientCookie = await signInClient(t.app, client);
  operator = await createTestStaff(db, "operator", "Смирнова Ольга Петровна");
  operatorCookie = await signInStaff(t.app, operator);
  const doctor = await createTestStaff(db, "doctor", "Кузнецов Андрей Викторович");
  rmsDoctorId = doctor.id;
  doctorCookie = await signInStaff(t.app, doctor);
  const program = await createTestProgram(db, { maxPersons: 2 });
  const year = Number(todayInMoscow().slice(0, 4));
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    persons: [
      {
        slot: 1,
        lastName: "Зайцева",
        firstName: "Мария",
        patronymic: "Игоревна",
        birthDate: "1985-05-05",
        phone: client.phone,
      },
      { slot: 2, lastName: "Зайцев", firstName: "Илья", birthDate: "2015-01-01" },
    ],
  });
  programId = program.id;
  contractId = contract.id;
  personId = contract.personIds[0] ?? "";
  secondPersonId = contract.personIds[1] ?? "";
  serviceTypeId = (
    await one(
      db
        .insert(serviceTypes)
        .values({ name: `Приём в клинике сети ${randomUUID()}` })
        .returning({ id: serviceTypes.id }),
    )
  ).id;
  f.clinic = (
    await one(
      db
        .insert(clinics)
        .values({
          name: "Клиника «Заявочная»",
          address: `Москва, ул. Тестовая, ${randomUUID().slice(0, 4)}`,
          phones: ["+74950000001"],
          openingHours: "Пн–Пт 9:00–20:00",
          bookingMode: "requests_only",
        })
        .returning({ id: clinics.id }),
    )
  ).id;
  f.specialty = (
    await one(
      db
        .insert(specialties)
        .values({ code: `derm-${randomUUID()}`, name: "дерматолог" })
        .returning({ id: specialties.id }),
    )
  ).id;
  const doctorRow = { clinicId: f.clinic, specialtyId: f.specialty, practiceSince: 2005 };
  f.doctor = (
    await one(
      db
        .insert(doctors)
        .values({ ...doctorRow, lastName: "Белова", firstName: "Ирина", patronymic: "Олеговна" })
        .returning({ id: doctors.id }),
    )
  ).id;
  f.otherDoctor = (
    await one(
      db
        .insert(doctors)
        .values({ ...doctorRow, lastName: "Громов", firstName: "Олег" })
        .returning({ id: doctors.id }),
    )
  ).id;
  f.service = (
    await one(
      db
        .insert(services)
        .values({
          clinicId: f.clinic,
          specialtyId: f.specialty,
          code: "DERM-1",
          name: "Приём дерматолога",
          priceKopecks: 250_000,
          isVisit: true,
        })
        .returning({ id: services.id }),
    )
  ).id;
});

type Status = (typeof appointments.$inferInsert)["status"];

/**
 * A person of a contract of their own: a live request has no time yet, and the exclusion
 * constraint reads its empty range as all time, so each request needs its own person.
 */
async function freshPerson(): Promise<{ personId: string; contractId: string }> {
  const year = Number(todayInMoscow().slice(0, 4));
  const contract = await createTestContract(t.database.db, {
    programId,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    // The account's phone links the contract: an account sees visits only on contracts it holds.
    persons: [
      {
        slot: 1,
        lastName: "Зайцева",
        firstName: "Мария",
        birthDate: "1985-05-05",
        phone: clientPhone,
      },
    ],
  });
  return { personId: contract.personIds[0] ?? "", contractId: contract.id };
}

/**
 * An appointment of the account; a request (no doctor, no time) unless a time is given. Without
 * `person` it is a fresh person's, with the demo contract's person (`personId`) on its contract.
 */
async function makeAppointment(
  status: Status,
  options: {
    startsAt?: Date;
    minutes?: number;
    coverage?: "covered" | "guarantee_letter";
    person?: string;
    doctor?: string;
  } = {},
): Promise<string> {
  const startsAt = options.startsAt ?? null;
  const owner = options.person ? { personId: options.person, contractId } : await freshPerson();
  const row = await one(
    t.database.db
      .insert(appointments)
      .values({
        ...owner,
        clientId,
        clinicId: f.clinic,
        serviceId: f.service,
        doctorId: startsAt ? (options.doctor ?? f.doctor) : null,
        startsAt,
        endsAt: startsAt ? new Date(startsAt.getTime() + (options.minutes ?? 30) * 60_000) : null,
        status,
        coverageKind: options.coverage ?? "covered",
        clinicPriceKopecks: 250_000,
        companyPriceKopecks: 250_000,
        requestDays: startsAt ? null : [todayInMoscow()],
        requestTimeOfDay: startsAt ? null : "morning",
        requestNote: startsAt ? null : "Удобно после 10",
      })
      .returning({ id: appointments.id }),
  );
  await t.database.db
    .insert(appointmentEvents)
    .values({ appointmentId: row.id, toStatus: status, actorKind: "client", actorId: clientId });
  return row.id;
}

function asStaff(cookie = operatorCookie) {
  return { rms_staff_session: cookie };
}

function post(id: string, action: string, payload?: object, cookie = operatorCookie) {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/appointments/${id}/${action}`,
    cookies: asStaff(cookie),
    ...(payload ? { payload } : {}),
  });
}

async function letterForm(file: { name: string; content: Buffer }) {
  const data = new FormData();
  data.append("file", new Blob([file.content]), file.name);
  const request = new Request("http://localhost/", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

async function eventsOf(appointmentId: string) {
  const rows = await t.database.db
    .select({ type: events.type, payload: events.payload })
    .from(events);
  return rows.filter(
    (row) => (row.payload as { appointmentId?: string }).appointmentId === appointmentId,
  );
}

async function historyOf(appointmentId: string) {
  return t.database.db
    .select({
      fromStatus: appointmentEvents.fromStatus,
      toStatus: appointmentEvents.toStatus,
      actorKind: appointmentEvents.actorKind,
      actorId: appointmentEvents.actorId,
      reason: appointmentEvents.reason,
    })
    .from(appointmentEvents)
    .where(eq(appointmentEvents.appointmentId, appointmentId))
    .orderBy(appointmentEvents.at);
}

async function clientAppointment(id: string) {
  const res = await t.app.inject({
    method: "GET",
    url: "/api/appointments",
    cookies: { rms_session: clientCookie },
  });
  expect(res.statusCode).toBe(200);
  const body = res.json() as Record<string, { id: string }[]>;
  return Object.values(body)
    .flat()
    .find((appointment) => appointment.id === id) as
    | { status: string; startsAt: string | null; cancelReason: string | null }
    | undefined;
}

describe("«Записи» in the staff console", () => {
  it("lists requests in their queue with the person, contract and clinic, and records the view in the audit log", async () => {
    const id = await makeAppointment("requested");
    const res = await t.app.inject({
      method: "GET",
      url: `/api/staff/appointments?queue=requests&clinicId=${f.clinic}`,
      cookies: asStaff(),
    });
    expect(res.statusCode).toBe(200);
    const found = res.json().appointments.find((a: { id: string }) => a.id === id);
    expect(found).toMatchObject({
      status: "requested",
      person: { name: "Зайцева Мария" },
      clinic: { id: f.clinic, bookingMode: "requests_only" },
      specialty: { name: "дерматолог" },
      request: { timeOfDay: "morning", note: "Удобно после 10" },
      actions: ["schedule", "cancel"],
    });
    const logged = await t.database.db
      .select({ details: staffAuditLog.details })
      .from(staffAuditLog)
      .where(
        and(eq(staffAuditLog.staffId, operator.id), eq(staffAuditLog.action, "appointment.list")),
      );
    expect(logged.some((row) => JSON.stringify(row.details).includes(id))).toBe(true);

    const summary = await t.app.inject({
      method: "GET",
      url: "/api/staff/appointments/summary",
      cookies: asStaff(),
    });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().counts.requests).toBeGreaterThanOrEqual(1);
    expect(summary.json().clinics.map((c: { id: string }) => c.id)).toContain(f.clinic);
  });

  it("books a request by phone with an entered doctor and time: confirmed, history written, the client sees the time", async () => {
    const id = await makeAppointment("requested");
    const options = await t.app.inject({
      method: "GET",
      url: `/api/staff/appointments/${id}/booking-options`,
      cookies: asStaff(),
    });
    expect(options.statusCode).toBe(200);
    expect(
      options
        .json()
        .doctors.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual([f.doctor, f.otherDoctor].sort());
    const startsAt = hoursFromNow(30);
    const res = await post(id, "schedule", {
      doctorId: f.doctor,
      startsAt: startsAt.toISOString(),
      durationMinutes: 30,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().appointment).toMatchObject({
      status: "confirmed",
      startsAt: startsAt.toISOString(),
      doctor: { id: f.doctor, name: "Белова Ирина Олеговна" },
      actions: ["cancel"],
    });
    expect(res.json().appointment.history.at(-1)).toMatchObject({
      fromStatus: "requested",
      toStatus: "confirmed",
      actor: "staff",
      actorName: "Смирнова Ольга Петровна",
    });
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(["appointment.scheduled"]);
    expect(await clientAppointment(id)).toMatchObject({
      status: "confirmed",
      startsAt: startsAt.toISOString(),
    });
  });

  it("books a request on one of the doctor's free stored times", async () => {
    const id = await makeAppointment("requested");
    const startsAt = hoursFromNow(50);
    const slot = await one(
      t.database.db
        .insert(slots)
        .values({
          doctorId: f.otherDoctor,
          clinicId: f.clinic,
          specialtyId: f.specialty,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 20 * 60_000),
        })
        .returning({ id: slots.id }),
    );
    const options = await t.app.inject({
      method: "GET",
      url: `/api/staff/appointments/${id}/booking-options`,
      cookies: asStaff(),
    });
    const other = options.json().doctors.find((d: { id: string }) => d.id === f.otherDoctor);
    expect(other.slots.map((s: { id: string }) => s.id)).toContain(slot.id);
    const res = await post(id, "schedule", { doctorId: f.otherDoctor, slotId: slot.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().appointment.endsAt).toBe(
      new Date(startsAt.getTime() + 20 * 60_000).toISOString(),
    );
    // The time is no longer offered.
    const again = await t.app.inject({
      method: "GET",
      url: `/api/staff/appointments/${id}/booking-options`,
      cookies: asStaff(),
    });
    const after = again.json().doctors.find((d: { id: string }) => d.id === f.otherDoctor);
    expect(after.slots.map((s: { id: string }) => s.id)).not.toContain(slot.id);
  });

  it("refuses a time the doctor already has booked with 409 in Russian, the request unchanged", async () => {
    const startsAt = hoursFromNow(70);
    await makeAppointment("confirmed", { startsAt, person: secondPersonId });
    const id = await makeAppointment("requested");
    const res = await post(id, "schedule", {
      doctorId: f.doctor,
      startsAt: new Date(startsAt.getTime() + 10 * 60_000).toISOString(),
      durationMinutes: 30,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe("Это время уже занято: выберите другое.");
    expect((await clientAppointment(id))?.status).toBe("requested");
    expect(await historyOf(id)).toHaveLength(1);
  });

  it("answers 400 with a Russian message for bad input", async () => {
    const id = await makeAppointment("requested");
    const noTime = await post(id, "schedule", { doctorId: f.doctor });
    expect(noTime.statusCode).toBe(400);
    expect(noTime.json().detail).toBe("Укажите дату и время приёма");
    const past = await post(id, "schedule", {
      doctorId: f.doctor,
      startsAt: hoursFromNow(-2).toISOString(),
      durationMinutes: 30,
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0]).toMatchObject({ field: "startsAt" });
    const strangerDoctor = await post(id, "schedule", {
      doctorId: randomUUID(),
      startsAt: hoursFromNow(80).toISOString(),
      durationMinutes: 30,
    });
    expect(strangerDoctor.statusCode).toBe(400);
    expect(strangerDoctor.json().errors[0]).toMatchObject({ field: "doctorId" });
    const shortReason = await post(id, "cancel", { reason: "" });
    expect(shortReason.statusCode).toBe(400);
    expect(shortReason.json().detail).toBe("Напишите причину отмены: её увидит клиент");
    const badId = await post("not-a-uuid", "confirm");
    expect(badId.statusCode).toBe(400);
  });

  it("a request booked for a visit that needs a guarantee letter waits for it; a PDF upload confirms it", async () => {
    const id = await makeAppointment("requested", { coverage: "guarantee_letter" });
    const scheduled = await post(id, "schedule", {
      doctorId: f.doctor,
      startsAt: hoursFromNow(90).toISOString(),
      durationMinutes: 30,
    });
    expect(scheduled.json().appointment).toMatchObject({
      status: "awaiting_letter",
      actions: ["letter", "cancel"],
    });

    const notPdf = await t.app.inject({
      method: "POST",
      url: `/api/staff/appointments/${id}/letter`,
      cookies: asStaff(),
      ...(await letterForm({ name: "письмо.png", content: PNG })),
    });
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.json().detail).toBe("Файл «письмо.png» не PDF: приложите письмо в формате PDF.");

    const tooLarge = await t.app.inject({
      method: "POST",
      url: `/api/staff/appointments/${id}/letter`,
      cookies: asStaff(),
      ...(await letterForm({
        name: "письмо.pdf",
        content: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024, 0x20)]),
      })),
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().detail).toBe("Файл гарантийного письма должен быть не больше 10 МБ.");

    const uploaded = await t.app.inject({
      method: "POST",
      url: `/api/staff/appointments/${id}/letter`,
      cookies: asStaff(),
      ...(await letterForm({ name: "Гарантийное письмо.pdf", content: PDF })),
    });
    expect(uploaded.statusCode).toBe(200);
    expect(uploaded.json().appointment).toMatchObject({
      status: "confirmed",
      letter: { fileName: "Гарантийное письмо.pdf", byName: "Смирнова Ольга Петровна" },
    });
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([
      "appointment.scheduled",
      "appointment.confirmed",
    ]);
    const download = await t.app.inject({
      method: "GET",
      url: `/api/staff/appointments/${id}/letter`,
      cookies: asStaff(),
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.rawPayload.equals(PDF)).toBe(true);
  });

  it("«Письмо отправлено в клинику» confirms a visit without a file", async () => {
    const id = await makeAppointment("awaiting_letter", {
      startsAt: hoursFromNow(100),
      coverage: "guarantee_letter",
    });
    const res = await post(id, "letter-sent");
    expect(res.statusCode).toBe(200);
    expect(res.json().appointment).toMatchObject({
      status: "confirmed",
      letter: { fileName: null, byName: "Смирнова Ольга Петровна" },
    });
    expect((await historyOf(id)).at(-1)).toMatchObject({
      fromStatus: "awaiting_letter",
      toStatus: "confirmed",
      actorKind: "staff",
      actorId: operator.id,
    });
    const again = await post(id, "letter-sent");
    expect(again.statusCode).toBe(409);
  });

  it("confirms a request that already has a time", async () => {
    const id = await makeAppointment("requested", { startsAt: hoursFromNow(110) });
    const res = await post(id, "confirm");
    expect(res.statusCode).toBe(200);
    expect(res.json().appointment.status).toBe("confirmed");
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(["appointment.confirmed"]);
  });

  it("«Состоялась» writes an appeal with the service, the person, the clinic and the doctor that the client sees on the contract", async () => {
    const startsAt = hoursFromNow(-3);
    const id = await makeAppointment("confirmed", { startsAt, person: personId });
    const res = await post(id, "fulfil", {
      serviceTypeId,
      doctorId: rmsDoctorId,
      note: "Назначено лечение",
    });
    expect(res.statusCode).toBe(200);
    const appealId = res.json().appointment.appealId;
    expect(res.json().appointment).toMatchObject({ status: "fulfilled", actions: [] });
    const contract = await t.app.inject({
      method: "GET",
      url: `/api/contracts/${contractId}`,
      cookies: { rms_session: clientCookie },
    });
    expect(contract.statusCode).toBe(200);
    const appeal = contract.json().appeals.find((a: { id: string }) => a.id === appealId);
    expect(appeal).toBeDefined();
    expect(appeal.personName).toBe("Мария Игоревна");
    expect(JSON.stringify(appeal)).toContain("Приём дерматолога");
    expect(JSON.stringify(appeal)).toContain("Белова Ирина Олеговна");
    expect(JSON.stringify(appeal)).toContain("Клиника «Заявочная»");
    expect(appeal.doctorName).toBe("Кузнецов Андрей Викторович");
    expect(appeal.channel).toBe("clinic");
    const fulfilled = (await eventsOf(id)).find((e) => e.type === "appointment.fulfilled");
    expect(fulfilled?.payload).toEqual({ appointmentId: id, appealId });
    expect((await clientAppointment(id))?.status).toBe("fulfilled");
  });

  it("refuses «Состоялась» before the visit began, and a second outcome after the first, with 409", async () => {
    const upcoming = await makeAppointment("confirmed", { startsAt: hoursFromNow(120) });
    const early = await post(upcoming, "fulfil", { serviceTypeId, doctorId: rmsDoctorId });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toMatch(/^Отметить «Состоялась» можно, когда приём начался/);

    const past = await makeAppointment("confirmed", { startsAt: hoursFromNow(-5) });
    expect((await post(past, "noshow")).statusCode).toBe(200);
    const twice = await post(past, "fulfil", { serviceTypeId, doctorId: rmsDoctorId });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toBe("Отметить «Состоялась» нельзя: уже отмечена неявка.");
    const rows = await t.database.db
      .select({ appealId: appointments.appealId })
      .from(appointments)
      .where(eq(appointments.id, past));
    expect(rows[0]?.appealId).toBeNull();
  });

  it("«Неявка» marks a begun visit noshow and emits appointment.noshow", async () => {
    const id = await makeAppointment("confirmed", { startsAt: hoursFromNow(-7) });
    const res = await post(id, "noshow");
    expect(res.statusCode).toBe(200);
    expect(res.json().appointment.status).toBe("noshow");
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(["appointment.noshow"]);
    expect((await historyOf(id)).at(-1)).toMatchObject({
      fromStatus: "confirmed",
      toStatus: "noshow",
    });
  });

  it("cancels on the clinic's behalf with a reason the client sees in «Мои записи»", async () => {
    const id = await makeAppointment("confirmed", { startsAt: hoursFromNow(130) });
    const reason = "Врач заболел, клиника предложит другое время";
    const res = await post(id, "cancel", { reason });
    expect(res.statusCode).toBe(200);
    expect(res.json().appointment).toMatchObject({ status: "cancelled", cancelReason: reason });
    expect(await clientAppointment(id)).toMatchObject({
      status: "cancelled",
      cancelReason: reason,
    });
    expect((await historyOf(id)).at(-1)).toMatchObject({
      toStatus: "cancelled",
      actorKind: "clinic",
      reason,
    });
    const cancelled = (await eventsOf(id)).find((e) => e.type === "appointment.cancelled");
    expect(cancelled?.payload).toEqual({ appointmentId: id, by: "clinic" });
    expect((await post(id, "cancel", { reason })).statusCode).toBe(409);
  });

  it("offers the time a clinic's cancellation frees to the first client waiting for an earlier one", async () => {
    const db = t.database.db;
    const online = await one(
      db
        .insert(clinics)
        .values({
          name: "Клиника «Онлайн»",
          address: `Москва, ул. Сетевая, ${randomUUID().slice(0, 4)}`,
          phones: ["+74950000002"],
          openingHours: "Ежедневно 8:00–22:00",
        })
        .returning({ id: clinics.id }),
    );
    const doctor = await one(
      db
        .insert(doctors)
        .values({
          clinicId: online.id,
          specialtyId: f.specialty,
          lastName: "Орлова",
          firstName: "Вера",
          practiceSince: 2010,
        })
        .returning({ id: doctors.id }),
    );
    const service = await one(
      db
        .insert(services)
        .values({
          clinicId: online.id,
          specialtyId: f.specialty,
          code: "DERM-ONLINE",
          name: "Приём дерматолога",
          priceKopecks: 200_000,
          isVisit: true,
        })
        .returning({ id: services.id }),
    );
    const startsAt = hoursFromNow(140);
    const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
    const slot = await one(
      db
        .insert(slots)
        .values({
          doctorId: doctor.id,
          clinicId: online.id,
          specialtyId: f.specialty,
          startsAt,
          endsAt,
        })
        .returning({ id: slots.id }),
    );
    const visit = (
      person: { personId: string; contractId: string },
      at: Date,
      slotId: string | null,
    ) =>
      one(
        db
          .insert(appointments)
          .values({
            ...person,
            clientId,
            clinicId: online.id,
            serviceId: service.id,
            doctorId: doctor.id,
            slotId,
            startsAt: at,
            endsAt: new Date(at.getTime() + 30 * 60_000),
            status: "confirmed",
            coverageKind: "covered",
            clinicPriceKopecks: 200_000,
            companyPriceKopecks: 200_000,
          })
          .returning({ id: appointments.id }),
      );
    const cancelled = await visit(await freshPerson(), startsAt, slot.id);
    const waiting = await visit(await freshPerson(), hoursFromNow(160), null);
    const [later] = await db
      .select({ personId: appointments.personId })
      .from(appointments)
      .where(eq(appointments.id, waiting.id));
    await db.insert(waitlistEntries).values({
      appointmentId: waiting.id,
      clientId,
      personId: later?.personId ?? "",
      doctorId: doctor.id,
      clinicId: online.id,
      specialtyId: f.specialty,
    });

    const res = await post(cancelled.id, "cancel", { reason: "Врач в отпуске" });
    expect(res.statusCode).toBe(200);
    const offers = await db
      .select({ slotId: waitlistOffers.slotId, answer: waitlistOffers.answer })
      .from(waitlistOffers)
      .innerJoin(waitlistEntries, eq(waitlistEntries.id, waitlistOffers.entryId))
      .where(eq(waitlistEntries.appointmentId, waiting.id));
    expect(offers).toEqual([{ slotId: slot.id, answer: null }]);
    expect((await eventsOf(waiting.id)).map((e) => e.type)).toEqual(["waitlist.offered"]);
  });

  it("shows the card with its history and records the view", async () => {
    const id = await makeAppointment("requested");
    const res = await t.app.inject({
      method: "GET",
      url: `/api/staff/appointments/${id}`,
      cookies: asStaff(),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().appointment.history).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: "requested", actor: "client" }),
    ]);
    const logged = await t.database.db
      .select({ id: staffAuditLog.id })
      .from(staffAuditLog)
      .where(and(eq(staffAuditLog.action, "appointment.view"), eq(staffAuditLog.subjectId, id)));
    expect(logged).toHaveLength(1);
    const missing = await t.app.inject({
      method: "GET",
      url: `/api/staff/appointments/${randomUUID()}`,
      cookies: asStaff(),
    });
    expect(missing.statusCode).toBe(404);
  });

  it("is closed to doctors (403) and to clients and guests (401)", async () => {
    const id = await makeAppointment("requested");
    const asDoctor = await t.app.inject({
      method: "GET",
      url: "/api/staff/appointments",
      cookies: asStaff(doctorCookie),
    });
    expect(asDoctor.statusCode).toBe(403);
    expect(asDoctor.json().detail).toBe("Раздел «Записи» доступен операторам и администраторам.");
    const doctorCancel = await post(id, "cancel", { reason: "Просто так" }, doctorCookie);
    expect(doctorCancel.statusCode).toBe(403);
    const guest = await t.app.inject({ method: "GET", url: "/api/staff/appointments" });
    expect(guest.statusCode).toBe(401);
    expect((await clientAppointment(id))?.status).toBe("requested");
  });
});
