import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import {
  createAppealSchema,
  createServiceTypeSchema,
  idParamsSchema,
  serviceTypeListQuerySchema,
  serviceTypeListSchema,
  serviceTypeSchema,
  staffAppealSchema,
  updateServiceTypeSchema,
} from "../../../common/staff/appeals.schema.ts";
import { ADMIN_ONLY, requireStaffActor } from "../contracts/staff-access.ts";
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
    },
    async (request, reply) => {
      const actor = await requireStaffActor(db, request);
      const appeal = await addAppeal(db, actor, request.params.id, request.body);
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
    },
    async (request) => {
      await requireStaffActor(db, request);
      return { serviceTypes: await listServiceTypes(db, request.query.includeArchived) };
    },
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
    },
    async (request, reply) => {
      await requireStaffActor(db, request, ADMIN_ONLY, adminOnly);
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
    },
    async (request) => {
      await requireStaffActor(db, request, ADMIN_ONLY, adminOnly);
      return { serviceType: await changeServiceType(db, request.params.id, request.body) };
    },
  );
};
