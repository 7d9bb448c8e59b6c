import { randomInt, randomUUID } from "node:crypto";
import type { Bundle, Resource } from "@medplum/fhirtypes";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import { appeals, medcardDocuments, medcardEntries, serviceTypes } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import { createTestClient, createTestStaff, signInClient } from "../../test/factories.ts";
import { bundleProblems } from "../../test/fhir-validator.ts";
import { acceptDocument, findCurrentDocument, HEALTH_DATA_DOCUMENT } from "../legal/index.ts";
import { listClientCards } from "./medcard-access.service.ts";

const t = setupTestApp();

const LETTERS = "абвгдежзиклмнопрстуфхцчшэюя";

/** A surname no other test uses. */
function uniqueSurname(): string {
  let suffix = "";
  for (let i = 0; i < 6; i += 1) suffix += LETTERS[randomInt(LETTERS.length)];
  return `Выписков${suffix}`;
}

const LONG_NOTE =
  "Со слов пациента реакция развивается в течение часа после приёма: крапивница на коже рук и " +
  "груди, зуд, отёк век; однажды потребовался вызов скорой помощи и введение антигистаминных " +
  "препаратов. После этого случая пациент избегает всех препаратов этой группы и предупреждает " +
  "врачей при каждом обращении.";

async function acceptHealthConsent(clientId: string) {
  const current = await findCurrentDocument(t.database.db, HEALTH_DATA_DOCUMENT);
  if (!current) throw new Error("the health-data consent is not published");
  await acceptDocument(
    t.database.db,
    clientId,
    { slug: HEALTH_DATA_DOCUMENT, version: current.version },
    { ip: "127.0.0.1", userAgent: "vitest" },
  );
}

interface Counts {
  allergies: number;
  conditions: number;
  medications: number;
  consultations: number;
  documents: number;
}

/**
 * A signed-in client (consent given unless told otherwise) whose own card holds a lot: entries of
 * each kind by the client and by a doctor, telephone consultations with long conclusions on its
 * contract, and documents — enough for several pages.
 */
async function clientWithFullCard(options: { consent?: boolean } = {}) {
  const db = t.database.db;
  const lastName = uniqueSurname();
  const client = await createTestClient(db, {
    lastName,
    firstName: "Анна",
    patronymic: "Сергеевна",
    birthDate: "1990-03-15",
  });
  const program = await createTestProgram(db);
  const contract = await createTestContract(db, {
    programId: program.id,
    startsOn: "2026-01-01",
    endsOn: "2027-12-31",
    persons: [
      {
        slot: 1,
        lastName,
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "1990-03-15",
        phone: client.phone,
      },
    ],
  });
  const personId = contract.personIds[0];
  if (!personId) throw new Error("no covered person");
  if (options.consent !== false) await acceptHealthConsent(client.id);
  const [card] = await listClientCards(db, client.id);
  if (!card) throw new Error("no card was made for the client");

  const doctor = await createTestStaff(db, "doctor", "Смирнова Ольга Петровна");
  const counts: Counts = {
    allergies: 8,
    conditions: 8,
    medications: 8,
    consultations: 14,
    documents: 24,
  };
  const entry = (kind: "allergy" | "condition" | "medication", n: number) => ({
    cardId: card.id,
    kind,
    text: `${kind === "allergy" ? "Аллергия" : kind === "condition" ? "Болезнь" : "Лекарство"} № ${n}`,
    note: n % 2 === 0 ? LONG_NOTE : null,
    source: n % 3 === 0 ? ("doctor" as const) : ("patient" as const),
    staffId: n % 3 === 0 ? doctor.id : null,
  });
  await db.insert(medcardEntries).values([
    ...Array.from({ length: counts.allergies }, (_, n) => entry("allergy", n + 1)),
    ...Array.from({ length: counts.conditions }, (_, n) => entry("condition", n + 1)),
    ...Array.from({ length: counts.medications }, (_, n) => entry("medication", n + 1)),
    {
      cardId: card.id,
      kind: "blood_group" as const,
      text: "A(II) Rh+",
      source: "doctor" as const,
      staffId: doctor.id,
    },
  ]);

  const [type] = await db
    .insert(serviceTypes)
    .values({ name: `Консультация врача по телефону ${randomInt(1e9)}` })
    .returning({ id: serviceTypes.id });
  if (!type) throw new Error("no service type");
  await db.insert(appeals).values(
    Array.from({ length: counts.consultations }, (_, n) => ({
      contractId: contract.id,
      personId,
      serviceTypeId: type.id,
      doctorId: doctor.id,
      createdById: doctor.id,
      channel: "phone" as const,
      occurredAt: new Date(Date.UTC(2026, 5, n + 1, 9)),
      outcome: `Заключение № ${n + 1}. ${LONG_NOTE}`,
    })),
  );

  await db.insert(medcardDocuments).values(
    Array.from({ length: counts.documents }, (_, n) => ({
      cardId: card.id,
      type: "test_result" as const,
      title: `Анализ № ${n + 1}`,
      documentDate: `2026-07-${String(n + 1).padStart(2, "0")}`,
      source: "patient" as const,
      storageKey: `test/${randomUUID()}`,
      originalName: `analysis-${n + 1}.pdf`,
      mediaType: "application/pdf",
      sizeBytes: 1000 + n,
    })),
  );

  const cookie = await signInClient(t.app, client);
  return { client, lastName, card, cookie, doctor, counts };
}

