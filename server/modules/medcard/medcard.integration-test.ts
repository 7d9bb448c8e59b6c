import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  appeals,
  appointments,
  chatConversations,
  consents,
  coveredPersons,
  legalDocuments,
  serviceTypes,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestStaff } from "../../test/factories.ts";
import {
  createClinic,
  createDoctor,
  createSpecialty,
  createVisitService,
} from "../booking/booking-test-fixtures.ts";
import { addCardEntry } from "./medcard.service.ts";
import { cardForPerson, listClientCards } from "./medcard-access.service.ts";
import {
  cardsOf,
  createTestFamily,
  giveHealthConsent,
  type TestFamily,
} from "./medcard-test-fixtures.ts";

// The client's «Медкарта» (issue 16, decision 0024): who reads which card, the health-data consent,
// «Сводка» and «Приёмы и консультации».
const t = setupTestApp();

let family: TestFamily;
let stranger: TestFamily;
let selfCardId = "";
let childCardId = "";

const as = (who: TestFamily) => ({ rms_session: who.cookie });

function get(who: TestFamily, url: string) {
  return t.app.inject({ method: "GET", url, cookies: as(who) });
}

function send(who: TestFamily, method: "POST" | "PUT" | "DELETE", url: string, payload?: object) {
  return t.app.inject({ method, url, cookies: as(who), ...(payload ? { payload } : {}) });
}

beforeAll(async () => {
  family = await createTestFamily(t.app);
  stranger = await createTestFamily(t.app);
  await giveHealthConsent(t.app, stranger.cookie);
});

describe("the health-data consent", () => {
  it("is asked by «Медкарта» with its current version, and no card is listed or made before it", async () => {
    const res = await get(family, "/api/medcard");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      consentRequired: {
        slug: "health-data",
        title: "Согласие на обработку сведений о состоянии здоровья",
        version: 1,
        url: "/legal/health-data",
      },
      cards: [],
    });
  });

  it("refuses every card route with a Russian 403 until it is given", async () => {
    const [strangerCard] = await cardsOf(t.app, stranger.cookie);
    const card = `/api/medcard/cards/${strangerCard?.id}`;
    const attempts = [
      get(family, card),
      send(family, "POST", `${card}/entries`, { kind: "allergy", text: "Пенициллин" }),
      send(family, "PUT", `${card}/entries/${randomUUID()}`, { kind: "allergy", text: "Пыль" }),
      send(family, "DELETE", `${card}/entries/${randomUUID()}`),
      get(family, `${card}/documents/${randomUUID()}/file`),
      send(family, "DELETE", `${card}/documents/${randomUUID()}`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().detail).toBe(
        "Чтобы вести медкарту, дайте согласие на обработку сведений о состоянии здоровья",
      );
    }
  });

  it("is stored with its version, time, address and browser, and then the cards are listed", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/medcard/consent",
      cookies: as(family),
      payload: { version: 1 },
      headers: { "user-agent": "Медкарта-тест" },
      remoteAddress: "203.0.113.7",
    });
    expect(res.statusCode, res.body).toBe(204);
    const [stored] = await t.database.db
      .select({ version: legalDocuments.version, ip: consents.ip, userAgent: consents.userAgent })
      .from(consents)
      .innerJoin(legalDocuments, eq(legalDocuments.id, consents.documentId))
      .where(and(eq(consents.clientId, family.client.id), eq(legalDocuments.slug, "health-data")));
    expect(stored).toEqual({ version: 1, ip: "203.0.113.7", userAgent: "Медкарта-тест" });
    const home = await get(family, "/api/medcard");
    expect(home.json().consentRequired).toBeNull();
  });

  it("is asked again for a new version, and a version the client was not shown is a Russian 409", async () => {
    await t.database.db.insert(legalDocuments).values({
      slug: "health-data",
      version: 2,
      title: "Согласие на обработку сведений о состоянии здоровья",
      bodyMarkdown: "# Согласие на обработку сведений о состоянии здоровья\n\nРедакция 2.",
    });
    const home = await get(stranger, "/api/medcard");
    expect(home.json()).toMatchObject({ consentRequired: { version: 2 }, cards: [] });
    expect((await get(stranger, `/api/medcard/cards/${randomUUID()}`)).statusCode).toBe(403);

    const stale = await send(stranger, "POST", "/api/medcard/consent", { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toMatch(/^Документ обновился/);
    expect((await send(stranger, "POST", "/api/medcard/consent", { version: 2 })).statusCode).toBe(
      204,
    );
    expect((await get(stranger, "/api/medcard")).json().consentRequired).toBeNull();
    await giveHealthConsent(t.app, family.cookie);
  });
});

