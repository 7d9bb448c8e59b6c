import { Validator } from "@seriousme/openapi-schema-validator";
import Fastify, { type FastifyInstance } from "fastify";
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../../config.ts";
import type { DatabaseHandle } from "../../db/client.ts";
import { outboxMessages } from "../../db/schema/outbox.ts";
import { createSmsProvider } from "../../integrations/sms/sms-provider.ts";
import { errorsPlugin } from "../../plugins/errors.ts";
import { openapiPlugin } from "../../plugins/openapi.ts";
import { securityPlugin } from "../../plugins/security.ts";
import { createTestDatabase } from "../../test/build-test-app.ts";
import { devOutboxPageRoutes, devOutboxRoutes } from "./dev-outbox.routes.ts";

z.config(z.locales.ru());

/** The slice of the app these routes live in, wired the way app.ts wires its modules. */
async function buildDevApp(database: DatabaseHandle, enabled: boolean): Promise<FastifyInstance> {
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("database", database);
  await app.register(securityPlugin, { config: loadConfig({ NODE_ENV: "test" }) });
  await app.register(errorsPlugin);
  await app.register(openapiPlugin);
  await app.register(async (api) => api.register(devOutboxRoutes, { enabled }), { prefix: "/api" });
  await app.register(devOutboxPageRoutes, { enabled });
  await app.ready();
  return app;
}

let database: DatabaseHandle;
let dispose: () => Promise<void>;
let app: FastifyInstance;
let disabledApp: FastifyInstance;

const client = "+79261110001";
const otherClient = "+79261110002";

beforeAll(async () => {
  ({ database, dispose } = await createTestDatabase());
  await database.migrate();
  app = await buildDevApp(database, true);
  disabledApp = await buildDevApp(database, false);

  const sms = createSmsProvider({ provider: "outbox" }, database.db);
  await sms.send({ to: otherClient, text: "Чужой код: 999999" });
  await database.db.insert(outboxMessages).values([
    {
      channel: "sms",
      recipient: client,
      body: "Код для входа: 111111",
      createdAt: new Date("2026-11-25T09:00:00Z"),
    },
    {
      channel: "sms",
      recipient: client,
      body: "Код для входа: 222222",
      createdAt: new Date("2026-11-25T09:05:00Z"),
    },
    {
      channel: "email",
      recipient: "client@example.ru",
      subject: "Подтвердите адрес",
      body: 'Ссылка: <a href="x">подтвердить</a> & <script>alert(1)</script>',
      createdAt: new Date("2026-11-25T09:10:00Z"),
    },
  ]);
});
afterAll(async () => {
  await app?.close();
  await disabledApp?.close();
  await dispose?.();
});