function get(cookie: string | null, url: string) {
  return t.app.inject({
    method: "GET",
    url,
    cookies: cookie ? { rms_session: cookie } : {},
  });
}

const extractUrl = (cardId: string) => `/api/medcard/cards/${cardId}/extract.pdf`;
const fhirUrl = (cardId: string) => `/api/medcard/cards/${cardId}/fhir`;

describe("«Выписка»", () => {
  it("opens a card with many entries as a PDF of several pages that holds all of them", async () => {
    const { lastName, card, cookie, counts } = await clientWithFullCard();
    const res = await get(cookie, extractUrl(card.id));

    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["cache-control"]).toBe("private, no-store");
    const fileName = `Выписка из медкарты ${lastName} ${formatRuDate(todayInMoscow())}.pdf`;
    expect(res.headers["content-disposition"]).toBe(
      `inline; filename="${fileName.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
    expect(res.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const pdf = await getDocumentProxy(new Uint8Array(res.rawPayload));
    expect(pdf.numPages).toBeGreaterThan(1);
    const { text } = await extractText(pdf, { mergePages: true });
    for (const expected of [
      "Выписка из медицинской карты",
      `${lastName} Анна Сергеевна`,
      "15.03.1990",
      "Сводка",
      "Аллергии",
      "Хронические заболевания",
      "Регулярные лекарства",
      "Группа крови",
      "A(II) Rh+",
      "со слов пациента",
      "Смирнова Ольга Петровна",
      "Приёмы и консультации",
      "Телефонная консультация",
      `Заключение № ${counts.consultations}.`,
      "Документы",
      `Анализ № ${counts.documents}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(`Лекарство № ${counts.medications}`);
  });

  it("is made for an empty card too, saying each part is empty", async () => {
    const client = await createTestClient(t.database.db, { lastName: uniqueSurname() });
    await acceptHealthConsent(client.id);
    const [card] = await listClientCards(t.database.db, client.id);
    if (!card) throw new Error("no card");
    const res = await get(await signInClient(t.app, client), extractUrl(card.id));
    expect(res.statusCode).toBe(200);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), {
      mergePages: true,
    });
    expect(text).toContain("Нет приёмов и консультаций");
    expect(text).toContain("Нет документов");
  });
});

