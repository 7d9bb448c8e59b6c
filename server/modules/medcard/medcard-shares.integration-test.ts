import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { medcardShareDocuments, medcardShares } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestClient, signInClient } from "../../test/factories.ts";
import {
  addCardDocument,
  type CardOwner,
  createCardOwner,
  createShare,
} from "../../test/medcard-share-fixtures.ts";

const dataDir = mkdtempSync(join(tmpdir(), "rms-medcard-shares-"));
const t = setupTestApp({ env: { DATA_DIR: dataDir, PUBLIC_ORIGIN: "https://lk.rms.test" } });

const HOUR = 3_600_000;

function sharesOf(owner: CardOwner) {
  return t.app.inject({
    method: "GET",
    url: `/api/medcard/cards/${owner.cardId}/shares`,
    cookies: { rms_session: owner.cookie },
  });
}

function openWith(token: string, code: string, ip: string) {
  return t.app.inject({
    method: "POST",
    url: `/api/medcard-shares/${token}/open`,
    payload: { code },
    remoteAddress: ip,
    headers: { "user-agent": "Doctor's browser" },
  });
}

describe("«Показать врачу» in the cabinet", () => {
  it("answers a new link once with its address on the site's origin and a 6-digit code", async () => {
    const owner = await createCardOwner(t.app);
    const before = Date.now();
    const res = await t.app.inject({
      method: "POST",
      url: `/api/medcard/cards/${owner.cardId}/shares`,
      cookies: { rms_session: owner.cookie },
      payload: { hours: 24, scope: "card" },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.url).toMatch(/^https:\/\/lk\.rms\.test\/medcard-share\/[A-Za-z0-9_-]{43}$/);
    expect(created.code).toMatch(/^\d{6}$/);
    expect(created).toMatchObject({ scope: "card", status: "active", revokedAt: null, views: [] });
    const expiresAt = Date.parse(created.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 24 * HOUR);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 24 * HOUR);

    // The list never gives the link or the code again.
    const listed = (await sharesOf(owner)).json().shares;
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty("url");
    expect(listed[0]).not.toHaveProperty("code");
  });

  it("stores neither the token nor the code, only what cannot be turned back into them", async () => {
    const owner = await createCardOwner(t.app);
    const share = await createShare(t.app, owner, { hours: 1, scope: "card" });
    const [row] = await t.database.db
      .select()
      .from(medcardShares)
      .where(eq(medcardShares.id, share.id));
    if (!row) throw new Error("the share is not stored");
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(share.token);
    expect(stored).not.toContain(share.code);
    expect(row.tokenHash).toBe(createHash("sha256").update(share.token).digest("hex"));
    // Not the code's bare hash, which a copy of the table would reverse by trying a million codes.
    expect(row.codeHash).not.toContain(createHash("sha256").update(share.code).digest("hex"));
    expect(row.codeHash).not.toContain(createHash("sha256").update(share.code).digest("base64"));
  });

  it("refuses a link of less than an hour or more than 30 days in Russian", async () => {
    const owner = await createCardOwner(t.app);
    for (const [hours, message] of [
      [0, "Не меньше часа"],
      [721, "Не больше 30 дней"],
    ] as const) {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/medcard/cards/${owner.cardId}/shares`,
        cookies: { rms_session: owner.cookie },
        payload: { hours, scope: "card" },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toContainEqual({ field: "hours", message });
    }
    const longest = await createShare(t.app, owner, { hours: 720, scope: "card" });
    expect(longest.code).toMatch(/^\d{6}$/);
  });

  it("shares chosen documents only when there is at least one and all are this card's", async () => {
    const owner = await createCardOwner(t.app);
    const other = await createCardOwner(t.app);
    const mine = await addCardDocument(t.app, owner.cardId, { kind: "pdf" });
    const theirs = await addCardDocument(t.app, other.cardId, { kind: "pdf" });
    const post = (documentIds: string[] | undefined) =>
      t.app.inject({
        method: "POST",
        url: `/api/medcard/cards/${owner.cardId}/shares`,
        cookies: { rms_session: owner.cookie },
        payload: { hours: 2, scope: "documents", documentIds },
      });

    const none = await post([]);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toEqual({
      field: "documentIds",
      message: "Выберите хотя бы один документ, которым поделиться.",
    });
    const missing = await post(undefined);
    expect(missing.statusCode).toBe(400);
    const foreign = await post([mine.id, theirs.id]);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().detail).toMatch(/нет в этой медкарте/);

    const created = await post([mine.id]);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ scope: "documents", documentIds: [mine.id] });
    const links = await t.database.db
      .select()
      .from(medcardShareDocuments)
      .where(eq(medcardShareDocuments.shareId, created.json().id));
    expect(links.map((link) => link.documentId)).toEqual([mine.id]);
  });

  it("lists the card's links newest first with their status and every opening", async () => {
    const owner = await createCardOwner(t.app);
    const older = await createShare(t.app, owner, { hours: 1, scope: "card" });
    const newer = await createShare(t.app, owner, { hours: 3, scope: "card" });
    const revoked = await createShare(t.app, owner, { hours: 3, scope: "card" });
    // Created within one millisecond they would tie: make their order plain.
    await t.database.db
      .update(medcardShares)
      .set({ createdAt: new Date(Date.now() - 3 * HOUR) })
      .where(eq(medcardShares.id, older.id));
    await t.database.db
      .update(medcardShares)
      .set({ createdAt: new Date(Date.now() - 2 * HOUR), expiresAt: new Date(Date.now() - 1000) })
      .where(eq(medcardShares.id, newer.id));
    expect((await openWith(revoked.token, revoked.code, "198.51.100.7")).statusCode).toBe(200);
    expect((await openWith(revoked.token, revoked.code, "198.51.100.8")).statusCode).toBe(200);
    const revoke = await t.app.inject({
      method: "POST",
      url: `/api/medcard/cards/${owner.cardId}/shares/${revoked.id}/revoke`,
      cookies: { rms_session: owner.cookie },
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().status).toBe("revoked");

    const res = await sharesOf(owner);
    expect(res.statusCode).toBe(200);
    const shares = res.json().shares;
    expect(shares.map((share: { id: string }) => share.id)).toEqual([
      revoked.id,
      newer.id,
      older.id,
    ]);
    expect(shares.map((share: { status: string }) => share.status)).toEqual([
      "revoked",
      "expired",
      "active",
    ]);
    expect(shares[0].views.map((view: { ip: string }) => view.ip)).toEqual([
      "198.51.100.8",
      "198.51.100.7",
    ]);
    expect(shares[2].views).toEqual([]);
  });

  it("keeps the first moment of a revocation when «Отозвать» is pressed twice", async () => {
    const owner = await createCardOwner(t.app);
    const share = await createShare(t.app, owner, { hours: 1, scope: "card" });
    const revoke = () =>
      t.app.inject({
        method: "POST",
        url: `/api/medcard/cards/${owner.cardId}/shares/${share.id}/revoke`,
        cookies: { rms_session: owner.cookie },
      });
    const first = (await revoke()).json();
    const second = await revoke();
    expect(second.statusCode).toBe(200);
    expect(second.json().revokedAt).toBe(first.revokedAt);
  });

  it("answers 404 to another account creating, listing or revoking links of a card not its own", async () => {
    const owner = await createCardOwner(t.app);
    const share = await createShare(t.app, owner, { hours: 1, scope: "card" });
    const intruder = await createCardOwner(t.app);
    const asIntruder = { rms_session: intruder.cookie };

    const create = await t.app.inject({
      method: "POST",
      url: `/api/medcard/cards/${owner.cardId}/shares`,
      cookies: asIntruder,
      payload: { hours: 1, scope: "card" },
    });
    const list = await t.app.inject({
      method: "GET",
      url: `/api/medcard/cards/${owner.cardId}/shares`,
      cookies: asIntruder,
    });
    const revoke = await t.app.inject({
      method: "POST",
      url: `/api/medcard/cards/${owner.cardId}/shares/${share.id}/revoke`,
      cookies: asIntruder,
    });
    // Its own card with the other card's share id is no way round either.
    const crossed = await t.app.inject({
      method: "POST",
      url: `/api/medcard/cards/${intruder.cardId}/shares/${share.id}/revoke`,
      cookies: asIntruder,
    });
    for (const res of [create, list, revoke]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toBe("Медкарта не найдена");
    }
    expect(crossed.statusCode).toBe(404);
    const [row] = await t.database.db
      .select({ revokedAt: medcardShares.revokedAt })
      .from(medcardShares)
      .where(eq(medcardShares.id, share.id));
    expect(row?.revokedAt).toBeNull();
    expect((await openWith(share.token, share.code, "198.51.100.20")).statusCode).toBe(200);
  });

  it("refuses every share route without a session (401) and without the health-data consent (403)", async () => {
    const anonymous = await t.app.inject({
      method: "GET",
      url: "/api/medcard/cards/00000000-0000-4000-8000-000000000000/shares",
    });
    expect(anonymous.statusCode).toBe(401);

    const owner = await createCardOwner(t.app);
    const unconsented = await createTestClient(t.database.db);
    const cookie = await signInClient(t.app, unconsented);
    const res = await t.app.inject({
      method: "POST",
      url: `/api/medcard/cards/${owner.cardId}/shares`,
      cookies: { rms_session: cookie },
      payload: { hours: 1, scope: "card" },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/согласие на обработку сведений о состоянии здоровья/);
  });
});
