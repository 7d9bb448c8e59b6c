import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  createAppealSchema,
  createServiceTypeSchema,
  idParamsSchema,
  serviceTypeListQuerySchema,
  serviceTypeListSchema,
  serviceTypeSchema,
  staffAppealSchema,
  updateServiceTypeSchema,
} from "../../../common/appeals/appeals.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { ADMIN_ONLY } from "../../plugins/staff-access.ts";
import { addAppeal } from "./appeals.service.ts";
import { changeServiceType, createServiceType, listServiceTypes } from "./service-types.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

const adminOnly = "Виды услуг изменяет только администратор.";

/** Appeals on a contract card, and the admin's list of service types they are recorded with. */
export const staffAppealsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.post(
    "/staff/contracts/:id/appeals",
    {
      schema: {
        tags: ["staff-appeals"],
        summary: "Добавить обращение к договору",
        params: idParamsSchema,
        body: createAppealSchema,
        response: { 201: z.object({ appeal: staffAppealSchema }), ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async (request, reply) => {
      const appeal = await addAppeal(db, request.staff, request.params.id, request.body);
      return reply.code(201).send({ appeal });
    },
  );

  app.get(
    "/staff/service-types",
    {
      schema: {
        tags: ["staff-appeals"],
        summary: "Виды медицинских услуг (архивные — по запросу)",
        querystring: serviceTypeListQuerySchema,
        response: { 200: serviceTypeListSchema, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async (request) => ({
      serviceTypes: await listServiceTypes(db, request.query.includeArchived),
    }),
  );

  app.post(
    "/staff/service-types",
    {
      schema: {
        tags: ["staff-appeals"],
        summary: "Добавить вид услуги (администратор)",
        body: createServiceTypeSchema,
        response: { 201: z.object({ serviceType: serviceTypeSchema }), ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, adminOnly),
    },
    async (request, reply) => {
      const serviceType = await createServiceType(db, request.body.name);
      return reply.code(201).send({ serviceType });
    },
  );

  app.patch(
    "/staff/service-types/:id",
    {
      schema: {
        tags: ["staff-appeals"],
        summary: "Переименовать, убрать в архив или вернуть вид услуги (администратор)",
        params: idParamsSchema,
        body: updateServiceTypeSchema,
        response: { 200: z.object({ serviceType: serviceTypeSchema }), ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, adminOnly),
    },
    async (request) => ({
      serviceType: await changeServiceType(db, request.params.id, request.body),
    }),
  );
};
