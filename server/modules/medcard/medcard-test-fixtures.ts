import { randomInt } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { todayInMoscow } from "../../../common/format/date.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import {
  createTestClient,
  signInClient,
  type TestClient,
  uniquePhone,
} from "../../test/factories.ts";

// Test data of «Медкарта» (H1's tests): a family on three certificates, the consent given.

/** A calendar date (yyyy-mm-dd) moved by whole days. */
function addCalendarDays(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/** The date `years` years before today in Moscow (yyyy-mm-dd), plus `days`. */
export function bornYearsAgo(years: number, days = 0): string {
  const [year = "", month = "", day = ""] = todayInMoscow().split("-");
  const date = `${Number(year) - years}-${month}-${day === "29" && month === "02" ? "28" : day}`;
  return days === 0 ? date : addCalendarDays(date, days);
}

export interface TestFamily {
  client: TestClient;
  cookie: string;
  programId: string;
  /** «Пациент 1» on every contract: the account's own person rows. */
  selfPersonIds: string[];
  /** A child of 10 on the first contract. */
  child: { personId: string; contractNumber: string; birthDate: string; lastName: string };
  /** A child who turned 15 yesterday, on the second contract. */
  teen: { personId: string; birthDate: string };
  /** An adult «Пациент 2» on the third contract. */
  adult: { personId: string; birthDate: string };
  contractNumbers: string[];
}

/**
 * An account «Петрова Анна Сергеевна» holding (by its phone) three certificates: with a child of
 * 10, with a child of 15, and with an adult second patient. Every name is unique to the call.
 */
export async function createTestFamily(app: FastifyInstance): Promise<TestFamily> {
  const db = app.database.db;
  const program = await createTestProgram(db);
  const phone = uniquePhone();
  const tag = randomInt(1e6);
  const self = {
    slot: 1 as const,
    lastName: "Петрова",
    firstName: "Анна",
    patronymic: "Сергеевна",
    birthDate: "1990-03-15",
    phone,
  };
  const today = todayInMoscow();
  const period = {
    programId: program.id,
    startsOn: addCalendarDays(today, -30),
    endsOn: addCalendarDays(today, 300),
  };
  const child = {
    slot: 2 as const,
    lastName: `Петров${tag}`,
    firstName: "Миша",
    patronymic: "Иванович",
    birthDate: bornYearsAgo(10),
  };
  const teen = {
    slot: 2 as const,
    lastName: `Петрова${tag}`,
    firstName: "Варя",
    patronymic: "Ивановна",
    birthDate: bornYearsAgo(15, -1),
  };
  const adult = {
    slot: 2 as const,
    lastName: `Петров${tag}`,
    firstName: "Иван",
    patronymic: "Павлович",
    birthDate: "1962-08-01",
  };
  const first = await createTestContract(db, { ...period, persons: [self, child] });
  const second = await createTestContract(db, { ...period, persons: [self, teen] });
  const third = await createTestContract(db, { ...period, persons: [self, adult] });
  // Inserted after the contracts: the phone links all three (the holder trigger).
  const client = await createTestClient(db, { phone });
  return {
    client,
    cookie: await signInClient(app, client),
    programId: program.id,
    selfPersonIds: [first.personIds[0], second.personIds[0], third.personIds[0]].map(
      (id) => id ?? "",
    ),
    child: {
      personId: first.personIds[1] ?? "",
      contractNumber: first.number,
      birthDate: child.birthDate,
      lastName: child.lastName,
    },
    teen: { personId: second.personIds[1] ?? "", birthDate: teen.birthDate },
    adult: { personId: third.personIds[1] ?? "", birthDate: adult.birthDate },
    contractNumbers: [first.number, second.number, third.number],
  };
}

/** Gives the health-data consent over HTTP. */
export async function giveHealthConsent(app: FastifyInstance, cookie: string): Promise<void> {
  const res = await app.inject({
    method: "POST",
    url: "/api/medcard/consent",
    cookies: { rms_session: cookie },
  });
  if (res.statusCode !== 204) throw new Error(`consent: ${res.statusCode} ${res.body}`);
}

/** The account's cards (GET /api/medcard), the consent given. */
export async function cardsOf(
  app: FastifyInstance,
  cookie: string,
): Promise<{ id: string; subject: "self" | "child"; fullName: string; birthDate: string }[]> {
  const res = await app.inject({
    method: "GET",
    url: "/api/medcard",
    cookies: { rms_session: cookie },
  });
  if (res.statusCode !== 200) throw new Error(`cards: ${res.statusCode} ${res.body}`);
  return res.json().cards;
}

/** A multipart body, as the browser's FormData sends it; the file in the field `file`. */
export async function documentForm(
  fields: Record<string, string>,
  file?: { name: string; content: Buffer },
) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  if (file) data.append("file", new Blob([new Uint8Array(file.content)]), file.name);
  const request = new Request("http://localhost/", { method: "POST", body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { "content-type": request.headers.get("content-type") ?? "" },
  };
}

export const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n", "latin1"), Buffer.alloc(2048, 0x20)]);
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("0000000d49484452000000010000000108060000001f15c489", "hex"),
  Buffer.alloc(512, 0),
]);
