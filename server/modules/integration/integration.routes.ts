import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  integrationContractsRequestSchema,
  integrationContractsResponseSchema,
  MAX_CONTRACTS_PER_CALL,
} from "../../../common/contracts/import.schema.ts";
import {
  integrationTokenIdParamsSchema,
  integrationTokenListSchema,
  integrationTokenSchema,
  issuedIntegrationTokenSchema,
  issueIntegrationTokenSchema,
} from "../../../common/integration/integration.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { AppError } from "../../errors.ts";
import { ADMIN_ONLY } from "../../plugins/staff-access.ts";
import { importContracts, importTotals } from "../contracts/index.ts";
import {
  authenticateContractsBearer,
  issueIntegrationToken,
  listIntegrationTokens,
  revokeIntegrationToken,
} from "./tokens.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

const ADMIN_REFUSAL = "Токены интеграции выпускает и отзывает только администратор.";

/** One call of the machine API carries at most MAX_CONTRACTS_PER_CALL contracts. */
const CONTRACTS_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * The machine API of the company's information system (bearer token) and the admin's screens
 * that issue and revoke its tokens.
 */
export const integrationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/staff/integration-tokens",
    {
      schema: {
        tags: ["integration"],
        summary: "Токены интеграции (для администратора)",
        response: { 200: integrationTokenListSchema, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, ADMIN_REFUSAL),
    },
    async () => {
      return { tokens: await listIntegrationTokens(db) };
    },
  );

  app.post(
    "/staff/integration-tokens",
    {
      schema: {
        tags: ["integration"],
        summary: "Выпустить токен интеграции (токен показывается один раз)",
        body: issueIntegrationTokenSchema,
        response: { 201: issuedIntegrationTokenSchema, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, ADMIN_REFUSAL),
    },
    async (request, reply) => {
      const { staffId } = request.staff;
      return reply.code(201).send(await issueIntegrationToken(db, staffId, request.body));
    },
  );

  app.post(
    "/staff/integration-tokens/:id/revoke",
    {
      schema: {
        tags: ["integration"],
        summary: "Отозвать токен интеграции",
        params: integrationTokenIdParamsSchema,
        response: { 200: z.object({ token: integrationTokenSchema }), ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, ADMIN_REFUSAL),
    },
    async (request) => {
      return { token: await revokeIntegrationToken(db, request.params.id) };
    },
  );

  app.post(
    "/integration/contracts",
    {
      bodyLimit: CONTRACTS_BODY_LIMIT,
      // The whole call is checked first and answered 422 with every failing field (below).
      attachValidation: true,
      onRequest: async (request) => {
        await authenticateContractsBearer(db, request.headers.authorization);
      },
      schema: {
        tags: ["integration"],
        summary: "Загрузка договоров из информационной системы компании",
        description: [
          "Создаёт или обновляет сертификаты и полисы ДМС; повторная отправка тех же данных ничего",
          "не меняет (outcome «unchanged»). Договор узнаётся по виду (kind) и номеру (number),",
          "программа — по коду (programCode). Даты — ГГГГ-ММ-ДД, телефон — мобильный номер России в",
          "любой записи (хранится как +7XXXXXXXXXX).",
          "",
          "Обслуживаемые лица — по слотам: 1 («Пациент 1») и 2 («Пациент 2», только если программа",
          "покрывает двоих). Если в слоте тот же человек (фамилия, имя, отчество без учёта регистра",
          "и ё/е, и дата рождения), обновляются написание ФИО, телефон и e-mail (пустые значения",
          "стирают телефон и e-mail). Если другой — прежний человек выводится из слота (его",
          "обращения сохраняются), новый занимает слот. Слот, которого нет в запросе, остаётся как",
          "есть. Для нового договора «Пациент 1» обязателен.",
          "",
          `За один запрос — не больше ${MAX_CONTRACTS_PER_CALL} договоров. Запрос проверяется`,
          "целиком: при любой ошибке ответ 422 с ошибками по каждому договору и полю",
          "(contracts.N.поле) и ничего не записывается. Иначе все договоры записываются в одной",
          "транзакции. Токен выпускает администратор в консоли («Интеграция»); без токена, с",
          "неизвестным или отозванным — 401; с токеном клиники — 403.",
        ].join("\n"),
        security: [{ integrationToken: [] }],
        body: integrationContractsRequestSchema,
        response: {
          200: integrationContractsResponseSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          409: problemSchema,
          413: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => {
      if (request.validationError) {
        const parsed = integrationContractsRequestSchema.safeParse(request.body);
        const fields = parsed.success
          ? []
          : parsed.error.issues.map((issue) => ({
              field: issue.path.join("."),
              message: issue.message,
            }));
        throw new AppError(
          422,
          "validation",
          "Договоры не загружены",
          `Ошибок: ${fields.length}. Ничего не записано: исправьте ошибки и отправьте запрос снова.`,
          fields,
        );
      }
      const results = await importContracts(db, request.body.contracts);
      return { results, totals: importTotals(results) };
    },
  );
};
