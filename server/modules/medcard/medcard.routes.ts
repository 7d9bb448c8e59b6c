import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  medcardConsentInputSchema,
  medcardEntryInputSchema,
  medcardEntrySchema,
  medcardHomeSchema,
  medcardViewSchema,
} from "../../../common/medcard/medcard.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { requireClient } from "../../plugins/sessions.ts";
import {
  acceptHealthConsent,
  addMyEntry,
  changeMyEntry,
  medcardHome,
  removeMyEntry,
  viewMyCard,
} from "./medcard.service.ts";

const tags = ["medcard"];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

export const cardParamsSchema = z.object({ cardId: z.uuid("Медкарта не найдена") });
const entryParamsSchema = cardParamsSchema.extend({ entryId: z.uuid("Запись не найдена") });

const CONSENT_NOTE =
  "Без согласия на обработку сведений о состоянии здоровья (документ health-data) — 403.";

/** «Медкарта» in the cabinet: the account's cards, «Сводка», the timeline, the consent. */
export const medcardRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  // Medical secrecy: no browser or proxy keeps a copy of an answer.
  app.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "private, no-store");
  });

  app.get(
    "/medcard",
    {
      schema: {
        tags,
        summary: "Медкарты клиента (своя и детей до 15 лет) и нужно ли ещё согласие",
        description:
          "Пока согласие на обработку сведений о состоянии здоровья не дано, consentRequired — его " +
          "действующая редакция, а список карт пуст.",
        response: { 200: medcardHomeSchema, 401: problemSchema },
      },
    },
    async (request) => medcardHome(db, requireClient(request).clientId),
  );

  app.post(
    "/medcard/consent",
    {
      schema: {
        tags,
        summary: "Дать согласие на обработку сведений о состоянии здоровья",
        description:
          "Редакция, которую видел клиент (consentRequired.version); без тела — действующая. " +
          "Устаревшая редакция — 409. Хранится с временем, IP и браузером.",
        body: medcardConsentInputSchema.nullish(),
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await acceptHealthConsent(db, requireClient(request).clientId, request.body?.version, {
        ip: request.ip,
        userAgent: request.headers["user-agent"],
      });
      return reply.code(204).send();
    },
  );

  app.get(
    "/medcard/cards/:cardId",
    {
      schema: {
        tags,
        summary: "Медкарта: сводка, приёмы и консультации, документы",
        description: CONSENT_NOTE,
        params: cardParamsSchema,
        response: { 200: medcardViewSchema, ...errors },
      },
    },
    async (request) => viewMyCard(db, requireClient(request).clientId, request.params.cardId),
  );

  app.post(
    "/medcard/cards/:cardId/entries",
    {
      schema: {
        tags,
        summary: "Добавить в сводку: аллергия, заболевание, лекарство, группа крови",
        description: `Запись «со слов пациента». Новая группа крови заменяет прежнюю. ${CONSENT_NOTE}`,
        params: cardParamsSchema,
        body: medcardEntryInputSchema,
        response: { 201: medcardEntrySchema, ...errors },
      },
    },
    async (request, reply) => {
      const entry = await addMyEntry(
        db,
        requireClient(request).clientId,
        request.params.cardId,
        request.body,
      );
      return reply.code(201).send(entry);
    },
  );

  app.put(
    "/medcard/cards/:cardId/entries/:entryId",
    {
      schema: {
        tags,
        summary: "Изменить свою запись сводки",
        description: `Запись врача клиент не меняет (403). ${CONSENT_NOTE}`,
        params: entryParamsSchema,
        body: medcardEntryInputSchema,
        response: { 200: medcardEntrySchema, ...errors },
      },
    },
    async (request) =>
      changeMyEntry(
        db,
        requireClient(request).clientId,
        request.params.cardId,
        request.params.entryId,
        request.body,
      ),
  );

  app.delete(
    "/medcard/cards/:cardId/entries/:entryId",
    {
      schema: {
        tags,
        summary: "Удалить свою запись сводки",
        description: `Запись врача клиент не удаляет (403). ${CONSENT_NOTE}`,
        params: entryParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
    },
    async (request, reply) => {
      await removeMyEntry(
        db,
        requireClient(request).clientId,
        request.params.cardId,
        request.params.entryId,
      );
      return reply.code(204).send();
    },
  );
};
