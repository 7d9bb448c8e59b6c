import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { LegalDocumentSummary } from "../../../common/identity/legal.schema.ts";
import type { AccountConsent } from "../../../common/privacy/privacy.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { projectRoot } from "../../paths.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import {
  findAccountConsents,
  findConsentedDocumentIds,
  findLatestDocuments,
  insertConsents,
  insertDocumentVersion,
  type LegalDocumentRow,
  withdrawConsents,
} from "./legal.repository.ts";

/** The documents every client accepts at registration and sign-in; Markdown files beside this module. */
export const LEGAL_DOCUMENT_SLUGS = ["offer", "terms", "personal-data"] as const;
/** The separate consent to processing health data (152-FZ art. 10), asked only by «Медкарта». */
export const HEALTH_DATA_DOCUMENT = "health-data";
/**
 * Published like the others but never asked at sign-in: a client gives them where the feature
 * that needs them opens, and may never give them.
 */
export const OPTIONAL_DOCUMENT_SLUGS = [HEALTH_DATA_DOCUMENT] as const;
const BUNDLED_SLUGS = [...LEGAL_DOCUMENT_SLUGS, ...OPTIONAL_DOCUMENT_SLUGS];
const documentsDir = join(projectRoot, "server/modules/legal/documents");

function titleOf(markdown: string): string {
  return /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? "Документ";
}

/**
 * Publishes the bundled texts: a document whose file differs from its latest version gets a new
 * version, which clients are asked to accept at their next sign-in. Safe for parallel starts.
 */
export async function publishBundledDocuments(db: Db): Promise<void> {
  const latest = new Map((await findLatestDocuments(db)).map((row) => [row.slug, row]));
  for (const slug of BUNDLED_SLUGS) {
    const bodyMarkdown = await readFile(join(documentsDir, `${slug}.md`), "utf8");
    const current = latest.get(slug);
    if (current?.bodyMarkdown === bodyMarkdown) continue;
    await insertDocumentVersion(db, {
      slug,
      version: (current?.version ?? 0) + 1,
      title: titleOf(bodyMarkdown),
      bodyMarkdown,
    });
  }
}

function toSummary(row: LegalDocumentRow): LegalDocumentSummary {
  return { slug: row.slug, title: row.title, version: row.version, url: `/legal/${row.slug}` };
}

function isAskedAtSignIn(row: LegalDocumentRow): boolean {
  return (LEGAL_DOCUMENT_SLUGS as readonly string[]).includes(row.slug);
}

/** The latest versions of the documents asked at registration and sign-in. */
async function latestRequiredDocuments(db: Db): Promise<LegalDocumentRow[]> {
  return (await findLatestDocuments(db)).filter(isAskedAtSignIn);
}

/** The current versions a new client accepts (the optional consents are not among them). */
export async function currentDocuments(db: Db): Promise<LegalDocumentSummary[]> {
  return (await latestRequiredDocuments(db)).map(toSummary);
}

export async function findCurrentDocument(db: Db, slug: string): Promise<LegalDocumentRow | null> {
  return (await findLatestDocuments(db)).find((row) => row.slug === slug) ?? null;
}

/** The current versions asked at sign-in that this client has not accepted yet. */
export async function pendingDocumentsFor(
  db: Db,
  clientId: string,
): Promise<LegalDocumentSummary[]> {
  const latest = await latestRequiredDocuments(db);
  const accepted = await findConsentedDocumentIds(
    db,
    clientId,
    latest.map((row) => row.id),
  );
  return latest.filter((row) => !accepted.has(row.id)).map(toSummary);
}

/**
 * The current version of one document when this client has not accepted it, else null: an
 * optional consent still to be given (or given again after a new version).
 */
export async function pendingConsent(
  db: Db,
  clientId: string,
  slug: string,
): Promise<LegalDocumentSummary | null> {
  const current = await findCurrentDocument(db, slug);
  // Every bundled document is published at start: a missing one is a wrong slug, not «accepted».
  if (!current) throw new Error(`the legal document ${slug} is not published`);
  const accepted = await findConsentedDocumentIds(db, clientId, [current.id]);
  return accepted.has(current.id) ? null : toSummary(current);
}

