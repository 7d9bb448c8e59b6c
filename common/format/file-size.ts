const UNITS = ["КБ", "МБ", "ГБ"] as const;
const decimal = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 1, useGrouping: false });

/**
 * A file's size as the client and the staff both see it: «193 Б», «1,5 КБ», «25 МБ» (the guide
 * writes «25 МБ»). Binary multiples; bytes whole, larger units to one decimal; a non-breaking
 * space keeps the number with its unit.
 */
export function formatFileSize(bytes: number): string {
  const whole = Math.max(0, Math.round(bytes));
  if (whole < 1024) return `${whole}\u00a0Б`;
  let value = whole / 1024;
  let unit = 0;
  // Judged after rounding: 1023,96 КБ is shown as «1 МБ», never «1024 КБ».
  while (unit < UNITS.length - 1 && Math.round(value * 10) / 10 >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${decimal.format(value)}\u00a0${UNITS[unit]}`;
}
