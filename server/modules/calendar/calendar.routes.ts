import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import {
  calendarYearDaysSchema,
  calendarYearListSchema,
  calendarYearParamsSchema,
  calendarYearSchema,
  calendarYearUpdateSchema,
} from "../../../common/staff/calendar.schema.ts";
import { ValidationError } from "../../errors.ts";
import { ADMIN_ONLY, requireStaffActor } from "../contracts/staff-access.ts";
import { getCalendarYear, listCalendarYears, replaceCalendarYear } from "./calendar.repository.ts";

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
    },
    async (request) => {
      await requireStaffActor(db, request);
      const years = await listCalendarYears(db);
      return {
        years: years.map((entry) => ({ ...entry, updatedAt: entry.updatedAt.toISOString() })),
      };
    },
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
    },
    async (request) => {
      await requireStaffActor(db, request);
      return getCalendarYear(db, request.params.year);
    },
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
    },
    async (request) => {
      const { staffId } = await requireStaffActor(
        db,
        request,
        ADMIN_ONLY,
        "Производственный календарь меняет только администратор.",
      );
      const { year } = request.params;
      const checked = calendarYearDaysSchema(year).safeParse(request.body);
      if (!checked.success) {
        throw new ValidationError(
          checked.error.issues.map((issue) => ({
            field: issue.path.join("."),
            message: issue.message,
          })),
        );
      }
      const days = [...checked.data.days].sort((a, b) => a.day.localeCompare(b.day));
      await replaceCalendarYear(db, year, days, staffId);
      return getCalendarYear(db, year);
    },
  );
};
