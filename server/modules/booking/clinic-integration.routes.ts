import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  CLINIC_SLOTS_DAYS_AHEAD,
  clinicAppointmentsQuerySchema,
  clinicAppointmentsResponseSchema,
  clinicSlotsRequestSchema,
  clinicSlotsResponseSchema,
  MAX_CLINIC_SLOTS_PER_CALL,
} from "../../../common/booking/clinic-integration.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { AppError } from "../../errors.ts";
import { authenticateClinicBearer } from "../integration/index.ts";
import { clinicAppointments, replaceClinicSlots } from "./clinic-integration.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  413: problemSchema,
  422: problemSchema,
};

/** One call carries at most MAX_CLINIC_SLOTS_PER_CALL slots (~150 bytes each). */
const SLOTS_BODY_LIMIT = 1024 * 1024;

/** The clinic integration API, under /api: a clinic's bearer token, that clinic's doctors only. */
export const clinicIntegrationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  // The clinic the token is bound to, set before validation so a stranger learns nothing.
  app.decorateRequest("clinicId", "");
  app.addHook("onRequest", async (request) => {
    request.clinicId = (await authenticateClinicBearer(db, request.headers.authorization)).clinicId;
  });

  app.put(
    "/integration/clinic/slots",
    {
      bodyLimit: SLOTS_BODY_LIMIT,
      // The whole call is checked first and answered 422 with every failing field (below).
      attachValidation: true,
      schema: {
        tags: ["integration"],
        summary: "Расписание врача клиники: заменить времена приёма за период",
        description: [
          "Для токена клиники (выпускает администратор в консоли, «Интеграция», с выбранной",
          "клиникой). Врач — doctorExternalId («Код врача» из списка врачей клиники) или doctorId;",
          "врач другой клиники — 403, неизвестный — 404.",
          "",
          "Времена врача, переданные раньше этим API, в периоде [from, to) заменяются списком slots",
          "в одной транзакции: новые (по externalId) добавляются, изменившие время — переносятся,",
          "отсутствующие в списке — удаляются. Время, на которое записан пациент (или которое",
          "предложено клиенту из листа ожидания), не удаляется и не переносится: оно в ответе в",
          "kept. Переданное время, пересекающееся с ним, с уже начавшимся приёмом или с временем",
          "по шаблону расписания, не записывается: оно в skipped с причиной.",
          "",
          `Проверки: конец приёма позже начала, приём внутри периода, не дальше`,
          `${CLINIC_SLOTS_DAYS_AHEAD} дней вперёд, не в прошлом, без пересечений и повторов`,
          `externalId в одном запросе, не больше ${MAX_CLINIC_SLOTS_PER_CALL} времён. При ошибке —`,
          "422 с ошибками по полям (slots.N.поле), ничего не записывается. Пустой slots удаляет",
          "все свободные времена врача за период.",
        ].join("\n"),
        security: [{ integrationToken: [] }],
        body: clinicSlotsRequestSchema,
        response: { 200: clinicSlotsResponseSchema, ...errors },
      },
    },
    async (request) => {
      if (request.validationError) {
        const parsed = clinicSlotsRequestSchema.safeParse(request.body);
        const fields = parsed.success
          ? []
          : parsed.error.issues.slice(0, 100).map((issue) => ({
              field: issue.path.join("."),
              message: issue.message,
            }));
        throw new AppError(
          422,
          "validation",
          "Расписание не принято",
          `Ошибок: ${fields.length}. Ничего не записано: исправьте ошибки и отправьте запрос снова.`,
          fields,
        );
      }
      return replaceClinicSlots(db, request.clinicId, request.body);
    },
  );

  app.get(
    "/integration/clinic/appointments",
    {
      schema: {
        tags: ["integration"],
        summary: "Записи пациентов в клинику за период",
        description:
          "Для токена клиники: записи с временем приёма в [from, to) и заявки без времени, " +
          "оставленные в этот период; все статусы (отменённые тоже), не больше 5000, по времени.",
        security: [{ integrationToken: [] }],
        querystring: clinicAppointmentsQuerySchema,
        response: { 200: clinicAppointmentsResponseSchema, ...errors },
      },
    },
    async (request) => clinicAppointments(db, request.clinicId, request.query),
  );
};

declare module "fastify" {
  interface FastifyRequest {
    /** The clinic of the caller's integration token (clinic API routes only). */
    clinicId: string;
  }
}
