import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { company } from "../../../common/company.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { clients, consents, legalDocuments } from "../../db/schema/index.ts";
import { setupTestApp } from "../../test/build-test-app.ts";
import { latestSmsCode, uniquePhone } from "../../test/factories.ts";
import { publishBundledDocuments } from "./index.ts";

// The offer, the user agreement and the personal-data consent: published from the Markdown files
// beside this module at start, listed at /api/legal/documents, shown at /legal/<slug>, and
// accepted version by version.
const t = setupTestApp();

const BUNDLED = [
  { slug: "offer", title: "Договор оферты", version: 1, url: "/legal/offer" },
  {
    slug: "personal-data",
    title: "Согласие на обработку персональных данных",
    version: 1,
    url: "/legal/personal-data",
  },
  { slug: "terms", title: "Пользовательское соглашение", version: 1, url: "/legal/terms" },
];

async function listed(): Promise<{ slug: string; title: string; version: number; url: string }[]> {
  const res = await t.app.inject({ method: "GET", url: "/api/legal/documents" });
  expect(res.statusCode).toBe(200);
  return res.json().documents;
}

async function versionsOf(slug: string) {
  return t.database.db
    .select({
      version: legalDocuments.version,
      bodyMarkdown: legalDocuments.bodyMarkdown,
      publishedAt: legalDocuments.publishedAt,
    })
    .from(legalDocuments)
    .where(eq(legalDocuments.slug, slug))
    .orderBy(legalDocuments.version);
}

/** A phone proven by its SMS code: the ticket registration asks for. */
async function registrationTicket(phone: string, remoteAddress: string): Promise<string> {
  const sent = await t.app.inject({
    method: "POST",
    url: "/api/auth/registration/code",
    payload: { phone },
    remoteAddress,
  });
  expect(sent.statusCode).toBe(202);
  const verified = await t.app.inject({
    method: "POST",
    url: "/api/auth/registration/verify",
    payload: { phone, code: await latestSmsCode(t.app, phone) },
    remoteAddress,
  });
  expect(verified.statusCode).toBe(200);
  return verified.json().ticket;
}

function register(ticket: string, acceptedDocuments: object[], remoteAddress: string) {
  return t.app.inject({
    method: "POST",
    url: "/api/auth/registration",
    payload: {
      ticket,
      lastName: "Согласнова",
      firstName: "Вера",
      patronymic: "Павловна",
      birthDate: "12.04.1988",
      email: `vera.${randomInt(1e9)}@example.ru`,
      password: "Зелёный-чай-2026",
      acceptedDocuments,
    },
    headers: { "user-agent": "Mozilla/5.0 (Linux; Android 14) Тест" },
    remoteAddress,
  });
}

describe("the published documents", () => {
  it("lists the current version of each bundled document with its title and page, to anyone", async () => {
    expect(await listed()).toEqual(BUNDLED);
  });

  it("shows each document as a printable Russian page with its version and publication date", async () => {
    for (const document of BUNDLED) {
      const res = await t.app.inject({ method: "GET", url: document.url });
      expect(res.statusCode, document.slug).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers["cache-control"]).toBe("no-cache");
      const [stored] = await versionsOf(document.slug);
      if (!stored) throw new Error(`${document.slug} is not published`);
      const published = formatMoscowDateTime(stored.publishedAt).slice(0, 10);
      expect(res.body).toContain('<html lang="ru">');
      expect(res.body).toContain(`<title>${document.title} — ${company.name}</title>`);
      expect(res.body).toContain(`<p class="meta">Редакция 1 от ${published}</p>`);
      expect(res.body).toContain(`<h1>${document.title}</h1>`);
      expect(res.body).toContain('<link rel="stylesheet" href="/legal/legal.css">');
    }
    const css = await t.app.inject({ method: "GET", url: "/legal/legal.css" });
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(css.body).toContain("@media print");
  });

  it("answers 404 in Russian for a document that does not exist", async () => {
    for (const url of ["/legal/privacy", "/legal/offer-2"]) {
      const res = await t.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().detail).toBe("Такого документа нет.");
    }
  });
});

