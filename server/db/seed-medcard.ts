import { Readable } from "node:stream";
import { and, desc, eq, isNull } from "drizzle-orm";
import { type FileStorage, newStorageKey } from "../integrations/storage/file-storage.ts";
import { startPdf } from "../pdf.ts";
import type { Db } from "./client.ts";
import {
  clients,
  clinics,
  consents,
  contracts,
  coveredPersons,
  legalDocuments,
  medcardCards,
  medcardDocuments,
  medcardEntries,
  staffMembers,
} from "./schema/index.ts";

const SEEDED_AT = new Date("2026-07-03T10:00:00+03:00");
const OWN_DOCUMENT_NAME = "Анализ крови, июль 2026.pdf";
const CLINIC_DOCUMENT_ID = "DEMO-ZS-2026-0712";

/** A one-page PDF: a heading and its lines, in DejaVu (Cyrillic). */
async function demoPdf(title: string, lines: string[]): Promise<Buffer> {
  const { doc, bytes } = await startPdf({ Title: title, Author: "РМС, демо" });
  doc.font("bold").fontSize(16).text(title);
  doc.moveDown(0.8);
  doc.font("regular").fontSize(11);
  for (const line of lines) doc.text(line).moveDown(0.3);
  doc.end();
  return bytes;
}

async function storePdf(storage: FileStorage, content: Buffer): Promise<string> {
  const key = newStorageKey();
  await storage.put(key, Readable.from([content]), "application/pdf");
  return key;
}

/**
 * «Медкарта» of the demo client (issue 16): its own card with «Сводка» (a doctor's allergy, its own
 * blood group and medicine), its own PDF and a clinic's PDF on its person of 11/30117742; the
 * health-data consent given, as by a client who keeps a card. Idempotent: a card with entries keeps
 * them, a document stored is not stored again. Without a storage only the entries are seeded.
 */
export async function seedDemoMedcard(
  db: Db,
  clientPhone: string,
  storage?: FileStorage,
): Promise<void> {
  const [client] = await db
    .select({ id: clients.id })
    .from(clients)
    .where(eq(clients.phone, clientPhone));
  const [doctor] = await db
    .select({ id: staffMembers.id })
    .from(staffMembers)
    .where(eq(staffMembers.email, "doctor@rms.local"));
  if (!client || !doctor) return;

  const [consent] = await db
    .select({ id: legalDocuments.id })
    .from(legalDocuments)
    .where(eq(legalDocuments.slug, "health-data"))
    .orderBy(desc(legalDocuments.version))
    .limit(1);
  if (consent) {
    await db
      .insert(consents)
      .values({ clientId: client.id, documentId: consent.id, userAgent: "demo seed" })
      .onConflictDoNothing();
  }

  await db
    .insert(medcardCards)
    .values({ ownerClientId: client.id, subject: "self" })
    .onConflictDoNothing();
  const [card] = await db
    .select({ id: medcardCards.id })
    .from(medcardCards)
    .where(and(eq(medcardCards.ownerClientId, client.id), eq(medcardCards.subject, "self")));
  if (!card) return;

  const [anyEntry] = await db
    .select({ id: medcardEntries.id })
    .from(medcardEntries)
    .where(eq(medcardEntries.cardId, card.id))
    .limit(1);
  if (!anyEntry) {
    const entry = { cardId: card.id, createdAt: SEEDED_AT, updatedAt: SEEDED_AT };
    await db.insert(medcardEntries).values([
      {
        ...entry,
        kind: "allergy",
        text: "Яд перепончатокрылых (оса, пчела)",
        note: "Отёк и покраснение в месте укуса, июль 2026",
        source: "doctor",
        staffId: doctor.id,
      },
      { ...entry, kind: "blood_group", text: "A(II) Rh+", source: "patient" },
      {
        ...entry,
        kind: "medication",
        text: "Цетиризин 10 мг",
        note: "При аллергической реакции, 1 таблетка в день",
        source: "patient",
      },
    ]);
  }
  if (!storage) return;

  const [own] = await db
    .select({ id: medcardDocuments.id })
    .from(medcardDocuments)
    .where(
      and(
        eq(medcardDocuments.cardId, card.id),
        eq(medcardDocuments.originalName, OWN_DOCUMENT_NAME),
        isNull(medcardDocuments.removedAt),
      ),
    );
  if (!own) {
    const content = await demoPdf("Общий анализ крови", [
      "Пациент: Иванов Иван Иванович, 12.04.1985",
      "Дата забора: 10.07.2026",
      "Гемоглобин — 148 г/л (норма 130–160)",
      "Лейкоциты — 6,2 × 10⁹/л (норма 4,0–9,0)",
      "Эозинофилы — 6 % (норма 1–5)",
      "СОЭ — 8 мм/ч (норма 2–15)",
    ]);
    await db.insert(medcardDocuments).values({
      cardId: card.id,
      type: "test_result",
      title: "Общий анализ крови",
      documentDate: "2026-07-10",
      source: "patient",
      storageKey: await storePdf(storage, content),
      originalName: OWN_DOCUMENT_NAME,
      mediaType: "application/pdf",
      sizeBytes: content.length,
      createdAt: SEEDED_AT,
    });
  }

  const [clinic] = await db
    .select({ id: clinics.id })
    .from(clinics)
    .where(eq(clinics.name, "Клиника «Здоровье на Соколе»"))
    .limit(1);
  const [person] = await db
    .select({ id: coveredPersons.id })
    .from(coveredPersons)
    .innerJoin(contracts, eq(contracts.id, coveredPersons.contractId))
    .where(and(eq(contracts.number, "11/30117742"), isNull(coveredPersons.replacedAt)));
  if (!clinic || !person) return;
  const [sent] = await db
    .select({ id: medcardDocuments.id })
    .from(medcardDocuments)
    .where(
      and(
        eq(medcardDocuments.clinicId, clinic.id),
        eq(medcardDocuments.externalId, CLINIC_DOCUMENT_ID),
      ),
    );
  if (sent) return;
  const content = await demoPdf("Заключение врача-аллерголога", [
    "Клиника «Здоровье на Соколе»",
    "Пациент: Иванов Иван Иванович, 12.04.1985",
    "Дата приёма: 12.07.2026",
    "Диагноз: аллергическая реакция на яд перепончатокрылых (T63.4).",
    "Рекомендовано: избегать укусов; при укусе — антигистаминный препарат;",
    "при отёке лица или затруднённом дыхании — вызвать скорую помощь (103, 112).",
  ]);
  await db
    .insert(medcardDocuments)
    .values({
      personId: person.id,
      type: "conclusion",
      title: "Заключение аллерголога",
      documentDate: "2026-07-12",
      source: "clinic",
      clinicId: clinic.id,
      externalId: CLINIC_DOCUMENT_ID,
      storageKey: await storePdf(storage, content),
      originalName: "zaklyuchenie-allergologa.pdf",
      mediaType: "application/pdf",
      sizeBytes: content.length,
      createdAt: SEEDED_AT,
    })
    .onConflictDoNothing();
}