/**
 * Records the acceptance of the current versions. The client must name exactly the versions that
 * are current, so nobody accepts a text they were not shown.
 */
export async function acceptDocuments(
  db: Db,
  clientId: string,
  accepted: { slug: string; version: number }[],
  meta: { ip: string | null; userAgent: string | undefined },
  now = new Date(),
): Promise<void> {
  const latest = await latestRequiredDocuments(db);
  const stale = latest.filter(
    (row) => !accepted.some((item) => item.slug === row.slug && item.version === row.version),
  );
  if (stale.length > 0) {
    throw new ConflictError(
      "Документы обновились, пока страница была открыта. Обновите страницу и ознакомьтесь с новой редакцией.",
    );
  }
  await insertConsents(
    db,
    clientId,
    latest.map((row) => row.id),
    meta,
    now,
  );
}

/**
 * One document's acceptance, as at a checkout («Я принимаю условия договора-оферты»): the version
 * the client saw must be the current one. Answers the accepted version's id.
 */
export async function acceptDocument(
  db: Db,
  clientId: string,
  accepted: { slug: string; version: number },
  meta: { ip: string | null; userAgent: string | undefined },
  now = new Date(),
): Promise<string> {
  const current = await findCurrentDocument(db, accepted.slug);
  if (!current || current.version !== accepted.version) {
    throw new ConflictError(
      "Документ обновился, пока страница была открыта. Обновите страницу и ознакомьтесь с новой редакцией.",
    );
  }
  await insertConsents(db, clientId, [current.id], meta, now);
  return current.id;
}

/** Whether a document is one that every account must have accepted (not an optional consent). */
export function isRequiredDocument(slug: string): boolean {
  return (LEGAL_DOCUMENT_SLUGS as readonly string[]).includes(slug);
}

/** «Мои данные и согласия»: each document the account accepted, its newest acceptance first by title. */
export async function listAccountConsents(db: Db, clientId: string): Promise<AccountConsent[]> {
  const rows = await findAccountConsents(db, clientId);
  const order = [...LEGAL_DOCUMENT_SLUGS, ...OPTIONAL_DOCUMENT_SLUGS] as readonly string[];
  return rows
    .map((row) => ({
      slug: row.slug,
      title: row.title,
      version: row.version,
      url: `/legal/${row.slug}`,
      acceptedAt: row.acceptedAt.toISOString(),
      required: isRequiredDocument(row.slug),
      withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    }))
    .sort((a, b) => order.indexOf(a.slug) - order.indexOf(b.slug));
}

/** Why a required document is not withdrawn on its own: the account stands on it. */
export const REQUIRED_CONSENT_WITHDRAWAL =
  "Без согласия на обработку персональных данных и условий использования мы не можем вести ваш личный кабинет, поэтому отдельно его отозвать нельзя. Отозвать согласие — значит удалить учётную запись: ниже, в разделе «Удалить учётную запись», написано, что при этом удаляется и что компания обязана хранить по закону.";

/**
 * Withdraws an optional consent at once (the feature that needs it refuses its next request); it
 * can be given again where the feature asks for it. A required one is refused with the way out:
 * deleting the account.
 */
export async function withdrawConsent(
  db: Db,
  clientId: string,
  slug: string,
  meta: { ip: string | null; userAgent: string | undefined },
  now = new Date(),
): Promise<AccountConsent[]> {
  if (isRequiredDocument(slug)) throw new ConflictError(REQUIRED_CONSENT_WITHDRAWAL);
  await db.transaction(async (tx) => {
    const withdrawn = await withdrawConsents(tx, clientId, slug, { ip: meta.ip, at: now });
    if (withdrawn === 0) {
      throw new NotFoundError("Это согласие не действует: вы его не давали или уже отозвали.");
    }
    await recordSecurityEvent(
      tx,
      {
        kind: "consent_withdrawn",
        clientId,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { slug },
      },
      now,
    );
  });
  return listAccountConsents(db, clientId);
}
