import type { FastifyPluginAsync } from "fastify";
import { calendarRoutes } from "./calendar.routes.ts";

export { addBusinessDays, publishBundledCalendars } from "./production-calendar.ts";

/** The production calendar of working days: the admin's «Календарь» under /api/staff. */
export const calendarModule: FastifyPluginAsync = async (app) => {
  await app.register(calendarRoutes, { prefix: "/api" });
};
