import { randomInt } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { todayInMoscow } from "../../../common/format/date.ts";
import {
  contractHolders,
  medcardEntries,
  medcardShares,
  medcardShareViews,
} from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestContract, createTestProgram } from "../../test/contract-factories.ts";
import { uniquePhone } from "../../test/factories.ts";
import {
  addCardDocument,
  type CardOwner,
  createCardOwner,
  createShare,
  wrongCodeFor,
} from "../../test/medcard-share-fixtures.ts";
import { listClientCards } from "./medcard-access.service.ts";
import { IP_WRONG_CODES, SHARE_WRONG_CODES } from "./medcard-shares.service.ts";

const dataDir = mkdtempSync(join(tmpdir(), "rms-shared-card-"));
// A stand-in for dist/web: the shared page is the cabinet's app outside the signed-in layout.
const webRoot = mkdtempSync(join(tmpdir(), "rms-web-"));
mkdirSync(join(webRoot, "cabinet"));
writeFileSync(join(webRoot, "cabinet/index.html"), "<!doctype html><title>cabinet</title>");

const t = setupTestApp({ env: { DATA_DIR: dataDir }, webRoot });

/** An address no other test of this file uses, so the per-IP limit counts only this test's tries. */
function freshIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

function statusOf(token: string) {
  return t.app.inject({ method: "GET", url: `/api/medcard-shares/${token}` });
}

function openWith(token: string, code: string, ip: string) {
  return t.app.inject({
    method: "POST",
    url: `/api/medcard-shares/${token}/open`,
    payload: { code },
    remoteAddress: ip,
    headers: { "user-agent": "Mozilla/5.0 (doctor)" },
  });
}

function grantOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === "rms_medcard_grant");
  if (!cookie) throw new Error(`no grant cookie: ${res.statusCode} ${res.body}`);
  return cookie.value;
}

function fileOf(token: string, documentId: string, grant: string | undefined, query = "") {
  return t.app.inject({
    method: "GET",
    url: `/api/medcard-shares/${token}/documents/${documentId}/file${query}`,
    cookies: grant ? { rms_medcard_grant: grant } : {},
  });
}

async function revoke(owner: CardOwner, shareId: string) {
  const res = await t.app.inject({
    method: "POST",
    url: `/api/medcard/cards/${owner.cardId}/shares/${shareId}/revoke`,
    cookies: { rms_session: owner.cookie },
  });
  expect(res.statusCode).toBe(200);
}

async function addAllergy(cardId: string, text: string) {
  await t.database.db.insert(medcardEntries).values({
    cardId,
    kind: "allergy",
    text,
    note: "Крапивница",
    source: "patient",
  });
}

