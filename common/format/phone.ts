import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/**
 * Parses what people type for a Russian mobile number (8…, +7…, 9…, with spaces, dashes,
 * brackets) into E.164 (`+79261111111`), or null when it is not a valid Russian number.
 */
export function parseRussianPhone(input: string): string | null {
  const digits = input.replace(/\D/g, "");
  let normalized = digits;
  if (digits.length === 11 && (digits.startsWith("8") || digits.startsWith("7"))) {
    normalized = `7${digits.slice(1)}`;
  } else if (digits.length === 10) {
    normalized = `7${digits}`;
  } else {
    return null;
  }
  const phone = parsePhoneNumberFromString(`+${normalized}`, "RU");
  // Russian mobile numbers all begin with 9 after the country code; SMS can reach no other.
  if (phone?.country !== "RU" || !phone.isValid() || !phone.nationalNumber.startsWith("9")) {
    return null;
  }
  return phone.number;
}

/** Formats an E.164 Russian number for the screen: `+7 926 111-11-11`. */
export function formatPhone(e164: string): string {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164);
  if (!m) return e164;
  return `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}`;
}
