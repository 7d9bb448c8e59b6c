import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  notificationListQuerySchema,
  notificationListSchema,
  notificationPreferencesSchema,
  pushPublicKeySchema,
  pushSubscriptionBodySchema,
  pushUnsubscribeBodySchema,
  unreadCountSchema,
} from "../../../common/notifications/notifications.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { requireClient } from "../../plugins/sessions.ts";
import {
  getPreferences,
  listNotifications,
  readAllNotifications,
  readNotification,
  savePreferences,
  subscribePush,
  unreadCount,
  unsubscribePush,
} from "./notification-centre.service.ts";

const notificationIdParams = z.object({ id: z.uuid("Неверный идентификатор уведомления") });

/** The notification centre, «Профиль» → «Уведомления», and the browser's Web Push subscription. */
export const notificationCentreRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const tags = ["notifications"];

  app.get(
    "/notifications",
    {
      schema: {
        tags,
        summary: "Уведомления учётной записи, новые первыми, и число непрочитанных",
        querystring: notificationListQuerySchema,
        response: {
          200: notificationListSchema,
          400: problemSchema,
          401: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request) => listNotifications(db, requireClient(request).clientId, request.query),
  );

  app.get(
    "/notifications/unread",
    {
      schema: {
        tags,
        summary: "Число непрочитанных уведомлений",
        response: { 200: unreadCountSchema, 401: problemSchema },
      },
    },
    async (request) => unreadCount(db, requireClient(request).clientId),
  );

  app.post(
    "/notifications/read-all",
    {
      schema: {
        tags,
        summary: "Отметить все уведомления прочитанными",
        response: { 204: z.undefined(), 401: problemSchema },
      },
    },
    async (request, reply) => {
      await readAllNotifications(db, requireClient(request).clientId);
      return reply.code(204).send();
    },
  );

  app.post(
    "/notifications/:id/read",
    {
      schema: {
        tags,
        summary: "Отметить уведомление прочитанным",
        params: notificationIdParams,
        response: {
          204: z.undefined(),
          400: problemSchema,
          401: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      await readNotification(db, requireClient(request).clientId, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/profile/notifications",
    {
      schema: {
        tags,
        summary: "Каналы каждого вида уведомлений и тихие часы",
        response: { 200: notificationPreferencesSchema, 401: problemSchema },
      },
    },
    async (request) => getPreferences(db, requireClient(request).clientId),
  );

  app.put(
    "/profile/notifications",
    {
      schema: {
        tags,
        summary: "Сохранить каналы уведомлений и тихие часы",
        body: notificationPreferencesSchema,
        response: { 200: notificationPreferencesSchema, 400: problemSchema, 401: problemSchema },
      },
    },
    async (request) => savePreferences(db, requireClient(request).clientId, request.body),
  );

  app.get(
    "/push/public-key",
    {
      schema: {
        tags,
        summary: "Открытый ключ VAPID для подписки браузера на push-уведомления",
        response: { 200: pushPublicKeySchema },
      },
    },
    async () => ({ publicKey: app.vapid?.publicKey ?? null }),
  );

  app.post(
    "/push/subscriptions",
    {
      schema: {
        tags,
        summary: "Подписать этот браузер на push-уведомления учётной записи",
        body: pushSubscriptionBodySchema,
        response: {
          200: z.undefined(),
          201: z.undefined(),
          400: problemSchema,
          401: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const { created } = await subscribePush(
        db,
        clientId,
        request.body,
        request.headers["user-agent"],
      );
      return reply.code(created ? 201 : 200).send();
    },
  );

  app.delete(
    "/push/subscriptions",
    {
      schema: {
        tags,
        summary: "Отписать этот браузер от push-уведомлений",
        body: pushUnsubscribeBodySchema,
        response: { 204: z.undefined(), 400: problemSchema, 401: problemSchema },
      },
    },
    async (request, reply) => {
      await unsubscribePush(db, requireClient(request).clientId, request.body.endpoint);
      return reply.code(204).send();
    },
  );
};
