import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import {
  chatMessages,
  clinics,
  doctors,
  events,
  programNetworkEntries,
  services,
  slots,
  specialties,
  staffAuditLog,
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

const t = setupTestApp();

const HOUR = 3_600_000;

let clientCookie = "";
let otherCookie = "";
let personId = "";
let otherPersonId = "";
let doctor: TestStaff;
let doctorCookie = "";
let otherDoctorCookie = "";
let therapy = "";
let networkClinic = "";
let outsideClinic = "";
let networkDoctor = "";
let outsideDoctor = "";

/** A time on the hour `hours` from now, so slots never collide between tests. */
function at(hours: number): Date {
  return new Date(Math.ceil(Date.now() / HOUR) * HOUR + hours * HOUR);
}

async function firstId(rows: Promise<{ id: string }[]>): Promise<string> {
  const [row] = await rows;
  if (!row) throw new Error("a fixture row was not stored");
  return row.id;
}

async function addSlot(doctorId: string, clinicId: string, startsAt: Date): Promise<string> {
  return firstId(
    t.database.db
      .insert(slots)
      .values({
        doctorId,
        clinicId,
        specialtyId: therapy,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      })
      .returning({ id: slots.id }),
  );
}

const asClient = (cookie: string) => ({ rms_session: cookie });
const asStaff = (cookie: string) => ({ rms_staff_session: cookie });

async function multipart(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const request = new Request("http://localhost/", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

/** A chat of the person, taken by the doctor. */
async function activeChat(): Promise<string> {
  const started = await t.app.inject({
    method: "POST",
    url: "/api/chat/conversations",
    cookies: asClient(clientCookie),
    ...(await multipart({
      clientConversationId: randomUUID(),
      clientMessageId: randomUUID(),
      personId,
      body: "Давление 150/95 третий день.",
    })),
  });
  expect(started.statusCode, started.body).toBe(201);
  const id: string = started.json().id;
  const taken = await t.app.inject({
    method: "POST",
    url: `/api/staff/chats/${id}/take`,
    cookies: asStaff(doctorCookie),
  });
  expect(taken.statusCode, taken.body).toBe(200);
  return id;
}

function offer(chatId: string, slotIds: string[], clientMessageId = randomUUID()) {
  return t.app.inject({
    method: "POST",
    url: `/api/staff/chats/${chatId}/offers`,
    cookies: asStaff(doctorCookie),
    payload: { clientMessageId, slotIds, body: "Могу предложить такое время к терапевту." },
  });
}

interface OfferedSlot {
  id: string;
  state: string;
  appointmentId: string | null;
  coverage: { kind: string } | null;
  doctor: { name: string };
  clinic: { name: string };
}

async function clientThread(chatId: string) {
  const res = await t.app.inject({
    method: "GET",
    url: `/api/chat/conversations/${chatId}`,
    cookies: asClient(clientCookie),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    recommendedSpecialty: { id: string; name: string } | null;
    conclusion: { specialty: string | null } | null;
    messages: { author: string; offeredSlots: OfferedSlot[] }[];
  };
}

beforeAll(async () => {
  const db = t.database.db;
  const year = Number(todayInMoscow().slice(0, 4));
  const program = await createTestProgram(db, { includesChat: true });
  // Each account is the person on its contract: it writes to the doctor about itself.
  const client = await createTestClient(db, {
    lastName: "Орлова",
    firstName: "Анна",
    patronymic: "Сергеевна",
    birthDate: "1988-08-08",
  });
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    persons: [
      {
        slot: 1,
        lastName: "Орлова",
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1988-08-08",
        phone: client.phone,
      },
    ],
  });
  personId = contract.personIds[0] ?? "";
  clientCookie = await signInClient(t.app, client);
  const other = await createTestClient(db, {
    lastName: "Белова",
    firstName: "Ольга",
    patronymic: null,
    birthDate: "1990-01-01",
  });
  const otherContract = await createTestContract(db, {
    programId: program.id,
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    persons: [
      {
        slot: 1,
        lastName: "Белова",
        firstName: "Ольга",
        birthDate: "1990-01-01",
        phone: other.phone,
      },
    ],
  });
  otherPersonId = otherContract.personIds[0] ?? "";
  otherCookie = await signInClient(t.app, other);
  doctor = await createTestStaff(db, "doctor", "Кузнецов Андрей Викторович");
  doctorCookie = await signInStaff(t.app, doctor);
  otherDoctorCookie = await signInStaff(t.app, await createTestStaff(db, "doctor"));

  therapy = await firstId(
    db
      .insert(specialties)
      .values({ code: `therapy-${randomUUID()}`, name: "терапевт" })
      .returning({ id: specialties.id }),
  );
  const clinic = (name: string) =>
    firstId(
      db
        .insert(clinics)
        .values({
          name,
          address: `Москва, ул. Садовая, ${randomUUID().slice(0, 4)}`,
          phones: ["+74951110000"],
          openingHours: "Пн–Пт 8:00–21:00",
        })
        .returning({ id: clinics.id }),
    );
  networkClinic = await clinic("Клиника сети");
  outsideClinic = await clinic("Клиника вне сети");
  const doctorAt = (clinicId: string, lastName: string) =>
    firstId(
      db
        .insert(doctors)
        .values({
          clinicId,
          specialtyId: therapy,
          lastName,
          firstName: "Иван",
          practiceSince: 2010,
        })
        .returning({ id: doctors.id }),
    );
  networkDoctor = await doctorAt(networkClinic, "Алексеев");
  outsideDoctor = await doctorAt(outsideClinic, "Борисов");
  for (const clinicId of [networkClinic, outsideClinic]) {
    await db.insert(services).values({
      clinicId,
      specialtyId: therapy,
      code: randomUUID(),
      name: "Приём терапевта",
      priceKopecks: 250_000,
      isVisit: true,
    });
  }
  await db.insert(programNetworkEntries).values({ programId: program.id, clinicId: networkClinic });
});

describe("«Предложить время» in a chat", () => {
  it("searches the person's network only, for the doctor who holds the chat, audited", async () => {
    const chatId = await activeChat();
    const inside = await addSlot(networkDoctor, networkClinic, at(30));
    const outside = await addSlot(outsideDoctor, outsideClinic, at(30));
    const res = await t.app.inject({
      method: "GET",
      url: `/api/staff/chats/${chatId}/slots?specialtyId=${therapy}`,
      cookies: asStaff(doctorCookie),
    });
    expect(res.statusCode, res.body).toBe(200);
    const found: { id: string; coverage: { kind: string } }[] = res.json().slots;
    expect(found.map((slot) => slot.id)).toContain(inside);
    expect(found.map((slot) => slot.id)).not.toContain(outside);
    expect(found.find((slot) => slot.id === inside)?.coverage).toEqual({ kind: "covered" });

    const audited = await t.database.db
      .select({ action: staffAuditLog.action })
      .from(staffAuditLog)
      .where(and(eq(staffAuditLog.staffId, doctor.id), eq(staffAuditLog.subjectId, chatId)));
    expect(audited.map((row) => row.action)).toContain("chat.slots");

    const notMine = await t.app.inject({
      method: "GET",
      url: `/api/staff/chats/${chatId}/slots`,
      cookies: asStaff(otherDoctorCookie),
    });
    expect(notMine.statusCode).toBe(403);
  });

  it("offers up to three free times of the network; the client sees them free with their coverage", async () => {
    const chatId = await activeChat();
    const offered = [
      await addSlot(networkDoctor, networkClinic, at(40)),
      await addSlot(networkDoctor, networkClinic, at(41)),
      await addSlot(networkDoctor, networkClinic, at(42)),
    ];
    const four = await offer(chatId, [
      ...offered,
      await addSlot(networkDoctor, networkClinic, at(43)),
    ]);
    expect(four.statusCode).toBe(400);
    expect(four.json().detail).toBe("Можно предложить не больше 3 времён");

    const outside = await offer(chatId, [await addSlot(outsideDoctor, outsideClinic, at(40))]);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().detail).toContain("не входит в программу пациента");

    const key = randomUUID();
    const res = await offer(chatId, offered, key);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ author: "doctor", authorName: doctor.fullName });
    expect(res.json().offeredSlots.map((slot: OfferedSlot) => [slot.id, slot.state])).toEqual(
      offered.map((id) => [id, "free"]),
    );

    // A retry stores nothing new.
    expect((await offer(chatId, offered, key)).json().id).toBe(res.json().id);
    const stored = await t.database.db
      .select({ ids: chatMessages.offeredSlotIds })
      .from(chatMessages)
      .where(eq(chatMessages.conversationId, chatId));
    expect(stored.filter((row) => row.ids !== null)).toEqual([{ ids: offered }]);

    const thread = await clientThread(chatId);
    const message = thread.messages.find((one) => one.offeredSlots.length > 0);
    expect(message?.offeredSlots).toHaveLength(3);
    expect(message?.offeredSlots[0]).toMatchObject({
      state: "free",
      coverage: { kind: "covered" },
      doctor: { name: "Алексеев Иван" },
      clinic: { name: "Клиника сети" },
      appointmentId: null,
    });
  });

  it("refuses a time that is taken already, and one another doctor offers in a chat not theirs", async () => {
    const chatId = await activeChat();
    const slot = await addSlot(networkDoctor, networkClinic, at(50));
    const booked = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      cookies: asClient(clientCookie),
      payload: { slotId: slot, personId },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const res = await offer(chatId, [slot]);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe("Это время уже занято: выберите другое.");

    const other = await t.app.inject({
      method: "POST",
      url: `/api/staff/chats/${chatId}/offers`,
      cookies: asStaff(otherDoctorCookie),
      payload: {
        clientMessageId: randomUUID(),
        slotIds: [await addSlot(networkDoctor, networkClinic, at(51))],
        body: "Время",
      },
    });
    expect(other.statusCode).toBe(403);
  });

  it("books an offered time with one tap: the thread shows it booked, a second tap is a 409", async () => {
    const chatId = await activeChat();
    const first = await addSlot(networkDoctor, networkClinic, at(60));
    const second = await addSlot(networkDoctor, networkClinic, at(61));
    expect((await offer(chatId, [first, second])).statusCode).toBe(201);

    const tap = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      cookies: asClient(clientCookie),
      payload: { slotId: first, personId },
    });
    expect(tap.statusCode, tap.body).toBe(201);
    const appointmentId: string = tap.json().id;

    const states = (await clientThread(chatId)).messages
      .flatMap((message) => message.offeredSlots)
      .map((slot) => [slot.id, slot.state, slot.appointmentId]);
    expect(states).toEqual([
      [first, "booked", appointmentId],
      [second, "free", null],
    ]);

    const again = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      cookies: asClient(clientCookie),
      payload: { slotId: first, personId },
    });
    expect(again.statusCode).toBe(409);

    // The doctor's console shows the same state.
    const staff = await t.app.inject({
      method: "GET",
      url: `/api/staff/chats/${chatId}`,
      cookies: asStaff(doctorCookie),
    });
    const staffSlots = staff
      .json()
      .messages.flatMap((message: { offeredSlots: OfferedSlot[] }) => message.offeredSlots);
    expect(staffSlots.map((slot: OfferedSlot) => slot.state)).toEqual(["booked", "free"]);

    // …and hears of it live: the booking tells the chat's both sides to refetch it.
    await t.app.events.whenSettled(20_000);
    const told = await t.database.db
      .select({ payload: events.payload, audience: events.audience })
      .from(events)
      .where(eq(events.type, "chat.offer-booked"));
    expect(told).toContainEqual({
      payload: { conversationId: chatId, messageId: expect.any(String) },
      audience: { accountId: expect.any(String), staffRoles: ["doctor", "admin"] },
    });
  });

  it("shows a time someone else booked as taken, with no coverage; another account sees no chat", async () => {
    const chatId = await activeChat();
    const slot = await addSlot(networkDoctor, networkClinic, at(70));
    expect((await offer(chatId, [slot])).statusCode).toBe(201);
    const elsewhere = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      cookies: asClient(otherCookie),
      payload: { slotId: slot, personId: otherPersonId },
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);

    const [offered] = (await clientThread(chatId)).messages.flatMap((one) => one.offeredSlots);
    expect(offered).toMatchObject({
      id: slot,
      state: "taken",
      coverage: null,
      appointmentId: null,
    });
    const tap = await t.app.inject({
      method: "POST",
      url: "/api/appointments",
      cookies: asClient(clientCookie),
      payload: { slotId: slot, personId },
    });
    expect(tap.statusCode).toBe(409);
    expect(tap.json().detail).toBe("Это время уже занято: выберите другое.");

    const foreign = await t.app.inject({
      method: "GET",
      url: `/api/chat/conversations/${chatId}`,
      cookies: asClient(otherCookie),
    });
    expect(foreign.statusCode).toBe(404);
  });

  it("shows a time that has passed as past", async () => {
    const chatId = await activeChat();
    const slot = await addSlot(networkDoctor, networkClinic, at(80));
    expect((await offer(chatId, [slot])).statusCode).toBe(201);
    await t.database.db
      .update(slots)
      .set({ startsAt: at(-3), endsAt: at(-2) })
      .where(eq(slots.id, slot));
    const [offered] = (await clientThread(chatId)).messages.flatMap((one) => one.offeredSlots);
    expect(offered).toMatchObject({ id: slot, state: "past", coverage: null });
  });
});