describe("who reads which card", () => {
  it("lists the account's own card first, then its child's under 15; not a child of 15 nor an adult Пациент 2", async () => {
    const cards = await cardsOf(t.app, family.cookie);
    expect(cards).toEqual([
      {
        id: expect.any(String),
        subject: "self",
        fullName: "Петрова Анна Сергеевна",
        birthDate: "1990-03-15",
      },
      {
        id: expect.any(String),
        subject: "child",
        fullName: `${family.child.lastName} Миша Иванович`,
        birthDate: family.child.birthDate,
      },
    ]);
    selfCardId = cards[0]?.id ?? "";
    childCardId = cards[1]?.id ?? "";
    // Listing again makes no second card.
    expect((await cardsOf(t.app, family.cookie)).map((card) => card.id)).toEqual([
      selfCardId,
      childCardId,
    ]);
  });

  it("reads the account's own card and its child's", async () => {
    for (const id of [selfCardId, childCardId]) {
      const res = await get(family, `/api/medcard/cards/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().card.id).toBe(id);
      expect(res.headers["cache-control"]).toBe("private, no-store");
    }
  });

  it("answers 404 «Медкарта не найдена» for another account's card and an unknown one", async () => {
    for (const id of [selfCardId, childCardId, randomUUID()]) {
      const res = await get(stranger, `/api/medcard/cards/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toBe("Медкарта не найдена");
      const write = await send(stranger, "POST", `/api/medcard/cards/${id}/entries`, {
        kind: "allergy",
        text: "Пенициллин",
      });
      expect(write.statusCode).toBe(404);
    }
    const notAnId = await get(family, "/api/medcard/cards/not-a-card");
    expect(notAnId.statusCode).toBe(400);
  });

  it("answers 404 for the card of a child who has turned 15, kept from before", async () => {
    // The card was made while the child was 14 (the list of a year ago).
    const yearAgo = `${Number(family.teen.birthDate.slice(0, 4)) + 14}-06-01`;
    const then = await listClientCards(t.database.db, family.client.id, yearAgo);
    const teenCard = then.find((card) => card.birthDate === family.teen.birthDate);
    expect(teenCard).toBeDefined();
    const res = await get(family, `/api/medcard/cards/${teenCard?.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().detail).toBe("Медкарта не найдена");
    expect((await cardsOf(t.app, family.cookie)).map((card) => card.id)).toEqual([
      selfCardId,
      childCardId,
    ]);
  });

  it("finds the card of a covered person for the console: the account's own, the child's, none for an adult Пациент 2 or a stranger", async () => {
    const db = t.database.db;
    const clientId = family.client.id;
    expect((await cardForPerson(db, clientId, family.selfPersonIds[2] ?? ""))?.id).toBe(selfCardId);
    expect((await cardForPerson(db, clientId, family.child.personId))?.id).toBe(childCardId);
    expect(await cardForPerson(db, clientId, family.adult.personId)).toBeNull();
    expect(await cardForPerson(db, clientId, family.teen.personId)).toBeNull();
    expect(await cardForPerson(db, clientId, stranger.child.personId)).toBeNull();
  });
});

describe("«Сводка»", () => {
  const entries = () => `/api/medcard/cards/${selfCardId}/entries`;
  const summary = async () =>
    (await get(family, `/api/medcard/cards/${selfCardId}`)).json().summary;

  it("adds, changes and removes the client's own entry, marked «со слов пациента»", async () => {
    const added = await send(family, "POST", entries(), {
      kind: "allergy",
      text: " Пенициллин ",
      note: "Сыпь",
    });
    expect(added.statusCode, added.body).toBe(201);
    const entry = added.json();
    expect(entry).toMatchObject({
      kind: "allergy",
      text: "Пенициллин",
      note: "Сыпь",
      author: { source: "patient", name: null },
      editable: true,
    });
    const changed = await send(family, "PUT", `${entries()}/${entry.id}`, {
      kind: "allergy",
      text: "Амоксициллин",
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ id: entry.id, text: "Амоксициллин", note: null });
    expect(await summary()).toEqual([changed.json()]);

    expect((await send(family, "DELETE", `${entries()}/${entry.id}`)).statusCode).toBe(204);
    expect(await summary()).toEqual([]);
    const again = await send(family, "DELETE", `${entries()}/${entry.id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toBe("Запись не найдена");
  });

  it("refuses an empty text or one with control characters, in Russian", async () => {
    const empty = await send(family, "POST", entries(), { kind: "condition", text: "  " });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ field: "text", message: "Заполните поле" }]);
    const nul = await send(family, "POST", entries(), { kind: "condition", text: "Астма\u0000" });
    expect(nul.statusCode).toBe(400);
  });

  it("shows a doctor's entry with the doctor's name, and the client can neither change nor remove it", async () => {
    const doctor = await createTestStaff(t.database.db, "doctor", "Врачова Елена Петровна");
    const cards = await listClientCards(t.database.db, family.client.id);
    const card = cards.find((row) => row.id === selfCardId);
    if (!card) throw new Error("no own card");
    const entry = await addCardEntry(
      t.database.db,
      card,
      { kind: "condition", text: "Бронхиальная астма" },
      { source: "doctor", staffId: doctor.id },
    );
    const shown = (await summary()).find((item: { id: string }) => item.id === entry.id);
    expect(shown).toMatchObject({
      author: { source: "doctor", name: "Врачова Елена Петровна" },
      editable: false,
    });
    const change = await send(family, "PUT", `${entries()}/${entry.id}`, {
      kind: "condition",
      text: "Здоров",
    });
    expect(change.statusCode).toBe(403);
    expect(change.json().detail).toMatch(/^Эту запись внёс врач/);
    expect((await send(family, "DELETE", `${entries()}/${entry.id}`)).statusCode).toBe(403);
    expect((await summary()).find((item: { id: string }) => item.id === entry.id)?.text).toBe(
      "Бронхиальная астма",
    );
  });

  it("keeps one blood group: a new one replaces the old, also when an entry is changed into one", async () => {
    const first = await send(family, "POST", entries(), { kind: "blood_group", text: "A(II) Rh+" });
    const second = await send(family, "POST", entries(), {
      kind: "blood_group",
      text: "B(III) Rh−",
    });
    expect(second.statusCode).toBe(201);
    let groups = (await summary()).filter((item: { kind: string }) => item.kind === "blood_group");
    expect(groups.map((item: { text: string }) => item.text)).toEqual(["B(III) Rh−"]);
    expect(
      (
        await send(family, "PUT", `${entries()}/${first.json().id}`, {
          kind: "blood_group",
          text: "O(I) Rh+",
        })
      ).statusCode,
    ).toBe(404);

    const other = await send(family, "POST", entries(), { kind: "medication", text: "AB(IV) Rh+" });
    await send(family, "PUT", `${entries()}/${other.json().id}`, {
      kind: "blood_group",
      text: "AB(IV) Rh+",
    });
    groups = (await summary()).filter((item: { kind: string }) => item.kind === "blood_group");
    expect(groups.map((item: { text: string }) => item.text)).toEqual(["AB(IV) Rh+"]);
  });

  it("refuses a blood group that is not one of the eight, adding or changing, and keeps what stood", async () => {
    const before = (await summary()).filter(
      (item: { kind: string }) => item.kind === "blood_group",
    );
    const refused = await send(family, "POST", entries(), { kind: "blood_group", text: "вторая" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { field: "text", message: "Выберите группу крови из списка" },
    ]);
    const note = await send(family, "POST", entries(), { kind: "medication", text: "Аспирин" });
    const changed = await send(family, "PUT", `${entries()}/${note.json().id}`, {
      kind: "blood_group",
      text: "A+",
    });
    expect(changed.statusCode).toBe(400);
    expect(
      (await summary()).filter((item: { kind: string }) => item.kind === "blood_group"),
    ).toEqual(before);
  });

  it("keeps the child's entries in the child's card only", async () => {
    const added = await send(family, "POST", `/api/medcard/cards/${childCardId}/entries`, {
      kind: "allergy",
      text: "Орехи",
    });
    expect(added.statusCode).toBe(201);
    const child = (await get(family, `/api/medcard/cards/${childCardId}`)).json().summary;
    expect(child.map((item: { text: string }) => item.text)).toEqual(["Орехи"]);
    expect((await summary()).map((item: { text: string }) => item.text)).not.toContain("Орехи");
  });
});

