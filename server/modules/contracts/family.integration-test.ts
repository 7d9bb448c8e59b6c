import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { personNameKey } from "../../../common/contracts/person-match.ts";
import {
  appointments,
  chatConversations,
  coveredPersons,
  medcardCards,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  signInClient,
  type TestClient,
  uniquePhone,
} from "../../test/factories.ts";
import {
  addSlot,
  addToNetwork,
  createClinic,
  createDoctor,
  createSpecialty,
  createVisitService,
  hoursAhead,
} from "../booking/booking-test-fixtures.ts";
import { addCalendarDays, moscowDate } from "../booking/moscow-time.ts";
import { bornYearsAgo } from "../medcard/medcard-test-fixtures.ts";

// The family rule (decision 0031) through HTTP: a holder acts for itself and its children under
// 15 in booking, «Чат с врачом» and «Медкарта»; an adult «Пациент 2» only from its own account.

const t = setupTestApp();

const holder = {
  lastName: "Петрова",
  firstName: "Анна",
  patronymic: "Сергеевна",
  birthDate: "1990-03-15",
};
const adult = {
  lastName: "Сидоров",
  firstName: "Павел",
  patronymic: "Андреевич",
  birthDate: "1988-07-01",
};

let programId = "";
let doctorId = "";
let serviceId = "";
let clinicId = "";
let hour = 30;
let holderAccount: TestClient;
let holderCookie = "";
let holderPersonId = "";
/** 14 today, 15 tomorrow. */
let childId = "";
/** 14 when the visit, the chat and the card were made; turns 15 in the test. */
let teenId = "";
let teenContractId = "";
let adultId = "";
let adultContractId = "";
let adultPhone = "";

/** The next free hour of the doctor: every test books its own time. */
async function nextSlot(): Promise<string> {
  hour += 2;
  return addSlot(t.database.db, doctorId, hoursAhead(hour));
}

function as(cookie: string) {
  return { rms_session: cookie };
}

async function get(cookie: string, url: string) {
  return t.app.inject({ method: "GET", url, cookies: as(cookie) });
}

async function post(cookie: string, url: string, payload?: object) {
  return t.app.inject({ method: "POST", url, payload, cookies: as(cookie) });
}

async function chatForm(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const request = new Request("http://localhost/", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

async function startChat(cookie: string, personId: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/chat/conversations",
    cookies: as(cookie),
    ...(await chatForm({
      clientConversationId: randomUUID(),
      clientMessageId: randomUUID(),
      personId,
      body: "Температура 38, кашель со вчерашнего дня.",
    })),
  });
}

async function consent(cookie: string) {
  const res = await post(cookie, "/api/medcard/consent");
  expect(res.statusCode, res.body).toBe(204);
}

async function bookingPersonIds(cookie: string): Promise<string[]> {
  const res = await get(cookie, "/api/booking/persons");
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().persons as { id: string }[]).map((person) => person.id);
}

async function chatPersonIds(cookie: string): Promise<string[]> {
  const res = await get(cookie, "/api/chat/options");
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().persons as { personId: string }[]).map((person) => person.personId);
}

async function myAppointmentIds(cookie: string): Promise<string[]> {
  const res = await get(cookie, "/api/appointments");
  expect(res.statusCode, res.body).toBe(200);
  const { upcoming, past } = res.json() as { upcoming: { id: string }[]; past: { id: string }[] };
  return [...upcoming, ...past].map((appointment) => appointment.id);
}

async function myConversationIds(cookie: string): Promise<string[]> {
  const res = await get(cookie, "/api/chat/conversations");
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().conversations as { id: string }[]).map((conversation) => conversation.id);
}

async function cards(cookie: string) {
  const res = await get(cookie, "/api/medcard");
  expect(res.statusCode, res.body).toBe(200);
  return res.json().cards as { id: string; subject: "self" | "child"; fullName: string }[];
}

