import { dictionary } from "@zxcvbn-ts/language-common";
import { PASSWORD_MIN_LENGTH } from "../../../common/identity/password.schema.ts";
import { ValidationError } from "../../errors.ts";

// The ~49,000 most common passwords, ranked, that zxcvbn-ts ships; only those long enough to pass
// the length rule can matter.
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    dictionary["passwords-common"].filter((password) => password.length >= PASSWORD_MIN_LENGTH),
  );
  return common;
}

/**
 * The rules the browser cannot check: not a common password, and not the account's phone number
 * (null for staff accounts, which have none).
 */
export function checkNewPassword(password: string, phone: string | null, field = "password"): void {
  const digits = password.replace(/\D/g, "");
  const phoneDigits = phone?.replace(/\D/g, "") ?? "";
  const isPhone =
    phoneDigits.length > 0 &&
    digits.length >= 10 &&
    password.replace(/[\s()+-]/g, "").length === digits.length &&
    (phoneDigits.endsWith(digits) || digits.endsWith(phoneDigits.slice(1)));
  if (isPhone) {
    throw new ValidationError([
      { field, message: "Пароль не должен совпадать с номером телефона" },
    ]);
  }
  if (commonPasswords().has(password.toLowerCase())) {
    throw new ValidationError([
      {
        field,
        message: "Этот пароль слишком распространён и легко подбирается. Придумайте другой",
      },
    ]);
  }
}