describe("«Приёмы и консультации»", () => {
  it("lists a closed chat's conclusion, a telephone consultation and a visit held, of the card's person only", async () => {
    const db = t.database.db;
    const doctor = await createTestStaff(db, "doctor", "Терапевтов Олег Ильич");
    const [serviceType] = await db
      .insert(serviceTypes)
      .values({ name: `Консультация ${randomUUID()}` })
      .returning({ id: serviceTypes.id });
    const specialtyId = await createSpecialty(db, "терапевт");
    const clinicId = await createClinic(db, "Клиника «Здоровье»");
    const clinicDoctorId = await createDoctor(db, clinicId, specialtyId, "Клиникова", {
      firstName: "Мария",
      patronymic: "Ивановна",
    });
    const serviceId = await createVisitService(db, clinicId, specialtyId, 150_000);
    const [selfPerson = "", , thirdSelf = ""] = family.selfPersonIds;
    const contractOf = async (personId: string) => {
      const [row] = await db
        .select({ contractId: coveredPersons.contractId })
        .from(coveredPersons)
        .where(eq(coveredPersons.id, personId));
      return row?.contractId ?? "";
    };

    const chat = async (personId: string, status: "closed" | "active", conclusion: string) => {
      const [row] = await db
        .insert(chatConversations)
        .values({
          clientId: family.client.id,
          contractId: await contractOf(personId),
          personId,
          clientConversationId: randomUUID(),
          status,
          doctorId: doctor.id,
          closedAt: status === "closed" ? new Date("2026-10-01T10:00:00Z") : null,
          conclusion: status === "closed" ? conclusion : null,
        })
        .returning({ id: chatConversations.id });
      return row?.id ?? "";
    };
    const appeal = async (
      personId: string,
      channel: "phone" | "chat" | "clinic",
      outcome: string,
    ) => {
      const [row] = await db
        .insert(appeals)
        .values({
          contractId: await contractOf(personId),
          personId,
          serviceTypeId: serviceType?.id ?? "",
          doctorId: doctor.id,
          channel,
          occurredAt: new Date("2026-10-05T09:00:00Z"),
          outcome,
          createdById: doctor.id,
        })
        .returning({ id: appeals.id });
      return row?.id ?? "";
    };
    const visit = async (
      personId: string,
      status: "fulfilled" | "cancelled",
      appealId: string | null,
    ) => {
      const startsAt = new Date("2026-10-10T07:00:00Z");
      const [row] = await db
        .insert(appointments)
        .values({
          personId,
          contractId: await contractOf(personId),
          clientId: family.client.id,
          doctorId: clinicDoctorId,
          clinicId,
          serviceId,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 30 * 60_000),
          status,
          coverageKind: "covered",
          clinicPriceKopecks: 150_000,
          companyPriceKopecks: 0,
          appealId,
        })
        .returning({ id: appointments.id });
      return row?.id ?? "";
    };

    const closedChat = await chat(selfPerson, "closed", "ОРВИ. Обильное питьё, отдых.");
    await chat(selfPerson, "active", "");
    const phoneAppeal = await appeal(thirdSelf, "phone", "Рекомендован приём терапевта.");
    // The chat's own appeal and the visit's are told by the chat and the visit, not again.
    await appeal(selfPerson, "chat", "Консультация в чате.");
    const visitAppeal = await appeal(selfPerson, "clinic", "Приём состоялся: терапевт.");
    const held = await visit(selfPerson, "fulfilled", visitAppeal);
    await visit(selfPerson, "cancelled", null);
    // The child's own: in the child's card, never in the parent's.
    const childChat = await chat(family.child.personId, "closed", "Отит. Капли.");
    await appeal(family.adult.personId, "phone", "Консультация Пациента 2.");

    const timeline = (await get(family, `/api/medcard/cards/${selfCardId}`)).json().timeline;
    expect(timeline).toEqual([
      {
        id: `appointment:${held}`,
        kind: "appointment",
        at: "2026-10-10T07:00:00.000Z",
        title: "Приём: Терапевт",
        doctorName: "Клиникова Мария Ивановна",
        clinicName: "Клиника «Здоровье»",
        conclusion: "Приём состоялся: терапевт.",
      },
      {
        id: `appeal:${phoneAppeal}`,
        kind: "appeal",
        at: "2026-10-05T09:00:00.000Z",
        title: "Телефонная консультация",
        doctorName: "Терапевтов Олег Ильич",
        clinicName: null,
        conclusion: "Рекомендован приём терапевта.",
      },
      {
        id: `chat:${closedChat}`,
        kind: "chat",
        at: "2026-10-01T10:00:00.000Z",
        title: "Консультация в чате",
        doctorName: "Терапевтов Олег Ильич",
        clinicName: null,
        conclusion: "ОРВИ. Обильное питьё, отдых.",
      },
    ]);
    const childTimeline = (await get(family, `/api/medcard/cards/${childCardId}`)).json().timeline;
    expect(childTimeline.map((item: { id: string }) => item.id)).toEqual([`chat:${childChat}`]);
  });
});
