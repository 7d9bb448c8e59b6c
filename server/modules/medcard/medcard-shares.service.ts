import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type {
  MedcardShare,
  MedcardShareCreated,
  MedcardSharedView,
  MedcardShareInput,
  MedcardShareStatus,
} from "../../../common/medcard/medcard.schema.ts";
import type { Db } from "../../db/client.ts";
import { AppError, NotFoundError, ValidationError } from "../../errors.ts";
import {
  countInWindow,
  type EventLimit,
  lockLimitKeys,
  tooManyRequests,
} from "../../plugins/rate-limit.ts";
import { latestEventForSubject, recordSecurityEvent } from "../../plugins/security-log.ts";
import { clientCard, requireHealthConsent } from "./medcard-access.service.ts";
import {
  findShareByTokenHash,
  findShareOfCard,
  grantBelongsToShare,
  insertShare,
  insertShareView,
  listShareDocumentIds,
  listSharesOfCard,
  listShareViews,
  revokeShare,
  type ShareRow,
  type ShareViewRow,
} from "./medcard-shares.repository.ts";
import { cardDocument, loadCardView } from "./medcard-view.service.ts";

// «Показать врачу» (issue 16): a link with a random token and a 6-digit code. Only hashes are kept:
// the token's SHA-256 finds the share; the code's HMAC is keyed by the token itself, so a copy of
// the database alone gives neither the link nor, by trying all million codes, the code.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Wrong codes for one link within the window, after which the link refuses codes for a while. */
export const SHARE_WRONG_CODES = 5;
/** Wrong codes from one IP address, whatever the links, within the same window. */
export const IP_WRONG_CODES = 20;
export const WRONG_CODES_WINDOW_MS = 15 * MINUTE;
const FAILED = "medcard_share_code_failed" as const;
const PER_SHARE: EventLimit = {
  kinds: [FAILED],
  max: SHARE_WRONG_CODES,
  windowMs: WRONG_CODES_WINDOW_MS,
};
const PER_IP: EventLimit = {
  kinds: [FAILED],
  max: IP_WRONG_CODES,
  windowMs: WRONG_CODES_WINDOW_MS,
};

/** Where a share's page lives; the token is its only secret and the page's only address. */
export const SHARED_PAGE_PATH = "/medcard-share";
/** Where the browser sends an opening's grant: this link's own API routes only. */
export const sharedApiPath = (token: string) => `/api/medcard-shares/${token}`;

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43,128}$/;

export type ShareStatus = MedcardShare["status"];

