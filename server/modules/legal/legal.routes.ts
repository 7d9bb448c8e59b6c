import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { Marked } from "marked";
import { z } from "zod";
import { company } from "../../../common/company.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import { legalDocumentListSchema } from "../../../common/identity/legal.schema.ts";
import {
  accountConsentListSchema,
  consentSlugParamsSchema,
} from "../../../common/privacy/privacy.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { NotFoundError } from "../../errors.ts";
import { escapeHtml } from "../../html.ts";
import { requireClient } from "../../plugins/sessions.ts";
import {
  currentDocuments,
  findCurrentDocument,
  listAccountConsents,
  withdrawConsent,
} from "./legal.service.ts";

const marked = new Marked({ gfm: true });

const stylesheet = `
body{font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1b1e;margin:0;background:#fff}
main{max-width:760px;margin:0 auto;padding:24px 16px 48px}
header{border-bottom:1px solid #dee2e6;padding:12px 16px}
header a{color:#14548a;font-weight:700;text-decoration:none}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.2rem;margin-top:1.6em}
.meta{color:#495057;font-size:.9rem}
a{color:#14548a}
@media print{header{display:none}}
`;

/** The documents as JSON for the cabinet, and each as a printable page at /legal/<slug>. */
export const legalApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/legal/documents",
    {
      schema: {
        tags: ["identity"],
        summary: "Действующие редакции документов (оферта, соглашение, согласие на обработку ПДн)",
        response: { 200: legalDocumentListSchema },
      },
    },
    async () => ({ documents: await currentDocuments(app.database.db) }),
  );

  app.get(
    "/legal/consents",
    {
      schema: {
        tags: ["identity"],
        summary: "Мои данные и согласия: принятые документы (редакция, дата, обязательный ли)",
        response: { 200: accountConsentListSchema, 401: problemSchema },
      },
    },
    async (request) => ({
      consents: await listAccountConsents(app.database.db, requireClient(request).clientId),
    }),
  );

  app.post(
    "/legal/consents/:slug/withdraw",
    {
      schema: {
        tags: ["identity"],
        summary:
          "Отозвать необязательное согласие (действует сразу); обязательное — 409 с объяснением: отзыв означает удаление учётной записи",
        params: consentSlugParamsSchema,
        response: {
          200: accountConsentListSchema,
          401: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request) => ({
      consents: await withdrawConsent(
        app.database.db,
        requireClient(request).clientId,
        request.params.slug,
        { ip: request.ip, userAgent: request.headers["user-agent"] },
      ),
    }),
  );
};

export const legalPageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/legal/legal.css", { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type("text/css; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .send(stylesheet),
  );

  app.get(
    "/legal/:slug",
    { schema: { hide: true, params: z.object({ slug: z.string().max(64) }) } },
    async (request, reply) => {
      const document = await findCurrentDocument(app.database.db, request.params.slug);
      if (!document) throw new NotFoundError("Такого документа нет.");
      const body = await marked.parse(document.bodyMarkdown);
      const published = formatMoscowDateTime(document.publishedAt).slice(0, 10);
      const html = `<!doctype html>
<html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.title)} — ${escapeHtml(company.name)}</title>
<link rel="stylesheet" href="/legal/legal.css"></head>
<body><header><a href="/">${escapeHtml(company.name)} — ${escapeHtml(company.legalName)}</a></header>
<main><p class="meta">Редакция ${document.version} от ${published}</p>
${body}</main></body></html>`;
      return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(html);
    },
  );
};
