import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import { orderIdParamsSchema } from "../../../common/shop/shop.schema.ts";
import {
  staffOrderCardSchema,
  staffOrderExportQuerySchema,
  staffOrderSearchQuerySchema,
  staffOrderSearchResultSchema,
  staffOrderTotalsQuerySchema,
  staffOrderTotalsSchema,
  staffRefundRequestSchema,
} from "../../../common/shop/staff-orders.schema.ts";
import { ADMIN_ONLY, DECIDERS } from "../../plugins/staff-access.ts";
import type { ShopContext } from "./shop-context.ts";
import {
  dayTotals,
  exportLedger,
  getOrderCard,
  refundOrderByAdmin,
  searchOrdersForStaff,
} from "./staff-orders.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const tags = ["staff-orders"];
const readers = "«Заказы и платежи» доступны операторам и администраторам.";

/** «Заказы и платежи» in the staff console: operators and admins read, admins refund and export. */
export const staffOrdersRoutes: FastifyPluginAsyncZod<{ shop: ShopContext }> = async (
  app,
  { shop },
) => {
  const db = shop.db;
  const read = app.requireStaff(DECIDERS, readers);

  app.get(
    "/staff/orders",
    {
      schema: {
        tags,
        summary: "Поиск заказов по телефону, ФИО, номеру заказа или платежа (в журнал доступа)",
        querystring: staffOrderSearchQuerySchema,
        response: { 200: staffOrderSearchResultSchema, ...errors },
      },
      preHandler: read,
    },
    async (request) => searchOrdersForStaff(db, request.staff, request.query),
  );

  app.get(
    "/staff/orders/totals",
    {
      schema: {
        tags,
        summary: "Итоги дня по московскому времени: оплачено, возвращено, итого",
        querystring: staffOrderTotalsQuerySchema,
        response: { 200: staffOrderTotalsSchema, ...errors },
      },
      preHandler: read,
    },
    async (request) => dayTotals(db, request.query.date),
  );

  app.get(
    "/staff/orders/export.xlsx",
    {
      schema: {
        tags,
        summary: "Выгрузка платежей и возвратов за период в Excel (администратор)",
        querystring: staffOrderExportQuerySchema,
        produces: [
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "application/problem+json",
        ],
        response: { 200: z.unknown().meta({ description: "XLSX" }), ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, "Выгрузить платежи может только администратор."),
    },
    async (request, reply) => {
      const file = await exportLedger(db, request.staff, request.query);
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="${file.fileName}"`)
        .header("cache-control", "private, no-store")
        .send(file.stream);
    },
  );

  app.get(
    "/staff/orders/:id",
    {
      schema: {
        tags,
        summary: "Карточка заказа: позиции, история, попытки оплаты с уведомлениями, возвраты",
        params: orderIdParamsSchema,
        response: { 200: staffOrderCardSchema, ...errors },
      },
      preHandler: read,
    },
    async (request) => getOrderCard(db, request.staff, request.params.id),
  );

  app.post(
    "/staff/orders/:id/refund",
    {
      schema: {
        tags,
        summary: "Вернуть деньги по заказу: сумма, причина (администратор, в журнал доступа)",
        params: orderIdParamsSchema,
        body: staffRefundRequestSchema,
        response: { 200: staffOrderCardSchema, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, "Вернуть деньги может только администратор."),
    },
    async (request) => refundOrderByAdmin(shop, request.staff, request.params.id, request.body),
  );
};
