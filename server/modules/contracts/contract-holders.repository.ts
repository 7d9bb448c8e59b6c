import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  clients,
  contractHolders,
  contracts,
  coveredPersons,
  securityEvents,
} from "../../db/schema/index.ts";

export type HolderSource = "phone" | "number" | "migration" | "purchase";

/** The number as stored without its series prefix «NN/» (the contracts_bare_number_idx index). */
export const bareNumber = sql`regexp_replace(${contracts.number}, '^[0-9]+/', '')`;

/**
 * The contracts «Добавить договор» may link: the number as stored, or without its series prefix
 * («30117742» for 11/30117742), with a current (not replaced) covered person born on that date.
 */
export async function findLinkableContracts(
  db: Db,
  numbers: string[],
  birthDate: string,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: contracts.id })
    .from(contracts)
    .innerJoin(
      coveredPersons,
      and(
        eq(coveredPersons.contractId, contracts.id),
        isNull(coveredPersons.replacedAt),
        eq(coveredPersons.birthDate, birthDate),
      ),
    )
    .where(or(inArray(contracts.number, numbers), inArray(bareNumber, numbers)));
  return rows.map((row) => row.id);
}

/** Links an account to contracts; a link that exists is left as it was (its source and date). */
export async function insertHolderLinks(
  db: Db,
  clientId: string,
  contractIds: string[],
  source: HolderSource,
  at = new Date(),
): Promise<void> {
  if (contractIds.length === 0) return;
  await db
    .insert(contractHolders)
    .values(contractIds.map((contractId) => ({ clientId, contractId, source, createdAt: at })))
    .onConflictDoNothing();
}

export interface HolderRow {
  clientId: string;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  phone: string;
  source: HolderSource;
  createdAt: Date;
}

/** The accounts that hold a contract, oldest link first. */
export async function listContractHolders(db: Db, contractId: string): Promise<HolderRow[]> {
  return db
    .select({
      clientId: contractHolders.clientId,
      lastName: clients.lastName,
      firstName: clients.firstName,
      patronymic: clients.patronymic,
      phone: clients.phone,
      source: contractHolders.source,
      createdAt: contractHolders.createdAt,
    })
    .from(contractHolders)
    .innerJoin(clients, eq(clients.id, contractHolders.clientId))
    .where(eq(contractHolders.contractId, contractId))
    .orderBy(asc(contractHolders.createdAt), asc(clients.lastName));
}

/** Ends one account's link to a contract; the removed link, or null when there was none. */
export async function deleteHolderLink(
  db: Db,
  contractId: string,
  clientId: string,
): Promise<{ source: HolderSource; createdAt: Date } | null> {
  const [row] = await db
    .delete(contractHolders)
    .where(and(eq(contractHolders.contractId, contractId), eq(contractHolders.clientId, clientId)))
    .returning({ source: contractHolders.source, createdAt: contractHolders.createdAt });
  return row ?? null;
}

/**
 * «Добавить договор» tries in the security log. A try is written as `contract_link_attempt`
 * before it is checked, then resolved to `contract_linked`, `contract_link_failed` or
 * `contract_link_refused` (over the limit). Attempts still unresolved count as wrong, so tries
 * running at the same time cannot pass the limit between them.
 */
export type LinkAttemptKind =
  | "contract_link_attempt"
  | "contract_linked"
  | "contract_link_failed"
  | "contract_link_refused";

const COUNTED: LinkAttemptKind[] = ["contract_link_attempt", "contract_link_failed"];

export async function insertLinkAttempt(
  db: Db,
  attempt: {
    clientId: string;
    phone: string;
    ip: string;
    userAgent: string | undefined;
    at: Date;
  },
): Promise<string> {
  const [row] = await db
    .insert(securityEvents)
    .values({
      kind: "contract_link_attempt" satisfies LinkAttemptKind,
      clientId: attempt.clientId,
      // The account's phone: the (subject, kind, created_at) index counts an account's tries.
      subject: attempt.phone,
      ip: attempt.ip,
      userAgent: attempt.userAgent ?? null,
      createdAt: attempt.at,
    })
    .returning({ id: securityEvents.id });
  if (!row) throw new Error("the attempt was not logged");
  return row.id;
}

export async function resolveLinkAttempt(
  db: Db,
  id: string,
  kind: Exclude<LinkAttemptKind, "contract_link_attempt">,
  details: Record<string, unknown>,
): Promise<void> {
  await db.update(securityEvents).set({ kind, details }).where(eq(securityEvents.id, id));
}

/** The wrong (or unresolved) tries of an account (by its phone) or from an IP since a moment, newest first. */
export async function listCountedAttempts(
  db: Db,
  by: { subject: string } | { ip: string },
  since: Date,
): Promise<Date[]> {
  const who =
    "subject" in by ? eq(securityEvents.subject, by.subject) : eq(securityEvents.ip, by.ip);
  const rows = await db
    .select({ at: securityEvents.createdAt })
    .from(securityEvents)
    .where(and(who, inArray(securityEvents.kind, COUNTED), gte(securityEvents.createdAt, since)))
    .orderBy(desc(securityEvents.createdAt));
  return rows.map((row) => row.at);
}
