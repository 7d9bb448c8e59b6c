import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParamsSchema } from "../../../common/appeals/appeals.schema.ts";
import {
  programInputSchema,
  staffProgramListSchema,
  staffProgramSchema,
} from "../../../common/contracts/programs.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { ADMIN_ONLY } from "../../plugins/staff-access.ts";
import {
  createProgram,
  editProgram,
  getProgram,
  listPrograms,
  setProgramArchived,
} from "./staff-programs.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const envelope = z.object({ program: staffProgramSchema });
const adminOnly = "Программы изменяет только администратор.";

/** «Программы»: the catalogue for all staff, edited by admins. */
export const staffProgramsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/staff/programs",
    {
      schema: {
        tags: ["staff-programs"],
        summary: "Программы обслуживания (каталог)",
        response: { 200: staffProgramListSchema, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async () => {
      return { programs: await listPrograms(db) };
    },
  );

  app.get(
    "/staff/programs/:id",
    {
      schema: {
        tags: ["staff-programs"],
        summary: "Программа обслуживания",
        params: idParamsSchema,
        response: { 200: envelope, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async (request) => {
      return { program: await getProgram(db, request.params.id) };
    },
  );

  app.post(
    "/staff/programs",
    {
      schema: {
        tags: ["staff-programs"],
        summary: "Создать программу (администратор)",
        body: programInputSchema,
        response: { 201: envelope, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, adminOnly),
    },
    async (request, reply) => {
      return reply.code(201).send({ program: await createProgram(db, request.body) });
    },
  );

  app.put(
    "/staff/programs/:id",
    {
      schema: {
        tags: ["staff-programs"],
        summary: "Изменить программу (администратор)",
        params: idParamsSchema,
        body: programInputSchema,
        response: { 200: envelope, ...errors },
      },
      preHandler: app.requireStaff(ADMIN_ONLY, adminOnly),
    },
    async (request) => {
      return { program: await editProgram(db, request.params.id, request.body) };
    },
  );

  for (const action of ["archive", "unarchive"] as const) {
    app.post(
      `/staff/programs/:id/${action}`,
      {
        schema: {
          tags: ["staff-programs"],
          summary:
            action === "archive"
              ? "Убрать программу в архив (администратор)"
              : "Вернуть программу из архива (администратор)",
          params: idParamsSchema,
          response: { 200: envelope, ...errors },
        },
        preHandler: app.requireStaff(ADMIN_ONLY, adminOnly),
      },
      async (request) => {
        const program = await setProgramArchived(db, request.params.id, action === "archive");
        return { program };
      },
    );
  }
};
