import Fastify from "fastify";
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { signInRequestSchema } from "../../common/identity/sign-in.schema.ts";
import { ConflictError } from "../errors.ts";
import { errorsPlugin } from "./errors.ts";

z.config(z.locales.ru());

async function appWithRoutes() {
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin);
  app.post("/echo", { schema: { body: signInRequestSchema } }, async (request) => ({
    phone: request.body.phone,
  }));
  app.get("/conflict", async () => {
    throw new ConflictError("Заявка по этому договору уже открыта.");
  });
  app.get("/crash", async () => {
    throw new Error("secret internal detail");
  });
  app.get("/pool-full", async () => {
    // As drizzle wraps what node-postgres's pool throws when no connection frees in time.
    throw new Error("Failed query: select 1", {
      cause: new Error("timeout exceeded when trying to connect"),
    });
  });
  app.get(
    "/leaky",
    { schema: { response: { 200: z.object({ id: z.string() }) } } },
    async () => ({ id: 42 }) as unknown as { id: string },
  );
  return app;
}

describe("the error handler", () => {
  it("answers a validation error with the failing fields in Russian", async () => {
    const app = await appWithRoutes();
    const res = await app.inject({
      method: "POST",
      url: "/echo",
      payload: { phone: "12345", password: "" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.title).toBe("Проверьте введённые данные");
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: "phone", message: "Введите номер мобильного телефона в формате +7 900 000-00-00" },
        { field: "password", message: "Введите пароль" },
      ]),
    );
  });

  it("passes a valid body through its schema", async () => {
    const app = await appWithRoutes();
    const res = await app.inject({
      method: "POST",
      url: "/echo",
      payload: { phone: "8 (926) 111-11-11", password: "x" },
    });
    expect(res.json()).toEqual({ phone: "+79261111111" });
  });

  it("answers broken JSON with a Russian problem, not a stack", async () => {
    const app = await appWithRoutes();
    const res = await app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().title).toBe("Неверный запрос");
  });

  it("carries a service's own status and Russian text", async () => {
    const app = await appWithRoutes();
    const res = await app.inject({ method: "GET", url: "/conflict" });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      type: "/problems/conflict",
      detail: "Заявка по этому договору уже открыта.",
    });
  });

  it("keeps the details of a server failure inside the server", async () => {
    const app = await appWithRoutes();
    const res = await app.inject({ method: "GET", url: "/crash" });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("secret internal detail");
    expect(res.json().title).toBe("Внутренняя ошибка сервера");
  });

  it("answers a full database pool with 503 «Сервер занят» and Retry-After, not a failure", async () => {
    const app = await appWithRoutes();
    const res = await app.inject({ method: "GET", url: "/pool-full" });
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("2");
    expect(res.json()).toMatchObject({ status: 503, title: "Сервер занят" });
    expect(res.json().detail).toMatch(/^Сервер сейчас перегружен/);
  });

  it("refuses to send an answer that does not match its schema", async () => {
    const app = await appWithRoutes();
    const res = await app.inject({ method: "GET", url: "/leaky" });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("42");
  });
});