describe("the acceptance at registration", () => {
  it("stores each current version the new client accepted, with the time, the address and the browser", async () => {
    const phone = uniquePhone();
    const ip = `198.51.100.${randomInt(1, 255)}`;
    const ticket = await registrationTicket(phone, ip);
    const before = Date.now();
    const res = await register(
      ticket,
      BUNDLED.map(({ slug, version }) => ({ slug, version })),
      ip,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().pendingDocuments).toEqual([]);

    const stored = await t.database.db
      .select({
        slug: legalDocuments.slug,
        version: legalDocuments.version,
        acceptedAt: consents.acceptedAt,
        ip: consents.ip,
        userAgent: consents.userAgent,
      })
      .from(consents)
      .innerJoin(legalDocuments, eq(consents.documentId, legalDocuments.id))
      .innerJoin(clients, eq(consents.clientId, clients.id))
      .where(eq(clients.phone, phone))
      .orderBy(legalDocuments.slug);
    expect(stored.map(({ slug, version }) => ({ slug, version }))).toEqual(
      BUNDLED.map(({ slug, version }) => ({ slug, version })),
    );
    for (const row of stored) {
      expect(row.ip).toBe(ip);
      expect(row.userAgent).toBe("Mozilla/5.0 (Linux; Android 14) Тест");
      expect(row.acceptedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(row.acceptedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });

  it("refuses a registration that names another version, keeps no account, and takes the same ticket with the current ones", async () => {
    const phone = uniquePhone();
    const ip = `198.51.100.${randomInt(1, 255)}`;
    const ticket = await registrationTicket(phone, ip);
    const current = BUNDLED.map(({ slug, version }) => ({ slug, version }));

    const stale = await register(
      ticket,
      current.map((item) => (item.slug === "offer" ? { ...item, version: 0 } : item)),
      ip,
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toMatch(/^Документы обновились/);
    const missing = await register(
      ticket,
      current.filter((item) => item.slug !== "personal-data"),
      ip,
    );
    expect(missing.statusCode).toBe(409);
    const none = await register(ticket, [], ip);
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([
      { field: "acceptedDocuments", message: "Примите условия соглашений" },
    ]);
    expect(await t.database.db.select().from(clients).where(eq(clients.phone, phone))).toEqual([]);

    expect((await register(ticket, current, ip)).statusCode).toBe(201);
  });
});

describe("a new version of a document", () => {
  it("replaces the old one in the list and on the page, and is what a new client must accept", async () => {
    await t.database.db.insert(legalDocuments).values({
      slug: "terms",
      version: 2,
      title: "Пользовательское соглашение",
      bodyMarkdown: "# Пользовательское соглашение\n\nРедакция с новым пунктом о чате.",
    });
    expect(await listed()).toEqual(
      BUNDLED.map((document) =>
        document.slug === "terms" ? { ...document, version: 2 } : document,
      ),
    );
    const page = await t.app.inject({ method: "GET", url: "/legal/terms" });
    expect(page.body).toContain("Редакция 2 от");
    expect(page.body).toContain("<p>Редакция с новым пунктом о чате.</p>");

    const phone = uniquePhone();
    const ip = `198.51.100.${randomInt(1, 255)}`;
    const ticket = await registrationTicket(phone, ip);
    const old = BUNDLED.map(({ slug, version }) => ({ slug, version }));
    expect((await register(ticket, old, ip)).statusCode).toBe(409);
    const current = (await listed()).map(({ slug, version }) => ({ slug, version }));
    expect((await register(ticket, current, ip)).statusCode).toBe(201);
    const [accepted] = await t.database.db
      .select({ version: legalDocuments.version })
      .from(consents)
      .innerJoin(legalDocuments, eq(consents.documentId, legalDocuments.id))
      .innerJoin(clients, eq(consents.clientId, clients.id))
      .where(and(eq(clients.phone, phone), eq(legalDocuments.slug, "terms")));
    expect(accepted?.version).toBe(2);
  });

  it("publishes the bundled text again at the next start when it differs from the latest version, and nothing when it is the same", async () => {
    // The latest «terms» is now the version 2 inserted above, whose text is not the bundled one.
    await publishBundledDocuments(t.database.db);
    const terms = await versionsOf("terms");
    expect(terms.map((row) => row.version)).toEqual([1, 2, 3]);
    expect(terms[2]?.bodyMarkdown).toBe(terms[0]?.bodyMarkdown);
    expect((await versionsOf("offer")).map((row) => row.version)).toEqual([1]);

    await publishBundledDocuments(t.database.db);
    expect((await versionsOf("terms")).map((row) => row.version)).toEqual([1, 2, 3]);
    expect((await listed()).find((document) => document.slug === "terms")?.version).toBe(3);
  });
});

describe("the consent to processing health data", () => {
  it("is published with its own page but is not among the documents a new client accepts", async () => {
    expect((await listed()).map((document) => document.slug)).not.toContain("health-data");
    const [stored] = await versionsOf("health-data");
    expect(stored?.version).toBe(1);
    const page = await t.app.inject({ method: "GET", url: "/legal/health-data" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Согласие на обработку сведений о состоянии здоровья</h1>");
    expect(page.body).toContain("152-ФЗ");
    expect(page.body).toContain("323-ФЗ");
  });

  it("is never asked at sign-in, also after a new version of it", async () => {
    await t.database.db.insert(legalDocuments).values({
      slug: "health-data",
      version: 2,
      title: "Согласие на обработку сведений о состоянии здоровья",
      bodyMarkdown: "# Согласие на обработку сведений о состоянии здоровья\n\nНовая редакция.",
    });
    const phone = uniquePhone();
    const ip = `198.51.100.${randomInt(1, 255)}`;
    const ticket = await registrationTicket(phone, ip);
    const current = (await listed()).map(({ slug, version }) => ({ slug, version }));
    const res = await register(ticket, current, ip);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().pendingDocuments).toEqual([]);
    const session = await t.app.inject({
      method: "GET",
      url: "/api/auth/session",
      cookies: { rms_session: res.cookies.find((c) => c.name === "rms_session")?.value ?? "" },
    });
    expect(session.statusCode, session.body).toBe(200);
    expect(session.json().session.pendingDocuments).toEqual([]);
  });
});
