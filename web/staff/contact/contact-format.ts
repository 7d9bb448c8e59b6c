import { formatMoscowDateTime } from "../../../common/format/date.ts";

/** A call-back's window in Moscow time: the day and both ends, `{ date, from, to }`. */
export function callbackWindow(
  start: string,
  end: string,
): { date: string; from: string; to: string } {
  const [date = "", from = ""] = formatMoscowDateTime(start).split(" ");
  const [, to = ""] = formatMoscowDateTime(end).split(" ");
  return { date, from, to };
}
