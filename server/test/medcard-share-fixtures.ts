import { randomInt } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { medcardDocuments } from "../db/schema/index.ts";
import { newStorageKey } from "../integrations/storage/storage-key.ts";
import {
  acceptDocument,
  findCurrentDocument,
  HEALTH_DATA_DOCUMENT,
} from "../modules/legal/index.ts";
import { listClientCards } from "../modules/medcard/medcard-access.service.ts";
import { createTestClient, signInClient, type TestClient } from "./factories.ts";

// Fixtures of «Показать врачу»'s tests: a client who gave the health-data consent, its own card,
// and documents in that card with their files in the storage.

export const PDF = Buffer.concat([
  Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"),
  Buffer.alloc(2000, 0x20),
]);
export const PNG = Buffer.concat([
  Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"),
  Buffer.alloc(500, 0),
]);

export interface CardOwner {
  client: TestClient;
  cookie: string;
  cardId: string;
}

/**
 * A signed-in client with the health-data consent given, and the id of its own card. With a phone,
 * the contracts whose persons have it are the client's (the holder link of migration 0008).
 */
export async function createCardOwner(
  app: FastifyInstance,
  options: { phone?: string } = {},
): Promise<CardOwner> {
  const db = app.database.db;
  const client = await createTestClient(db, {
    phone: options.phone,
    lastName: "Смирнова",
    firstName: "Ольга",
    patronymic: "Петровна",
    birthDate: "1988-11-02",
  });
  const consent = await findCurrentDocument(db, HEALTH_DATA_DOCUMENT);
  if (!consent) throw new Error("the health-data document is not published");
  await acceptDocument(
    db,
    client.id,
    { slug: HEALTH_DATA_DOCUMENT, version: consent.version },
    { ip: "192.0.2.1", userAgent: "vitest" },
  );
  const [card] = await listClientCards(db, client.id);
  if (!card) throw new Error("the client got no card");
  return { client, cookie: await signInClient(app, client), cardId: card.id };
}

/** A document the client added to its card, with its file in the storage. */
export async function addCardDocument(
  app: FastifyInstance,
  cardId: string,
  file: { kind: "pdf" | "png"; title?: string },
): Promise<{ id: string; title: string; bytes: Buffer }> {
  const bytes = file.kind === "pdf" ? PDF : PNG;
  const storageKey = newStorageKey();
  await app.files.put(
    storageKey,
    Readable.from([bytes]),
    file.kind === "pdf" ? "application/pdf" : "image/png",
  );
  const title = file.title ?? `Документ ${randomInt(1e6)}`;
  const [row] = await app.database.db
    .insert(medcardDocuments)
    .values({
      cardId,
      type: file.kind === "pdf" ? "test_result" : "conclusion",
      title,
      documentDate: "2026-11-20",
      source: "patient",
      storageKey,
      originalName: file.kind === "pdf" ? "анализ крови.pdf" : "заключение.png",
      mediaType: file.kind === "pdf" ? "application/pdf" : "image/png",
      sizeBytes: bytes.length,
    })
    .returning({ id: medcardDocuments.id });
  if (!row) throw new Error("the document was not stored");
  return { id: row.id, title, bytes };
}

/** «Показать врачу» over HTTP: the answer's url, code, share id and the token from the url. */
export async function createShare(
  app: FastifyInstance,
  owner: CardOwner,
  body: { hours: number; scope: "card" | "documents"; documentIds?: string[] },
): Promise<{ id: string; url: string; code: string; token: string }> {
  const res = await app.inject({
    method: "POST",
    url: `/api/medcard/cards/${owner.cardId}/shares`,
    cookies: { rms_session: owner.cookie },
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`no share: ${res.statusCode} ${res.body}`);
  const created: { id: string; url: string; code: string } = res.json();
  const token = created.url.split("/medcard-share/")[1];
  if (!token) throw new Error(`no token in ${created.url}`);
  return { ...created, token };
}

/** The n-th six digits that are not the right code (n from 1 up). */
export function wrongCodeFor(code: string, n = 1): string {
  return String((Number(code) + n) % 1_000_000).padStart(6, "0");
}
