const PART_LENGTHS = [2, 2, 4] as const;

/**
 * Formats a date as it is being typed: `01.02.1990`. Dots go in front of the next digit (so
 * Backspace is never stuck on one); a dot typed after a single digit pads it: `1.` → `01.`.
 */
export function formatDateInput(input: string): string {
  const parts = ["", "", ""];
  let part = 0;
  for (const char of input) {
    const max = PART_LENGTHS[part] ?? 4;
    if (/\d/.test(char)) {
      if ((parts[part] ?? "").length < max) {
        parts[part] += char;
      } else if (part < 2) {
        part += 1;
        parts[part] += char;
      }
    } else if (part < 2 && (parts[part] ?? "").length > 0) {
      parts[part] = (parts[part] ?? "").padStart(2, "0");
      part += 1;
    }
  }
  return parts.slice(0, part + 1).join(".");
}
