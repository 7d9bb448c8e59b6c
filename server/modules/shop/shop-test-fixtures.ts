import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";
import { shiftDate } from "../../../common/shop/certificate-terms.ts";
import type { CertificateOrderRequest } from "../../../common/shop/shop.schema.ts";
import type { Db } from "../../db/client.ts";
import { createTestProgram } from "../../test/contract-factories.ts";
import { createTestClient, signInClient, type TestClient } from "../../test/factories.ts";

export interface Buyer extends TestClient {
  cookie: string;
}

export async function createBuyer(app: FastifyInstance, db: Db): Promise<Buyer> {
  const client = await createTestClient(db);
  return { ...client, cookie: await signInClient(app, client) };
}

/** A program sold online: 2 900 ₽ for 12 months unless told otherwise. */
export function createProgramForSale(
  db: Db,
  overrides: Parameters<typeof createTestProgram>[1] = {},
) {
  return createTestProgram(db, {
    priceKopecks: 290_000,
    termMonths: 12,
    soldOnline: true,
    maxPersons: 1,
    ...overrides,
  });
}

/** The offer agreement's version, as the checkout reads it. */
export async function currentOfferVersion(app: FastifyInstance): Promise<number> {
  const res = await app.inject({ method: "GET", url: "/api/legal/documents" });
  const documents = res.json().documents as { slug: string; version: number }[];
  const offer = documents.find((document) => document.slug === "offer");
  if (!offer) throw new Error("no offer agreement is published");
  return offer.version;
}

/** A valid certificate checkout for the test client «Петрова Анна Сергеевна», from tomorrow + 2. */
export async function certificateOrder(
  app: FastifyInstance,
  programId: string,
  overrides: Partial<CertificateOrderRequest> = {},
): Promise<CertificateOrderRequest> {
  return {
    kind: "certificate",
    checkoutKey: randomUUID(),
    programId,
    persons: [
      {
        lastName: "Петрова",
        firstName: "Анна",
        patronymic: "Сергеевна",
        birthDate: "15.03.1990",
      },
    ],
    startsOn: formatRuDate(shiftDate(todayInMoscow(), 3)),
    receiptEmail: "anna@example.ru",
    acceptedDocuments: [{ slug: "offer", version: await currentOfferVersion(app) }],
    method: "bank_card",
    ...overrides,
  };
}

export function postOrder(app: FastifyInstance, buyer: Buyer, payload: object) {
  return app.inject({
    method: "POST",
    url: "/api/orders",
    cookies: { rms_session: buyer.cookie },
    payload,
  });
}

export function getOrder(app: FastifyInstance, buyer: Buyer, orderId: string) {
  return app.inject({
    method: "GET",
    url: `/api/orders/${orderId}`,
    cookies: { rms_session: buyer.cookie },
  });
}

/** The sandbox payment id in a confirmation URL (…/sandbox-pay/<id>). */
export function sandboxPaymentId(confirmationUrl: string): string {
  const id = /\/sandbox-pay\/([0-9a-f-]{36})$/.exec(confirmationUrl)?.[1];
  if (!id) throw new Error(`not a sandbox payment page: ${confirmationUrl}`);
  return id;
}

/** Presses a button of the sandbox's page, as the payer's browser posts its form. */
export function pressSandboxButton(
  app: FastifyInstance,
  paymentId: string,
  button: "pay" | "decline",
) {
  return app.inject({
    method: "POST",
    url: `/sandbox-pay/${paymentId}/${button}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: "",
  });
}
