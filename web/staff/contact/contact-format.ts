import { formatMoscowDateTime } from "../../../common/format/date.ts";

/** A file's size for its link: the unit's key in the locale and the number, Russian style. */
export function fileSize(bytes: number): { unit: "b" | "kb" | "mb"; value: string } {
  const decimal = (value: number) =>
    (Math.round(value * 10) / 10).toLocaleString("ru-RU", { maximumFractionDigits: 1 });
  if (bytes < 1024) return { unit: "b", value: String(bytes) };
  if (bytes < 1024 * 1024) return { unit: "kb", value: decimal(bytes / 1024) };
  return { unit: "mb", value: decimal(bytes / (1024 * 1024)) };
}

/** A call-back's window in Moscow time: the day and both ends, `{ date, from, to }`. */
export function callbackWindow(
  start: string,
  end: string,
): { date: string; from: string; to: string } {
  const [date = "", from = ""] = formatMoscowDateTime(start).split(" ");
  const [, to = ""] = formatMoscowDateTime(end).split(" ");
  return { date, from, to };
}
