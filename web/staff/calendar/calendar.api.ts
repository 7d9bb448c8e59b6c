import {
  type CalendarYear,
  type CalendarYearUpdate,
  calendarYearListSchema,
  calendarYearSchema,
} from "../../../common/calendar/calendar.schema.ts";
import { api } from "../../ui/api.ts";
import { staffQuery } from "../staff-query.ts";

/** The loaded years; each year's own query sits under it. */
export const calendarYearsKey = ["staff", "calendar"] as const;

export const calendarYearsQuery = () =>
  staffQuery(calendarYearsKey, "/api/staff/calendar", calendarYearListSchema);

export const calendarYearQuery = (year: number) =>
  staffQuery([...calendarYearsKey, year], `/api/staff/calendar/${year}`, calendarYearSchema);

/** «Сохранить»: the year's exceptions as a whole. */
export function saveCalendarYear(year: number, body: CalendarYearUpdate): Promise<CalendarYear> {
  return api.put(`/api/staff/calendar/${year}`, body, { schema: calendarYearSchema });
}