/** A visit and a chat the holder made for a person before this rule (rows written directly). */
async function earlierRows(personId: string, contractId: string) {
  const db = t.database.db;
  hour += 2;
  const startsAt = hoursAhead(hour);
  const [visit] = await db
    .insert(appointments)
    .values({
      personId,
      contractId,
      clientId: holderAccount.id,
      doctorId,
      clinicId,
      serviceId,
      slotId: await addSlot(db, doctorId, startsAt),
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
      status: "confirmed",
      coverageKind: "covered",
      clinicPriceKopecks: 250_000,
      companyPriceKopecks: 250_000,
    })
    .returning({ id: appointments.id });
  const now = new Date();
  const [chat] = await db
    .insert(chatConversations)
    .values({
      clientId: holderAccount.id,
      contractId,
      personId,
      clientConversationId: randomUUID(),
      waitingSince: now,
      lastMessageAt: now,
      createdAt: now,
    })
    .returning({ id: chatConversations.id });
  return { visitId: visit?.id ?? "", chatId: chat?.id ?? "" };
}

beforeAll(async () => {
  const db = t.database.db;
  programId = (await createTestProgram(db, { includesChat: true })).id;
  const therapy = await createSpecialty(db, "терапевт");
  clinicId = await createClinic(db, "Клиника «Семья»");
  doctorId = await createDoctor(db, clinicId, therapy, "Семейный");
  serviceId = await createVisitService(db, clinicId, therapy, 250_000);
  await addToNetwork(db, programId, clinicId);

  const today = moscowDate(new Date());
  const period = {
    programId,
    startsOn: addCalendarDays(today, -30),
    endsOn: addCalendarDays(today, 300),
  };
  const phone = uniquePhone();
  adultPhone = uniquePhone();
  const self = { slot: 1 as const, ...holder, phone };
  const tomorrowFifteen = bornYearsAgo(15, 1);
  const first = await createTestContract(db, {
    ...period,
    persons: [
      self,
      { slot: 2, lastName: "Петрова", firstName: "Маша", birthDate: tomorrowFifteen },
    ],
  });
  const second = await createTestContract(db, {
    ...period,
    persons: [self, { slot: 2, lastName: "Петров", firstName: "Гоша", birthDate: tomorrowFifteen }],
  });
  const third = await createTestContract(db, {
    ...period,
    persons: [self, { slot: 2, ...adult, phone: adultPhone }],
  });
  holderPersonId = first.personIds[0] ?? "";
  childId = first.personIds[1] ?? "";
  teenId = second.personIds[1] ?? "";
  teenContractId = second.id;
  adultId = third.personIds[1] ?? "";
  adultContractId = third.id;
  // Inserted after the contracts: the holder's phone links all three (the holder trigger).
  holderAccount = await createTestClient(db, { phone, ...holder });
  holderCookie = await signInClient(t.app, holderAccount);
  await consent(holderCookie);
});

