/** Digits of a Russian number after the country code: 926 111 11 11. */
const NATIONAL_LENGTH = 10;

/**
 * The national digits of what someone typed or pasted for a Russian mobile number: `8…`, `+7…`,
 * `7…` or just `9…`, with any spaces, dashes and brackets.
 */
function nationalDigits(input: string): string {
  const digits = input.replace(/\D/g, "");
  let national = digits;
  if (input.trimStart().startsWith("+")) {
    // "+7 (926…" — our own display, or a pasted international number.
    if (digits.startsWith("7")) national = digits.slice(1);
  } else if (digits.startsWith("8") || digits.startsWith("7")) {
    national = digits.slice(1);
  }
  // No Russian number has a 7 after the country code: "+77…" is «+7» typed over the shown «+7».
  return national.startsWith("7") ? national.slice(1) : national;
}

/**
 * Formats a phone as it is being typed: `+7 (926) 111-11-11`. A separator is added only in front
 * of the next digit, so Backspace always removes a digit and never gets stuck on a bracket.
 * An input with no digits (and no «+») becomes empty, so the field can be cleared.
 */
export function formatPhoneInput(input: string): string {
  const hasDigits = /\d/.test(input);
  if (!hasDigits && !input.includes("+")) return "";
  const national = nationalDigits(input).slice(0, NATIONAL_LENGTH);
  if (!hasDigits) return "+7";

  let out = "+7";
  if (national.length > 0) out += ` (${national.slice(0, 3)}`;
  if (national.length > 3) out += `) ${national.slice(3, 6)}`;
  if (national.length > 6) out += `-${national.slice(6, 8)}`;
  if (national.length > 8) out += `-${national.slice(8, 10)}`;
  return out;
}

/** The position in `formatted` just after its `digitCount`-th digit (for keeping the caret). */
export function caretAfterDigits(formatted: string, digitCount: number): number {
  if (digitCount <= 0) return Math.min(formatted.length, formatted.startsWith("+7") ? 2 : 0);
  let seen = 0;
  for (let index = 0; index < formatted.length; index += 1) {
    if (/\d/.test(formatted.charAt(index))) {
      seen += 1;
      if (seen === digitCount) return index + 1;
    }
  }
  return formatted.length;
}

/**
 * Where the caret belongs after `raw` (with the caret at `caret`) was reformatted: after the same
 * national digit it followed, so editing in the middle of the number does not throw it to the end.
 */
export function phoneCaret(raw: string, caret: number, formatted: string): number {
  const digitsBefore = raw.slice(0, caret).replace(/\D/g, "").length;
  const rawDigits = raw.replace(/\D/g, "").length;
  const formattedDigits = formatted.replace(/\D/g, "").length;
  // The formatted text may have gained a «7» in front (typed «9…») or swapped «8» for «7».
  const shift = Math.max(0, formattedDigits - Math.min(rawDigits, formattedDigits));
  return caretAfterDigits(formatted, Math.min(digitsBefore + shift, formattedDigits));
}
