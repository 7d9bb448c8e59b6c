import { createHash, randomBytes } from "node:crypto";
import type {
  IntegrationToken,
  IssuedIntegrationToken,
} from "../../../common/integration/integration.schema.ts";
import type { Db } from "../../db/client.ts";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from "../../errors.ts";
import * as tokens from "./tokens.repository.ts";

const TOKEN_PREFIX = "rms_";
/** How much of the token is kept in the clear, so an admin can tell tokens apart. */
const SHOWN_CHARACTERS = TOKEN_PREFIX.length + 8;

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Issues a token: 256 random bits, shown this once; only its SHA-256 and prefix are kept. With a
 * clinic, the token is that clinic's (the clinic API only); without, the contracts API's.
 */
export async function issueIntegrationToken(
  db: Db,
  staffId: string,
  input: { name: string; clinicId?: string | null | undefined },
): Promise<IssuedIntegrationToken> {
  const clinicId = input.clinicId ?? null;
  if (clinicId !== null && !(await tokens.clinicExists(db, clinicId))) {
    throw new ValidationError([
      { field: "clinicId", message: "Такой клиники нет: выберите клинику из списка" },
    ]);
  }
  const name = input.name;
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const info = await tokens.insertToken(db, {
    name,
    tokenHash: hashToken(token),
    tokenPrefix: token.slice(0, SHOWN_CHARACTERS),
    createdById: staffId,
    clinicId,
  });
  return { token, info };
}

export function listIntegrationTokens(db: Db): Promise<IntegrationToken[]> {
  return tokens.listTokens(db);
}

export async function revokeIntegrationToken(db: Db, id: string): Promise<IntegrationToken> {
  const existing = await tokens.findToken(db, id);
  if (!existing) throw new NotFoundError("Такого токена нет.");
  if (existing.revokedAt) throw new ConflictError("Этот токен уже отозван.");
  await tokens.revokeToken(db, id, new Date());
  const revoked = await tokens.findToken(db, id);
  if (!revoked) throw new NotFoundError("Такого токена нет.");
  return revoked;
}

function bearerRefused(detail: string, tokenGiven: boolean): AppError {
  // RFC 6750: with no credentials at all, the challenge names no error.
  const challenge = tokenGiven
    ? 'Bearer realm="rms-integration", error="invalid_token"'
    : 'Bearer realm="rms-integration"';
  return new AppError(401, "unauthorized", "Требуется токен доступа", detail, undefined, {
    "WWW-Authenticate": challenge,
  });
}

/**
 * The integration token named by an `Authorization: Bearer …` header; records its use. A missing,
 * unknown or revoked token is a 401 with `WWW-Authenticate: Bearer`.
 */
export async function authenticateBearer(
  db: Db,
  authorization: string | undefined,
): Promise<{ id: string; name: string; clinicId: string | null }> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) {
    throw bearerRefused(
      "Передайте токен интеграции в заголовке Authorization: Bearer <токен>.",
      false,
    );
  }
  const token = await tokens.touchLiveToken(db, hashToken(match[1]), new Date());
  if (!token) {
    throw bearerRefused(
      "Токен интеграции не найден или отозван. Попросите администратора выпустить новый.",
      true,
    );
  }
  return token;
}

/** The contracts API's caller: a live token that is not a clinic's (a clinic's is a 403). */
export async function authenticateContractsBearer(
  db: Db,
  authorization: string | undefined,
): Promise<{ id: string; name: string }> {
  const token = await authenticateBearer(db, authorization);
  if (token.clinicId !== null) {
    throw new ForbiddenError(
      "Это токен клиники: с ним можно передавать только расписание клиники (/api/integration/clinic/…). Для загрузки договоров нужен токен без клиники.",
    );
  }
  return token;
}

/** The clinic API's caller: a live token bound to a clinic (any other is a 403). */
export async function authenticateClinicBearer(
  db: Db,
  authorization: string | undefined,
): Promise<{ id: string; name: string; clinicId: string }> {
  const token = await authenticateBearer(db, authorization);
  if (token.clinicId === null) {
    throw new ForbiddenError(
      "Этот токен не привязан к клинике. Попросите администратора выпустить токен клиники в разделе «Интеграция».",
    );
  }
  return { ...token, clinicId: token.clinicId };
}
