import type { FastifyInstance } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  outboxMessagesSchema,
  outboxPageFilterSchema,
  outboxQuerySchema,
} from "../../../common/dev/outbox.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { NotFoundError } from "../../errors.ts";
import { outboxPageCss, renderOutboxPage } from "./dev-outbox.page.ts";
import { listOutboxMessages, outboxMessagesFor } from "./dev-outbox.service.ts";

export interface DevOutboxOptions {
  /** True only while the outbox providers are active; with a real provider both routes are 404. */
  enabled: boolean;
  /**
   * Resolves once the messages queued so far have been sent: sending is asynchronous (a reply's
   * e-mail is queued by the reply's event, then sent by a job), so the JSON outbox waits for it.
   */
  whenSent?: () => Promise<void>;
}

const LATEST = 100;

// A hook rather than a check in the handler: a disabled route must answer 404 before its query
// is validated, so that it does not reveal itself with a 400.
function answerNotFoundUnless(app: FastifyInstance, enabled: boolean): void {
  app.addHook("onRequest", async () => {
    if (!enabled) {
      throw new NotFoundError("Сообщения показываются, только пока SMS и письма не отправляются.");
    }
  });
}

/** GET /dev/outbox under /api: the stored messages of one phone or e-mail, newest first. */
export const devOutboxRoutes: FastifyPluginAsyncZod<DevOutboxOptions> = async (
  app,
  { enabled, whenSent },
) => {
  answerNotFoundUnless(app, enabled);

  app.get(
    "/dev/outbox",
    {
      schema: {
        tags: ["dev"],
        summary: "Сообщения, сохранённые вместо отправки (пока SMS и письма не отправляются)",
        querystring: outboxQuerySchema,
        response: { 200: outboxMessagesSchema, 400: problemSchema, 404: problemSchema },
        hide: !enabled,
      },
    },
    async (request) => {
      await whenSent?.();
      return outboxMessagesFor(app.database.db, { ...request.query, limit: LATEST });
    },
  );
};

/** GET /dev/outbox, the page for people, and its stylesheet. */
export const devOutboxPageRoutes: FastifyPluginAsyncZod<DevOutboxOptions> = async (
  app,
  { enabled },
) => {
  answerNotFoundUnless(app, enabled);

  app.get(
    "/dev/outbox",
    {
      schema: {
        hide: true,
        querystring: z.object({ phone: z.string().default(""), email: z.string().default("") }),
      },
    },
    async (request, reply) => {
      const { phone, email } = request.query;
      const filter = outboxPageFilterSchema.safeParse({ phone, email });
      const page = filter.success
        ? {
            phone,
            email,
            messages: await listOutboxMessages(app.database.db, { ...filter.data, limit: LATEST }),
          }
        : { phone, email, messages: [], error: filter.error.issues[0]?.message };
      return reply
        .code(filter.success ? 200 : 400)
        .type("text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .send(renderOutboxPage(page));
    },
  );

  app.get("/dev/outbox.css", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "no-cache").send(outboxPageCss),
  );
};