describe("«Скачать в формате FHIR»", () => {
  it("downloads the card as an R4 Bundle that Medplum's validator accepts, entry by entry", async () => {
    const { card, cookie, counts } = await clientWithFullCard();
    const res = await get(cookie, fhirUrl(card.id));

    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/fhir+json; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect(res.headers["content-disposition"]).toBe(
      `attachment; filename="medcard-${todayInMoscow()}.json"; filename*=UTF-8''medcard-${todayInMoscow()}.json`,
    );
    const bundle = res.json<Bundle>();
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.type).toBe("collection");
    expect(bundleProblems(bundle)).toEqual([]);

    const types = (bundle.entry ?? []).map((entry) => (entry.resource as Resource).resourceType);
    const count = (type: string) => types.filter((item) => item === type).length;
    expect(count("Patient")).toBe(1);
    expect(count("AllergyIntolerance")).toBe(counts.allergies);
    expect(count("Condition")).toBe(counts.conditions);
    expect(count("MedicationStatement")).toBe(counts.medications);
    expect(count("Observation")).toBe(1);
    expect(count("Encounter")).toBe(counts.consultations);
    // A document per document, and a consult note per concluded consultation.
    expect(count("DocumentReference")).toBe(counts.documents + counts.consultations);
    expect(bundle.entry?.[0]?.fullUrl).toBe(`urn:uuid:${card.id}`);
  });
});

describe("a child's card", () => {
  it("exports the card of a child under 15 on the parent's contract under the child's name", async () => {
    const db = t.database.db;
    const parentName = uniqueSurname();
    const childName = uniqueSurname();
    const parent = await createTestClient(db, { lastName: parentName });
    const program = await createTestProgram(db);
    const childBirth = `${Number(todayInMoscow().slice(0, 4)) - 8}-05-20`;
    await createTestContract(db, {
      programId: program.id,
      startsOn: "2026-01-01",
      endsOn: "2027-12-31",
      persons: [
        {
          slot: 1,
          lastName: parentName,
          firstName: "Анна",
          patronymic: "Сергеевна",
          birthDate: "1990-03-15",
          phone: parent.phone,
        },
        { slot: 2, lastName: childName, firstName: "Миша", birthDate: childBirth },
      ],
    });
    await acceptHealthConsent(parent.id);
    const child = (await listClientCards(db, parent.id)).find((card) => card.subject === "child");
    if (!child) throw new Error("no child's card");
    const cookie = await signInClient(t.app, parent);

    const pdf = await get(cookie, extractUrl(child.id));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-disposition"]).toContain(
      encodeURIComponent(`Выписка из медкарты ${childName} `),
    );
    const fhir = await get(cookie, fhirUrl(child.id));
    const patient = fhir.json<Bundle>().entry?.[0]?.resource;
    expect(patient).toMatchObject({
      resourceType: "Patient",
      name: [{ text: `${childName} Миша`, family: childName, given: ["Миша"] }],
      birthDate: childBirth,
    });
  });
});

describe("who may export a card", () => {
  it("answers 404 «Медкарта не найдена» for another account's card, both as PDF and as FHIR", async () => {
    const { card } = await clientWithFullCard();
    const other = await createTestClient(t.database.db, { lastName: uniqueSurname() });
    await acceptHealthConsent(other.id);
    const cookie = await signInClient(t.app, other);
    for (const url of [extractUrl(card.id), fhirUrl(card.id)]) {
      const res = await get(cookie, url);
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().detail).toBe("Медкарта не найдена");
    }
  });

  it("refuses with 403 until the consent to processing health data is given", async () => {
    const { card, cookie } = await clientWithFullCard({ consent: false });
    for (const url of [extractUrl(card.id), fhirUrl(card.id)]) {
      const res = await get(cookie, url);
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toContain("согласие на обработку сведений о состоянии здоровья");
    }
  });

  it("asks for a sign-in without a session and refuses an id that is no id", async () => {
    const { card, cookie } = await clientWithFullCard();
    expect((await get(null, fhirUrl(card.id))).statusCode).toBe(401);
    expect((await get(null, extractUrl(card.id))).statusCode).toBe(401);
    const bad = await get(cookie, "/api/medcard/cards/not-a-card/fhir");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().title).toBeTruthy();
  });
});
