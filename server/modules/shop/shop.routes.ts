import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import {
  orderIdParamsSchema,
  orderListSchema,
  orderRequestSchema,
  orderSchema,
  paymentAttemptRequestSchema,
  paymentRedirectSchema,
  referralVerificationRequestSchema,
  referralVerificationResultSchema,
  shopProgramListSchema,
  shopProgramParamsSchema,
  shopProgramSchema,
} from "../../../common/shop/shop.schema.ts";
import { siteOrigin } from "../../plugins/origin-check.ts";
import { requireClient } from "../../plugins/sessions.ts";
import {
  checkoutCertificate,
  checkoutVisit,
  getProgramForSale,
  listProgramsForSale,
} from "./checkout.service.ts";
import { orderReceiptPdf, orderReferralPdf, verifyReferral } from "./order-documents.service.ts";
import { getClientOrder, listClientOrders, refundClientOrder } from "./orders.service.ts";
import { startPayment } from "./payment-attempts.service.ts";
import type { ShopContext } from "./shop-context.ts";

const tags = ["shop"];
const payErrors = {
  400: problemSchema,
  401: problemSchema,
  404: problemSchema,
  409: problemSchema,
  502: problemSchema,
  503: problemSchema,
};

/** «Купить сертификат», the checkout and the client's orders. */
export const shopRoutes: FastifyPluginAsyncZod<{ shop: ShopContext }> = async (app, { shop }) => {
  app.get(
    "/shop/programs",
    {
      schema: {
        tags,
        summary: "Купить сертификат: программы, которые продаются онлайн (без входа)",
        response: { 200: shopProgramListSchema },
      },
    },
    async () => ({ programs: await listProgramsForSale(shop) }),
  );

  app.get(
    "/shop/programs/:id",
    {
      schema: {
        tags,
        summary: "Одна программа, которая продаётся онлайн",
        params: shopProgramParamsSchema,
        response: { 200: shopProgramSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => getProgramForSale(shop, request.params.id),
  );

  app.post(
    "/orders",
    {
      schema: {
        tags,
        summary:
          "Перейти к оплате: заказ по ценам каталога (сумма не передаётся) и платёж у провайдера",
        body: orderRequestSchema,
        response: { 201: paymentRedirectSchema, ...payErrors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const origin = siteOrigin(app.config, request);
      const meta = { ip: request.ip, userAgent: request.headers["user-agent"] };
      const body = request.body;
      const redirect =
        body.kind === "certificate"
          ? await checkoutCertificate(shop, { ...body, clientId, origin }, meta)
          : await checkoutVisit(shop, { ...body, clientId, origin }, meta);
      return reply.code(201).send(redirect);
    },
  );

  app.post(
    "/orders/:id/attempts",
    {
      schema: {
        tags,
        summary: "Оплатить заказ ещё раз (или другим способом)",
        params: orderIdParamsSchema,
        body: paymentAttemptRequestSchema,
        response: { 201: paymentRedirectSchema, ...payErrors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const redirect = await startPayment(shop, {
        clientId,
        orderId: request.params.id,
        method: request.body.method,
      });
      return reply.code(201).send(redirect);
    },
  );

  app.get(
    "/orders",
    {
      schema: {
        tags,
        summary: "Мои платежи: заказы клиента, новые первыми",
        response: { 200: orderListSchema, 401: problemSchema },
      },
    },
    async (request) => ({ orders: await listClientOrders(shop, requireClient(request).clientId) }),
  );

  app.get(
    "/orders/:id",
    {
      schema: {
        tags,
        summary: "Один заказ клиента (пока он ждёт оплаты — с проверкой платежа у провайдера)",
        params: orderIdParamsSchema,
        response: { 200: orderSchema, 400: problemSchema, 401: problemSchema, 404: problemSchema },
      },
    },
    async (request) => getClientOrder(shop, requireClient(request).clientId, request.params.id),
  );

  app.post(
    "/orders/:id/refund",
    {
      schema: {
        tags,
        summary: "Вернуть деньги: сертификат до начала действия — полностью, он аннулируется",
        params: orderIdParamsSchema,
        response: {
          200: orderSchema,
          400: problemSchema,
          401: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request) => refundClientOrder(shop, requireClient(request).clientId, request.params.id),
  );

  const pdfSchema = {
    params: orderIdParamsSchema,
    produces: ["application/pdf", "application/problem+json"],
    response: {
      200: z.unknown().meta({ description: "PDF-файл (application/pdf)" }),
      400: problemSchema,
      401: problemSchema,
      404: problemSchema,
      409: problemSchema,
    },
  };
  // The order's PDFs: a private download, never cached.
  const pdfDocuments = [
    { path: "receipt", summary: "Квитанция по заказу (PDF)", make: orderReceiptPdf },
    {
      path: "referral",
      summary: "Направление на оплаченный приём (PDF с QR-кодом для проверки клиникой)",
      make: orderReferralPdf,
    },
  ] as const;
  for (const document of pdfDocuments) {
    app.get(
      `/orders/:id/${document.path}`,
      { schema: { tags, summary: document.summary, ...pdfSchema } },
      async (request, reply) => {
        const file = await document.make(shop, requireClient(request).clientId, request.params.id);
        return reply
          .type("application/pdf")
          .header("cache-control", "private, no-store")
          .header("content-disposition", `attachment; filename="${file.fileName}"`)
          .send(file.pdf);
      },
    );
  }

  app.post(
    "/verification/referral",
    {
      schema: {
        tags,
        summary:
          "Проверка направления клиникой: номер и дата рождения пациента (20 проверок за 10 минут)",
        body: referralVerificationRequestSchema,
        response: { 200: referralVerificationResultSchema, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request) =>
      verifyReferral(app.database.db, request.body, {
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      }),
  );
};