describe("the shared card, opened with the link and its code", () => {
  it("tells the page whether a link opens before any code, and 404 for an unknown one", async () => {
    const owner = await createCardOwner(t.app);
    const share = await createShare(t.app, owner, { hours: 5, scope: "card" });
    const res = await statusOf(share.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "active", expiresAt: expect.any(String) });
    expect(res.headers["x-robots-tag"]).toBe("noindex, nofollow");

    const unknown = await statusOf("A".repeat(43));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().title).toBe("Ссылка не найдена");
    expect(unknown.headers["x-robots-tag"]).toBe("noindex, nofollow");
    const garbage = await statusOf("not-a-token");
    expect(garbage.statusCode).toBe(404);
    const openUnknown = await openWith("B".repeat(43), "123456", freshIp());
    expect(openUnknown.statusCode).toBe(404);
  });

  it("opens the whole card with the right code, logs the opening and gives a strict, scoped grant", async () => {
    const owner = await createCardOwner(t.app);
    await addAllergy(owner.cardId, "Пенициллин");
    const pdf = await addCardDocument(t.app, owner.cardId, { kind: "pdf", title: "Анализ крови" });
    const share = await createShare(t.app, owner, { hours: 2, scope: "card" });
    const ip = freshIp();

    const res = await openWith(share.token, share.code, ip);
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-robots-tag"]).toBe("noindex, nofollow");
    const view = res.json();
    expect(view.card).toMatchObject({
      fullName: "Смирнова Ольга Петровна",
      birthDate: "1988-11-02",
    });
    expect(view.scope).toBe("card");
    expect(view.summary.map((entry: { text: string }) => entry.text)).toEqual(["Пенициллин"]);
    // Read-only: the doctor may change nothing of what it sees.
    expect(view.summary[0].editable).toBe(false);
    expect(view.documents.map((d: { id: string }) => d.id)).toEqual([pdf.id]);
    expect(view.documents[0].removable).toBe(false);

    const cookie = res.cookies.find((c) => c.name === "rms_medcard_grant");
    expect(cookie).toMatchObject({
      httpOnly: true,
      sameSite: "Strict",
      path: `/api/medcard-shares/${share.token}`,
    });
    expect(cookie?.maxAge).toBeGreaterThan(2 * 3600 - 60);
    expect(cookie?.maxAge).toBeLessThanOrEqual(2 * 3600);

    const [opening] = await t.database.db
      .select()
      .from(medcardShareViews)
      .where(eq(medcardShareViews.shareId, share.id));
    expect(opening).toMatchObject({ ip, userAgent: "Mozilla/5.0 (doctor)" });
    expect(opening?.grantHash).not.toBe(cookie?.value);
    expect(JSON.stringify(opening)).not.toContain(cookie?.value);

    const listed = await t.app.inject({
      method: "GET",
      url: `/api/medcard/cards/${owner.cardId}/shares`,
      cookies: { rms_session: owner.cookie },
    });
    expect(listed.json().shares[0].views).toEqual([{ openedAt: expect.any(String), ip }]);
  });

  it("serves a shared file inline to the grant's browser, as an attachment with ?download=1, and to no one else", async () => {
    const owner = await createCardOwner(t.app);
    const png = await addCardDocument(t.app, owner.cardId, { kind: "png" });
    const share = await createShare(t.app, owner, { hours: 1, scope: "card" });
    const grant = grantOf(await openWith(share.token, share.code, freshIp()));

    const inline = await fileOf(share.token, png.id, grant);
    expect(inline.statusCode).toBe(200);
    expect(inline.headers["content-type"]).toBe("image/png");
    expect(inline.headers["content-disposition"]).toMatch(/^inline;/);
    expect(inline.headers["x-robots-tag"]).toBe("noindex, nofollow");
    expect(inline.rawPayload.equals(png.bytes)).toBe(true);
    const download = await fileOf(share.token, png.id, grant, "?download=1");
    expect(download.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(download.headers["content-disposition"]).toContain(encodeURIComponent("заключение.png"));

    const noGrant = await fileOf(share.token, png.id, undefined);
    expect(noGrant.statusCode).toBe(403);
    expect(noGrant.headers["x-robots-tag"]).toBe("noindex, nofollow");
    expect((await fileOf(share.token, png.id, "forged-grant")).statusCode).toBe(403);
    // A grant of another link opens nothing of this one.
    const other = await createShare(t.app, owner, { hours: 1, scope: "card" });
    expect((await fileOf(other.token, png.id, grant)).statusCode).toBe(403);
  });

  it("refuses a wrong code with the tries left, the 6th with 429, and the right one while limited", async () => {
    const owner = await createCardOwner(t.app);
    const share = await createShare(t.app, owner, { hours: 1, scope: "card" });
    // Tries from several addresses: the link's own limit is what stops them.
    for (let n = 1; n <= SHARE_WRONG_CODES; n += 1) {
      const res = await openWith(share.token, wrongCodeFor(share.code, n), freshIp());
      expect(res.statusCode).toBe(403);
      expect(res.headers["x-robots-tag"]).toBe("noindex, nofollow");
      const left = SHARE_WRONG_CODES - n;
      expect(res.json().errors).toEqual([
        {
          field: "code",
          message:
            left > 0
              ? `Неверный код. Осталось попыток: ${left}.`
              : "Неверный код. Попытки исчерпаны — повторите через 15 мин.",
        },
      ]);
      expect(res.cookies).toEqual([]);
    }
    const sixth = await openWith(share.token, wrongCodeFor(share.code, 9), freshIp());
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers["retry-after"])).toBeGreaterThan(14 * 60);
    expect(Number(sixth.headers["retry-after"])).toBeLessThanOrEqual(15 * 60);
    expect(sixth.json().detail).toMatch(
      /^По этой ссылке введено слишком много неверных кодов\. Повторите через 15 мин\.$/,
    );
    expect(sixth.headers["x-robots-tag"]).toBe("noindex, nofollow");

    const right = await openWith(share.token, share.code, freshIp());
    expect(right.statusCode).toBe(429);
    expect(right.cookies).toEqual([]);
    const openings = await t.database.db
      .select()
      .from(medcardShareViews)
      .where(eq(medcardShareViews.shareId, share.id));
    expect(openings).toEqual([]);
  });

  it("counts wrong codes sent at once one after another, so none gets past the limit", async () => {
    const owner = await createCardOwner(t.app);
    const share = await createShare(t.app, owner, { hours: 1, scope: "card" });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        openWith(share.token, wrongCodeFor(share.code, i + 1), freshIp()),
      ),
    );
    const statuses = answers.map((res) => res.statusCode).sort();
    expect(statuses.filter((status) => status === 403)).toHaveLength(SHARE_WRONG_CODES);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - SHARE_WRONG_CODES);
  });

  it("stops one address that tries wrong codes on many links", async () => {
    const owner = await createCardOwner(t.app);
    const ip = freshIp();
    let tried = 0;
    while (tried < IP_WRONG_CODES) {
      const share = await createShare(t.app, owner, { hours: 1, scope: "card" });
      for (let n = 1; n < SHARE_WRONG_CODES && tried < IP_WRONG_CODES; n += 1, tried += 1) {
        expect((await openWith(share.token, wrongCodeFor(share.code, n), ip)).statusCode).toBe(403);
      }
    }
    const fresh = await createShare(t.app, owner, { hours: 1, scope: "card" });
    const refused = await openWith(fresh.token, fresh.code, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().detail).toMatch(
      /^С вашего устройства введено слишком много неверных кодов/,
    );
    expect(Number(refused.headers["retry-after"])).toBe(15 * 60);
    // Another address still opens that link.
    expect((await openWith(fresh.token, fresh.code, freshIp())).statusCode).toBe(200);
  });

  it("refuses a revoked link at once: its status, a new opening and the files of an open one", async () => {
    const owner = await createCardOwner(t.app);
    const pdf = await addCardDocument(t.app, owner.cardId, { kind: "pdf" });
    const share = await createShare(t.app, owner, { hours: 24, scope: "card" });
    const grant = grantOf(await openWith(share.token, share.code, freshIp()));
    expect((await fileOf(share.token, pdf.id, grant)).statusCode).toBe(200);

    await revoke(owner, share.id);

    expect((await statusOf(share.token)).json()).toMatchObject({ status: "revoked" });
    const open = await openWith(share.token, share.code, freshIp());
    expect(open.statusCode).toBe(404);
    expect(open.json()).toMatchObject({ title: "Доступ по ссылке отозван" });
    expect(open.cookies).toEqual([]);
    const file = await fileOf(share.token, pdf.id, grant);
    expect(file.statusCode).toBe(404);
    expect(file.json().title).toBe("Доступ по ссылке отозван");
    expect(file.headers["x-robots-tag"]).toBe("noindex, nofollow");
  });

  it("refuses an expired link with 404: its status says so, the code and the files open nothing", async () => {
    const owner = await createCardOwner(t.app);
    const pdf = await addCardDocument(t.app, owner.cardId, { kind: "pdf" });
    const share = await createShare(t.app, owner, { hours: 1, scope: "card" });
    const grant = grantOf(await openWith(share.token, share.code, freshIp()));
    await t.database.db
      .update(medcardShares)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(medcardShares.id, share.id));

    expect((await statusOf(share.token)).json()).toMatchObject({ status: "expired" });
    const open = await openWith(share.token, share.code, freshIp());
    expect(open.statusCode).toBe(404);
    expect(open.json().title).toBe("Срок действия ссылки истёк");
    const file = await fileOf(share.token, pdf.id, grant);
    expect(file.statusCode).toBe(404);
    expect(file.json().title).toBe("Срок действия ссылки истёк");
  });

  it("shows only the chosen documents of a documents link, without «Сводка» or the timeline, and no other file", async () => {
    const owner = await createCardOwner(t.app);
    await addAllergy(owner.cardId, "Арахис");
    const chosen = await addCardDocument(t.app, owner.cardId, { kind: "pdf", title: "Выбранный" });
    const kept = await addCardDocument(t.app, owner.cardId, { kind: "png", title: "Не выбранный" });
    const share = await createShare(t.app, owner, {
      hours: 1,
      scope: "documents",
      documentIds: [chosen.id],
    });

    const res = await openWith(share.token, share.code, freshIp());
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.scope).toBe("documents");
    expect(view.summary).toEqual([]);
    expect(view.timeline).toEqual([]);
    expect(view.documents.map((d: { title: string }) => d.title)).toEqual(["Выбранный"]);

    const grant = grantOf(res);
    expect((await fileOf(share.token, chosen.id, grant)).statusCode).toBe(200);
    const other = await fileOf(share.token, kept.id, grant);
    expect(other.statusCode).toBe(404);
    // Nor a document of another card through a link to the whole card.
    const stranger = await createCardOwner(t.app);
    const foreign = await addCardDocument(t.app, stranger.cardId, { kind: "pdf" });
    const whole = await createShare(t.app, owner, { hours: 1, scope: "card" });
    const wholeGrant = grantOf(await openWith(whole.token, whole.code, freshIp()));
    expect((await fileOf(whole.token, foreign.id, wholeGrant)).statusCode).toBe(404);
  });

  it("closes a child's link when the parent may no longer read the child's card", async () => {
    const phone = uniquePhone();
    const year = Number(todayInMoscow().slice(0, 4));
    const program = await createTestProgram(t.database.db, { maxPersons: 2 });
    const contract = await createTestContract(t.database.db, {
      programId: program.id,
      startsOn: `${year - 1}-01-01`,
      endsOn: `${year + 1}-12-31`,
      persons: [
        {
          slot: 1,
          lastName: "Смирнова",
          firstName: "Ольга",
          patronymic: "Петровна",
          birthDate: "1988-11-02",
          phone,
        },
        {
          slot: 2,
          lastName: "Смирнов",
          firstName: "Миша",
          patronymic: "Олегович",
          birthDate: `${year - 8}-04-10`,
        },
      ],
    });
    const parent = await createCardOwner(t.app, { phone });
    const childCard = (await listClientCards(t.database.db, parent.client.id)).find(
      (card) => card.subject === "child",
    );
    if (!childCard) throw new Error("the parent got no child card");
    const share = await createShare(
      t.app,
      { ...parent, cardId: childCard.id },
      {
        hours: 1,
        scope: "card",
      },
    );
    const open = await openWith(share.token, share.code, freshIp());
    expect(open.statusCode).toBe(200);
    expect(open.json().card.fullName).toBe("Смирнов Миша Олегович");

    // The contract leaves the account: the parent's card of the child, and its link, close.
    await t.database.db.delete(contractHolders).where(eq(contractHolders.contractId, contract.id));
    const refused = await openWith(share.token, share.code, freshIp());
    expect(refused.statusCode).toBe(404);
    expect(refused.json().title).toBe("Ссылка не найдена");
  });

  it("serves the shared page's HTML with X-Robots-Tag noindex", async () => {
    const res = await t.app.inject({ method: "GET", url: `/medcard-share/${"C".repeat(43)}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain("<title>cabinet</title>");
    expect(res.headers["x-robots-tag"]).toBe("noindex, nofollow");
    // Other pages stay indexable.
    const verify = await t.app.inject({ method: "GET", url: "/verify" });
    expect(verify.headers["x-robots-tag"]).toBeUndefined();
  });
});
