import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { medcardEntries } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { createTestStaff } from "../../test/factories.ts";
import {
  cardsOf,
  createTestFamily,
  giveHealthConsent,
  type TestFamily,
} from "../medcard/medcard-test-fixtures.ts";
import { eraseLapsedHealthData } from "./index.ts";

const t = setupTestApp();

function call(cookie: string, method: "GET" | "POST", url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    payload: payload as Record<string, unknown> | undefined,
    cookies: { rms_session: cookie },
  });
}

/** A family that accepted the documents of sign-in and gave the health-data consent. */
async function newAccount(): Promise<TestFamily> {
  const family = await createTestFamily(t.app);
  const documents = (await t.app.inject({ method: "GET", url: "/api/legal/documents" })).json()
    .documents as { slug: string; version: number }[];
  const accepted = await call(family.cookie, "POST", "/api/auth/consents", {
    documents: documents.map(({ slug, version }) => ({ slug, version })),
  });
  expect(accepted.statusCode).toBeLessThan(300);
  await giveHealthConsent(t.app, family.cookie);
  return family;
}

describe("«Мои данные и согласия»: the accepted documents", () => {
  it("lists each accepted document with its version, date, whether it is required and its text's address", async () => {
    const family = await newAccount();
    const res = await call(family.cookie, "GET", "/api/legal/consents");
    expect(res.statusCode).toBe(200);
    const consents = res.json().consents;
    expect(consents.map((c: { slug: string }) => c.slug)).toEqual([
      "offer",
      "terms",
      "personal-data",
      "health-data",
    ]);
    for (const consent of consents) {
      expect(consent).toMatchObject({ url: `/legal/${consent.slug}`, withdrawnAt: null });
      expect(consent.version).toBeGreaterThanOrEqual(1);
      expect(consent.title).not.toBe("");
      expect(Number.isNaN(Date.parse(consent.acceptedAt))).toBe(false);
      expect(consent.required).toBe(consent.slug !== "health-data");
    }
  });

  it("shows another account nothing of this one's consents", async () => {
    const family = await newAccount();
    const other = await createTestFamily(t.app);
    const res = await call(other.cookie, "GET", "/api/legal/consents");
    expect(res.json().consents).toEqual([]);
    expect(family.client.id).not.toBe(other.client.id);
  });
});

describe("withdrawing a consent", () => {
  it("withdraws the health-data consent at once: the medical card's next read is refused", async () => {
    const family = await newAccount();
    const [card] = await cardsOf(t.app, family.cookie);
    const url = `/api/medcard/cards/${card?.id}`;
    expect((await call(family.cookie, "GET", url)).statusCode).toBe(200);

    const res = await call(family.cookie, "POST", "/api/legal/consents/health-data/withdraw");
    expect(res.statusCode).toBe(200);
    const health = res.json().consents.find((c: { slug: string }) => c.slug === "health-data");
    expect(health.withdrawnAt).not.toBeNull();

    const refused = await call(family.cookie, "GET", url);
    expect(refused.statusCode).toBe(403);
    const list = await call(family.cookie, "GET", "/api/medcard");
    expect(list.json()).toMatchObject({ cards: [] });
    expect(list.json().consentRequired).toMatchObject({ slug: "health-data" });
  });

  it("lets the health-data consent be given again where «Медкарта» asks for it", async () => {
    const family = await newAccount();
    const [card] = await cardsOf(t.app, family.cookie);
    await call(family.cookie, "POST", "/api/legal/consents/health-data/withdraw");
    await giveHealthConsent(t.app, family.cookie);
    expect((await call(family.cookie, "GET", `/api/medcard/cards/${card?.id}`)).statusCode).toBe(
      200,
    );
    const health = (await call(family.cookie, "GET", "/api/legal/consents"))
      .json()
      .consents.find((c: { slug: string }) => c.slug === "health-data");
    expect(health.withdrawnAt).toBeNull();
  });

  it("refuses to withdraw the personal-data consent alone and explains it as closing the account", async () => {
    const family = await newAccount();
    const res = await call(family.cookie, "POST", "/api/legal/consents/personal-data/withdraw");
    expect(res.statusCode).toBe(409);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json().detail).toContain("Удалить учётную запись");
    const consents = (await call(family.cookie, "GET", "/api/legal/consents")).json().consents;
    const personal = consents.find((c: { slug: string }) => c.slug === "personal-data");
    expect(personal.withdrawnAt).toBeNull();
  });

  it("erases what the client put into its card 30 days after the withdrawal, unless given again", async () => {
    const db = t.database.db;
    const doctor = await createTestStaff(db, "doctor");
    const withEntries = async () => {
      const family = await newAccount();
      const [card] = await cardsOf(t.app, family.cookie);
      const cardId = card?.id ?? "";
      await db.insert(medcardEntries).values([
        { cardId, kind: "allergy", text: "Пенициллин", source: "patient" },
        { cardId, kind: "condition", text: "Гипертония", source: "doctor", staffId: doctor.id },
      ]);
      await call(family.cookie, "POST", "/api/legal/consents/health-data/withdraw");
      const left = async () =>
        (
          await db
            .select({ source: medcardEntries.source })
            .from(medcardEntries)
            .where(eq(medcardEntries.cardId, cardId))
        )
          .map((row) => row.source)
          .sort();
      return { family, left };
    };
    const withdrawn = await withEntries();
    const givenAgain = await withEntries();
    await giveHealthConsent(t.app, givenAgain.family.cookie);

    await eraseLapsedHealthData(db, new Date(Date.now() + 20 * 24 * 60 * 60_000));
    expect(await withdrawn.left()).toEqual(["doctor", "patient"]);

    await eraseLapsedHealthData(db, new Date(Date.now() + 31 * 24 * 60 * 60_000));
    expect(await withdrawn.left()).toEqual(["doctor"]);
    expect(await givenAgain.left()).toEqual(["doctor", "patient"]);
  });

  it("answers 404 in Russian for a consent not in force", async () => {
    const family = await newAccount();
    await call(family.cookie, "POST", "/api/legal/consents/health-data/withdraw");
    const again = await call(family.cookie, "POST", "/api/legal/consents/health-data/withdraw");
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toContain("не действует");
  });

  it("is closed to a visitor who is not signed in", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/legal/consents/health-data/withdraw",
    });
    expect(res.statusCode).toBe(401);
  });
});