describe("a holder and a child under 15 on its contract", () => {
  it("books, moves and cancels the child's visit and sees it in «Мои записи» under the child's name", async () => {
    expect(await bookingPersonIds(holderCookie)).toEqual(
      expect.arrayContaining([holderPersonId, childId]),
    );
    const booked = await post(holderCookie, "/api/appointments", {
      slotId: await nextSlot(),
      personId: childId,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const { id } = booked.json() as { id: string };

    const list = await get(holderCookie, "/api/appointments");
    const shown = (list.json().upcoming as { id: string; personName: string }[]).find(
      (appointment) => appointment.id === id,
    );
    expect(shown?.personName).toBe("Петрова Маша");

    const moved = await post(holderCookie, `/api/appointments/${id}/move`, {
      slotId: await nextSlot(),
    });
    expect(moved.statusCode, moved.body).toBe(201);
    const movedId = (moved.json() as { id: string }).id;
    const cancelled = await post(holderCookie, `/api/appointments/${movedId}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe("cancelled");
  });

  it("starts a chat about the child and reads it", async () => {
    const options = await get(holderCookie, "/api/chat/options");
    const child = (options.json().persons as { personId: string; isAccountHolder: boolean }[]).find(
      (person) => person.personId === childId,
    );
    expect(child?.isAccountHolder).toBe(false);
    const started = await startChat(holderCookie, childId);
    expect(started.statusCode, started.body).toBe(201);
    const { id } = started.json() as { id: string };
    const read = await get(holderCookie, `/api/chat/conversations/${id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().personName).toBe("Петрова Маша");
    expect(await myConversationIds(holderCookie)).toContain(id);
  });

  it("opens the child's medical card", async () => {
    const card = (await cards(holderCookie)).find((entry) => entry.fullName === "Петрова Маша");
    expect(card?.subject).toBe("child");
    const opened = await get(holderCookie, `/api/medcard/cards/${card?.id}`);
    expect(opened.statusCode, opened.body).toBe(200);
  });
});

describe("a child's fifteenth birthday", () => {
  it("ends the holder's booking, chats and card for the child that day, its earlier visit and chat included, with a Russian 404", async () => {
    // While the child is 14: a visit, a chat and a card, all through the cabinet.
    const booked = await post(holderCookie, "/api/appointments", {
      slotId: await nextSlot(),
      personId: teenId,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const visitId = (booked.json() as { id: string }).id;
    const started = await startChat(holderCookie, teenId);
    expect(started.statusCode, started.body).toBe(201);
    const chatId = (started.json() as { id: string }).id;
    const card = (await cards(holderCookie)).find((entry) => entry.fullName === "Петров Гоша");
    expect(card).toBeDefined();

    // The birthday comes: the child is 15 today in Moscow.
    await t.database.db
      .update(coveredPersons)
      .set({ birthDate: bornYearsAgo(15) })
      .where(eq(coveredPersons.id, teenId));
    // The card kept from before, for the same child on the same day.
    const [kept] = await t.database.db
      .insert(medcardCards)
      .values({
        ownerClientId: holderAccount.id,
        subject: "child",
        childNameKey: personNameKey("Петров", "Гоша", null),
        lastName: "Петров",
        firstName: "Гоша",
        patronymic: null,
        birthDate: bornYearsAgo(15),
      })
      .returning({ id: medcardCards.id });

    expect(await bookingPersonIds(holderCookie)).not.toContain(teenId);
    const refused = await post(holderCookie, "/api/appointments", {
      slotId: await nextSlot(),
      personId: teenId,
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().detail).toMatch(/^Записаться можно за себя и за детей до 15 лет/);
    expect(await myAppointmentIds(holderCookie)).not.toContain(visitId);
    for (const url of [
      `/api/appointments/${visitId}`,
      `/api/appointments/${visitId}/calendar.ics`,
    ]) {
      const res = await get(holderCookie, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().title).toBe("Не найдено");
    }
    for (const url of [
      `/api/appointments/${visitId}/cancel`,
      `/api/appointments/${visitId}/waitlist`,
    ]) {
      expect((await post(holderCookie, url)).statusCode, url).toBe(404);
    }
    const move = await post(holderCookie, `/api/appointments/${visitId}/move`, {
      slotId: await nextSlot(),
    });
    expect(move.statusCode).toBe(404);

    expect(await chatPersonIds(holderCookie)).not.toContain(teenId);
    const newChat = await startChat(holderCookie, teenId);
    expect(newChat.statusCode).toBe(404);
    expect(newChat.json().detail).toMatch(/^Написать врачу можно о себе и о детях до 15 лет/);
    expect(await myConversationIds(holderCookie)).not.toContain(chatId);
    const read = await get(holderCookie, `/api/chat/conversations/${chatId}`);
    expect(read.statusCode).toBe(404);
    expect(read.json().detail).toBe("Чат не найден.");

    const listed = (await cards(holderCookie)).map((entry) => entry.fullName);
    expect(listed).not.toContain("Петров Гоша");
    const opened = await get(holderCookie, `/api/medcard/cards/${kept?.id}`);
    expect(opened.statusCode).toBe(404);
    expect(opened.json().detail).toBe("Медкарта не найдена");

    // The contract still covers the teenager, as the holder's contract page says.
    const contract = await get(holderCookie, `/api/contracts/${teenContractId}`);
    expect(contract.statusCode).toBe(200);
    expect(JSON.stringify(contract.json().persons)).toContain("Гоша");
  });
});

describe("an adult «Пациент 2» on the holder's contract", () => {
  it("is never reached through the holder's account: no booking, no chat, no card, and not the visit and chat the holder made before", async () => {
    const earlier = await earlierRows(adultId, adultContractId);

    expect(await bookingPersonIds(holderCookie)).not.toContain(adultId);
    const book = await post(holderCookie, "/api/appointments", {
      slotId: await nextSlot(),
      personId: adultId,
    });
    expect(book.statusCode).toBe(404);
    expect(await myAppointmentIds(holderCookie)).not.toContain(earlier.visitId);
    expect((await get(holderCookie, `/api/appointments/${earlier.visitId}`)).statusCode).toBe(404);
    expect(
      (await post(holderCookie, `/api/appointments/${earlier.visitId}/cancel`)).statusCode,
    ).toBe(404);

    expect(await chatPersonIds(holderCookie)).not.toContain(adultId);
    expect((await startChat(holderCookie, adultId)).statusCode).toBe(404);
    expect(await myConversationIds(holderCookie)).not.toContain(earlier.chatId);
    expect((await get(holderCookie, `/api/chat/conversations/${earlier.chatId}`)).statusCode).toBe(
      404,
    );

    expect((await cards(holderCookie)).map((entry) => entry.fullName)).not.toContain(
      "Сидоров Павел Андреевич",
    );

    // The holder still sees that the contract covers that person.
    const contract = await get(holderCookie, `/api/contracts/${adultContractId}`);
    expect(contract.statusCode).toBe(200);
    expect(JSON.stringify(contract.json().persons)).toContain("Павел");
  });

  it("books, chats and keeps its own card from its own account (linked by its phone), seeing only itself on that contract", async () => {
    const own = await createTestClient(t.database.db, { phone: adultPhone, ...adult });
    const cookie = await signInClient(t.app, own);

    const contracts = await get(cookie, "/api/contracts");
    expect(JSON.stringify(contracts.json())).toContain(adultContractId);
    expect(await bookingPersonIds(cookie)).toEqual([adultId]);
    const booked = await post(cookie, "/api/appointments", {
      slotId: await nextSlot(),
      personId: adultId,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(await myAppointmentIds(cookie)).toEqual([(booked.json() as { id: string }).id]);
    // The holder's own person on that contract is not this account's to book for.
    const forHolder = await post(cookie, "/api/appointments", {
      slotId: await nextSlot(),
      personId: holderPersonId,
    });
    expect(forHolder.statusCode).toBe(404);

    const options = await get(cookie, "/api/chat/options");
    expect(options.json().persons).toEqual([
      expect.objectContaining({ personId: adultId, isAccountHolder: true }),
    ]);
    const started = await startChat(cookie, adultId);
    expect(started.statusCode, started.body).toBe(201);
    expect(await myConversationIds(cookie)).toEqual([(started.json() as { id: string }).id]);

    await consent(cookie);
    expect((await cards(cookie)).map((card) => card.subject)).toEqual(["self"]);
  });

  it("without a phone on its row, links the contract by its number and its own birth date and then books only for itself", async () => {
    const db = t.database.db;
    const today = moscowDate(new Date());
    const other = { lastName: "Орлова", firstName: "Вера", patronymic: "Олеговна" };
    const contract = await createTestContract(db, {
      programId,
      startsOn: addCalendarDays(today, -30),
      endsOn: addCalendarDays(today, 300),
      persons: [
        { slot: 1, ...holder, phone: holderAccount.phone },
        { slot: 2, ...other, birthDate: "1979-11-20" },
      ],
    });
    const own = await createTestClient(db, { ...other, birthDate: "1979-11-20" });
    const cookie = await signInClient(t.app, own);
    expect(await bookingPersonIds(cookie)).toEqual([]);

    const linked = await post(cookie, "/api/contracts/links", {
      number: contract.number,
      birthDate: "20.11.1979",
    });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(await bookingPersonIds(cookie)).toEqual([contract.personIds[1]]);
    expect(await chatPersonIds(cookie)).toEqual([contract.personIds[1]]);
  });
});