/** A share opens while it is neither revoked nor past its end. */
export function shareStatus(
  share: Pick<ShareRow, "expiresAt" | "revokedAt">,
  now: Date,
): ShareStatus {
  if (share.revokedAt) return "revoked";
  return share.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

function codeHash(token: string, code: string): string {
  return `hmac-sha256:${createHmac("sha256", token).update(`medcard-share-code:${code}`).digest("hex")}`;
}

function codeMatches(stored: string, token: string, code: string): boolean {
  const expected = Buffer.from(codeHash(token, code));
  const actual = Buffer.from(stored);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function toShare(
  share: ShareRow,
  documentIds: readonly string[],
  views: readonly ShareViewRow[],
  now: Date,
): MedcardShare {
  return {
    id: share.id,
    scope: share.scope,
    documentIds: [...documentIds],
    createdAt: share.createdAt.toISOString(),
    expiresAt: share.expiresAt.toISOString(),
    revokedAt: share.revokedAt ? share.revokedAt.toISOString() : null,
    status: shareStatus(share, now),
    views: views.map((view) => ({ openedAt: view.openedAt.toISOString(), ip: view.ip })),
  };
}

async function describeShares(db: Db, shares: ShareRow[], now: Date): Promise<MedcardShare[]> {
  const ids = shares.map((share) => share.id);
  const [documents, views] = await Promise.all([
    listShareDocumentIds(db, ids),
    listShareViews(db, ids),
  ]);
  return shares.map((share) =>
    toShare(
      share,
      documents.get(share.id) ?? [],
      views.filter((view) => view.shareId === share.id),
      now,
    ),
  );
}

/** The account's card, once its consent to processing health data is given (403 otherwise). */
async function ownCard(db: Db, clientId: string, cardId: string) {
  await requireHealthConsent(db, clientId);
  return clientCard(db, clientId, cardId);
}

/**
 * «Показать врачу»: a new link to the card, or to chosen documents of it, for `hours` hours. The
 * answer carries the link and the code; neither can be had again.
 */
export async function createShare(
  db: Db,
  clientId: string,
  cardId: string,
  input: MedcardShareInput,
  origin: string,
  now = new Date(),
): Promise<MedcardShareCreated> {
  const card = await ownCard(db, clientId, cardId);
  const documentIds = input.scope === "documents" ? [...new Set(input.documentIds ?? [])] : [];
  if (input.scope === "documents") {
    if (documentIds.length === 0) {
      throw new ValidationError([
        { field: "documentIds", message: "Выберите хотя бы один документ, которым поделиться." },
      ]);
    }
    const found = await Promise.all(documentIds.map((id) => cardDocument(db, card, id)));
    if (found.some((document) => document === null)) {
      throw new ValidationError([
        {
          field: "documentIds",
          message:
            "Некоторых выбранных документов нет в этой медкарте. Обновите страницу и выберите документы снова.",
        },
      ]);
    }
  }
  const token = randomBytes(32).toString("base64url");
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const share = await insertShare(db, {
    cardId: card.id,
    tokenHash: sha256(token),
    codeHash: codeHash(token, code),
    scope: input.scope,
    expiresAt: new Date(now.getTime() + input.hours * HOUR),
    createdAt: now,
    documentIds,
  });
  return {
    ...toShare(share, [...documentIds].sort(), [], now),
    url: `${origin.replace(/\/$/, "")}${SHARED_PAGE_PATH}/${token}`,
    code,
  };
}

/** The card's links, newest first, each with its status and every opening. */
export async function listShares(
  db: Db,
  clientId: string,
  cardId: string,
  now = new Date(),
): Promise<MedcardShare[]> {
  const card = await ownCard(db, clientId, cardId);
  return describeShares(db, await listSharesOfCard(db, card.id), now);
}

/** «Отозвать»: the link and every browser's grant stop opening anything at once. */
export async function revokeClientShare(
  db: Db,
  clientId: string,
  cardId: string,
  shareId: string,
  now = new Date(),
): Promise<MedcardShare> {
  const card = await ownCard(db, clientId, cardId);
  const share = await findShareOfCard(db, card.id, shareId);
  if (!share) throw new NotFoundError("Ссылка не найдена.");
  const revoked = share.revokedAt ? share : ((await revokeShare(db, share.id, now)) ?? share);
  const [described] = await describeShares(db, [revoked], now);
  if (!described) throw new Error("the revoked share vanished");
  return described;
}

// The public side: no account, only the token (and the code, or an opening's grant).

const unknownLink = () =>
  new AppError(
    404,
    "medcard-share-not-found",
    "Ссылка не найдена",
    "Проверьте адрес ссылки или попросите пациента прислать новую.",
  );

/** An expired or revoked link opens nothing; it is told as such so the page can say why. */
function closedLink(status: Exclude<ShareStatus, "active">): AppError {
  return status === "expired"
    ? new AppError(
        404,
        "medcard-share-expired",
        "Срок действия ссылки истёк",
        "Попросите пациента создать новую ссылку в разделе «Медкарта».",
      )
    : new AppError(
        404,
        "medcard-share-revoked",
        "Доступ по ссылке отозван",
        "Пациент закрыл доступ по этой ссылке. Если карта вам нужна, попросите новую ссылку.",
      );
}

async function shareOfToken(db: Db, token: string) {
  if (!TOKEN_PATTERN.test(token)) throw unknownLink();
  const share = await findShareByTokenHash(db, sha256(token));
  if (!share) throw unknownLink();
  return share;
}

/** The link's share while it opens, else the refusal that says why. */
async function openShareOfToken(db: Db, token: string, now: Date) {
  const share = await shareOfToken(db, token);
  const status = shareStatus(share, now);
  if (status !== "active") throw closedLink(status);
  // The card must still be its keeper's to show: a child's card closes when the child turns 15.
  const card = await clientCard(db, share.ownerClientId, share.cardId).catch((error: unknown) => {
    if (error instanceof NotFoundError) throw unknownLink();
    throw error;
  });
  return { share, card };
}

/** What the page shows before the code: whether the link still opens, and until when. */
export async function shareStatusOfToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<MedcardShareStatus> {
  const share = await shareOfToken(db, token);
  return { status: shareStatus(share, now), expiresAt: share.expiresAt.toISOString() };
}

export interface RequestMeta {
  ip: string;
  userAgent: string | undefined;
}

function minutesUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / MINUTE));
}

