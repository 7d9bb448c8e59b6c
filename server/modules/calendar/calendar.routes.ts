import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  calendarYearListSchema,
  calendarYearParamsSchema,
  calendarYearSchema,
  calendarYearUpdateSchema,
} from "../../../common/calendar/calendar.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { ADMIN_ONLY } from "../../plugins/staff-access.ts";
import { calendarYear, calendarYears, saveCalendarYear } from "./calendar.service.ts";

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema };

/** «Производственный календарь»: staff read the loaded years; an admin replaces a year's exceptions. */
export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/staff/calendar",
    {
      schema: {
        tags: ["calendar"],
        summary: "Годы производственного календаря",
        response: { 200: calendarYearListSchema, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async () => calendarYears(db),
  );

  app.get(
    "/staff/calendar/:year",
    {
      schema: {
        tags: ["calendar"],
        summary: "Исключения производственного календаря за год",
        params: calendarYearParamsSchema,
        response: { 200: calendarYearSchema, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async (request) => calendarYear(db, request.params.year),
  );

  app.put(
    "/staff/calendar/:year",
    {
      schema: {
        tags: ["calendar"],
        summary: "Сохранить исключения производственного календаря за год (администратор)",
        description:
          "Список заменяет все исключения года: выходной (day-off) — только будний день, рабочий " +
          "день (workday) — только суббота или воскресенье; каждая дата один раз и в этом году.",
        params: calendarYearParamsSchema,
        body: calendarYearUpdateSchema,
        response: { 200: calendarYearSchema, ...errors },
      },
      preHandler: app.requireStaff(
        ADMIN_ONLY,
        "Производственный календарь меняет только администратор.",
      ),
    },
    async (request) =>
      saveCalendarYear(db, request.params.year, request.body, request.staff.staffId),
  );
};