describe("GET /api/dev/outbox", () => {
  it("returns a phone's SMS newest first as { to, text, createdAt }", async () => {
    const res = await app.inject({ method: "GET", url: "/api/dev/outbox?phone=%2B79261110001" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { to: client, text: "Код для входа: 222222", createdAt: "2026-11-25T09:05:00.000Z" },
      { to: client, text: "Код для входа: 111111", createdAt: "2026-11-25T09:00:00.000Z" },
    ]);
  });

  it("accepts the phone as people write it, an unencoded plus included", async () => {
    for (const phone of ["+79261110001", "8 (926) 111-00-01", "9261110001", "+7 926 111-00-01"]) {
      const res = await app.inject({
        method: "GET",
        url: "/api/dev/outbox",
        query: { phone },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toHaveLength(2);
    }
    const raw = await app.inject({ method: "GET", url: "/api/dev/outbox?phone=+79261110001" });
    expect(raw.json()).toHaveLength(2);
  });

  it("returns an address's letters with their subject, whatever the case of the address", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/api/dev/outbox",
      query: { email: "Client@Example.RU" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      {
        to: "client@example.ru",
        subject: "Подтвердите адрес",
        text: 'Ссылка: <a href="x">подтвердить</a> & <script>alert(1)</script>',
        createdAt: "2026-11-25T09:10:00.000Z",
      },
    ]);
  });

  it("returns an empty list for a recipient with no messages", async () => {
    const res = await app.inject({ method: "GET", url: "/api/dev/outbox?phone=89031234567" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
  });

  it("refuses a phone that is not a Russian mobile number with a Russian validation problem", async () => {
    const res = await app.inject({ method: "GET", url: "/api/dev/outbox?phone=12345" });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: "/problems/validation",
      status: 400,
      title: "Проверьте введённые данные",
      detail: "Введите номер мобильного телефона в формате +7 900 000-00-00",
      errors: [
        { field: "phone", message: "Введите номер мобильного телефона в формате +7 900 000-00-00" },
      ],
    });
  });

  it("asks for exactly one of phone and e-mail", async () => {
    const neither = await app.inject({ method: "GET", url: "/api/dev/outbox" });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().detail).toBe(
      "Укажите телефон (phone) или e-mail (email), чьи сообщения показать.",
    );

    const both = await app.inject({
      method: "GET",
      url: "/api/dev/outbox",
      query: { phone: client, email: "client@example.ru" },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().detail).toBe("Укажите что-то одно: телефон или e-mail.");

    const badEmail = await app.inject({
      method: "GET",
      url: "/api/dev/outbox?email=not-an-address",
    });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().detail).toBe(
      "Введите адрес электронной почты, например name@example.ru",
    );
  });

  it("is described in a valid OpenAPI document", async () => {
    const res = await app.inject({ method: "GET", url: "/api/openapi.json" });
    const document = res.json();
    const operation = document.paths["/api/dev/outbox"].get;
    expect(
      operation.parameters.map((parameter: { name: string }) => parameter.name).sort(),
    ).toEqual(["email", "phone"]);
    expect(operation.responses["200"]).toBeDefined();
    expect(document.paths["/dev/outbox"]).toBeUndefined();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
  });
});

describe("the /dev/outbox page", () => {
  it("lists the latest messages of everyone, newest first, escaped, under the site's CSP", async () => {
    const res = await app.inject({ method: "GET", url: "/dev/outbox" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(String(res.headers["content-security-policy"])).toContain("script-src 'self'");

    const html = res.body;
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<link rel="stylesheet" href="/dev/outbox.css">');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Ссылка: &lt;a href=&quot;x&quot;&gt;подтвердить&lt;/a&gt; &amp;");
    expect(html).toContain("Подтвердите адрес");
    // Newest first, phones as people read them, times in Moscow.
    const order = ["Подтвердите адрес", "Код для входа: 222222", "Код для входа: 111111"];
    const positions = order.map((needle) => html.indexOf(needle));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(html).toContain("+7 926 111-00-01");
    expect(html).toContain("25.11.2026, 12:05:00");
  });

  it("shows one phone's messages when the form asks, keeping what was typed", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/dev/outbox",
      query: { phone: "8 926 111 00 02", email: "" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Чужой код: 999999");
    expect(res.body).not.toContain("Код для входа");
    expect(res.body).toContain('value="8 926 111 00 02"');
  });

  it("explains a wrong filter on the page itself", async () => {
    const res = await app.inject({
      method: "GET",
      url: "/dev/outbox",
      query: { phone: '"><b>123' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.body).toContain("Введите номер мобильного телефона в формате +7 900 000-00-00");
    expect(res.body).toContain('value="&quot;&gt;&lt;b&gt;123"');
    expect(res.body).not.toContain("<table>");
  });

  it("serves its stylesheet", async () => {
    const res = await app.inject({ method: "GET", url: "/dev/outbox.css" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(res.body).toContain("table");
  });
});

describe("the outbox with a real SMS provider configured", () => {
  it.each([
    "/api/dev/outbox",
    "/api/dev/outbox?phone=%2B79261110001",
    "/dev/outbox",
    "/dev/outbox?phone=bad",
    "/dev/outbox.css",
  ])("answers %s with a problem+json 404", async (url) => {
    const res = await disabledApp.inject({ method: "GET", url });
    expect(res.statusCode).toBe(404);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: "/problems/not-found", status: 404 });
  });

  it("leaves the outbox out of the OpenAPI document", async () => {
    const res = await disabledApp.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.json().paths["/api/dev/outbox"]).toBeUndefined();
  });
});