function wrongCode(left: number): AppError {
  const message =
    left > 0
      ? `Неверный код. Осталось попыток: ${left}.`
      : `Неверный код. Попытки исчерпаны — повторите через ${minutesUntil(WRONG_CODES_WINDOW_MS)} мин.`;
  return new AppError(403, "medcard-share-wrong-code", "Неверный код", message, [
    { field: "code", message },
  ]);
}

/**
 * Checks a code under the limits of its link and its IP address. The tries of one link and of one
 * address queue on advisory locks, and each wrong one is logged before the next is counted, so
 * tries sent at once get no more than the limit. While a limit is used up even the right code is
 * refused (429 with Retry-After).
 */
async function checkCode(
  db: Db,
  share: { id: string; codeHash: string },
  token: string,
  code: string,
  meta: RequestMeta,
  now: Date,
): Promise<AppError | null> {
  const subject = `medcard-share:${share.id}`;
  return db.transaction(async (tx): Promise<AppError | null> => {
    await lockLimitKeys(tx, [`medcard-share:ip:${meta.ip}`, subject]);
    const fromIp = await countInWindow(tx, { ip: meta.ip }, PER_IP, now);
    if (fromIp >= IP_WRONG_CODES) {
      return tooManyRequests(
        `С вашего устройства введено слишком много неверных кодов. Повторите через ${minutesUntil(WRONG_CODES_WINDOW_MS)} мин.`,
        WRONG_CODES_WINDOW_MS,
        "Слишком много неверных кодов",
      );
    }
    const forShare = await countInWindow(tx, { subject }, PER_SHARE, now);
    if (forShare >= SHARE_WRONG_CODES) {
      // No wrong code is older than the last one: once it leaves the window, every one has.
      const windowStart = new Date(now.getTime() - WRONG_CODES_WINDOW_MS);
      const last = await latestEventForSubject(tx, subject, FAILED, windowStart);
      const waitMs = (last ?? now).getTime() + WRONG_CODES_WINDOW_MS - now.getTime();
      return tooManyRequests(
        `По этой ссылке введено слишком много неверных кодов. Повторите через ${minutesUntil(waitMs)} мин.`,
        waitMs,
        "Слишком много неверных кодов",
      );
    }
    if (codeMatches(share.codeHash, token, code)) return null;
    await recordSecurityEvent(
      tx,
      { kind: FAILED, subject, ip: meta.ip, userAgent: meta.userAgent ?? null },
      now,
    );
    return wrongCode(Math.min(SHARE_WRONG_CODES - forShare, IP_WRONG_CODES - fromIp) - 1);
  });
}

export interface OpenedShare {
  view: MedcardSharedView;
  /** The opening's grant for the browser's cookie: the files of this link, while it lasts. */
  grant: string;
  expiresAt: Date;
}

/** «Открыть» with the code: the card as the link shows it, and the opening logged for the client. */
export async function openShare(
  db: Db,
  token: string,
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<OpenedShare> {
  const { share, card } = await openShareOfToken(db, token, now);
  const refusal = await checkCode(db, share, token, code, meta, now);
  if (refusal) throw refusal;
  const documentIds =
    share.scope === "documents"
      ? ((await listShareDocumentIds(db, [share.id])).get(share.id) ?? [])
      : undefined;
  const view = await loadCardView(db, card, { documentIds, viewer: "shared" });
  const grant = randomBytes(32).toString("base64url");
  await insertShareView(db, {
    shareId: share.id,
    grantHash: sha256(grant),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    openedAt: now,
  });
  return {
    view: { ...view, expiresAt: share.expiresAt.toISOString(), scope: share.scope },
    grant,
    expiresAt: share.expiresAt,
  };
}

const noGrant = () =>
  new AppError(
    403,
    "medcard-share-code-required",
    "Введите код доступа",
    "Откройте ссылку и введите код доступа, чтобы посмотреть документ.",
  );

/**
 * A document of a link that still opens, for a browser holding one of its openings' grants; the
 * document must be one the link shows (for a «documents» link, one of those chosen).
 */
export async function sharedDocument(
  db: Db,
  token: string,
  grant: string | undefined,
  documentId: string,
  now = new Date(),
) {
  const { share, card } = await openShareOfToken(db, token, now);
  if (!grant || !(await grantBelongsToShare(db, share.id, sha256(grant)))) throw noGrant();
  if (share.scope === "documents") {
    const chosen = (await listShareDocumentIds(db, [share.id])).get(share.id) ?? [];
    if (!chosen.includes(documentId)) throw new NotFoundError("Документ не найден.");
  }
  const document = await cardDocument(db, card, documentId);
  if (!document) throw new NotFoundError("Документ не найден.");
  return document;
}