describe("a conclusion that recommends a specialty", () => {
  it("stores the network's specialty; the client's conversation names it for «Записаться»", async () => {
    const chatId = await activeChat();
    const missing = await t.app.inject({
      method: "POST",
      url: `/api/staff/chats/${chatId}/close`,
      cookies: asStaff(doctorCookie),
      payload: { outcome: "in_person", conclusion: "Нужен очный осмотр." },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { field: "specialtyId", message: "Выберите специальность врача для очной консультации" },
    ]);
    const unknown = await t.app.inject({
      method: "POST",
      url: `/api/staff/chats/${chatId}/close`,
      cookies: asStaff(doctorCookie),
      payload: { outcome: "in_person", specialtyId: randomUUID(), conclusion: "Осмотр." },
    });
    expect(unknown.statusCode).toBe(400);

    const list = await t.app.inject({
      method: "GET",
      url: "/api/staff/chat-specialties",
      cookies: asStaff(doctorCookie),
    });
    expect(list.json().specialties).toContainEqual({ id: therapy, name: "терапевт" });

    const closed = await t.app.inject({
      method: "POST",
      url: `/api/staff/chats/${chatId}/close`,
      cookies: asStaff(doctorCookie),
      payload: {
        outcome: "in_person",
        specialtyId: therapy,
        conclusion: "Нужен очный осмотр терапевта и ЭКГ.",
      },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().conclusion).toMatchObject({ outcome: "in_person", specialty: "терапевт" });
    const thread = await clientThread(chatId);
    expect(thread.recommendedSpecialty).toEqual({ id: therapy, name: "терапевт" });
    expect(thread.conclusion?.specialty).toBe("терапевт");
  });

  it("recommends nothing to book when the outcome is not an in-person visit", async () => {
    const chatId = await activeChat();
    const closed = await t.app.inject({
      method: "POST",
      url: `/api/staff/chats/${chatId}/close`,
      cookies: asStaff(doctorCookie),
      // A specialty sent with another outcome is not kept.
      payload: { outcome: "recommendations", specialtyId: therapy, conclusion: "Пить воду." },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const thread = await clientThread(chatId);
    expect(thread.recommendedSpecialty).toBeNull();
    expect(thread.conclusion?.specialty).toBeNull();
  });
});
