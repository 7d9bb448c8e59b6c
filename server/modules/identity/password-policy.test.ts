import { describe, expect, it } from "vitest";
import { ValidationError } from "../../errors.ts";
import { checkNewPassword } from "./password-policy.ts";

function refusal(password: string, phone = "+79261111111"): string | undefined {
  try {
    checkNewPassword(password, phone);
    return undefined;
  } catch (error) {
    if (error instanceof ValidationError) return error.fields?.[0]?.message;
    throw error;
  }
}

describe("the new password policy", () => {
  it("refuses passwords from the common list, whatever their case", () => {
    for (const password of ["password", "12345678", "qwertyuiop", "Password1", "iloveyou"]) {
      expect(refusal(password), password).toMatch(/распространён/);
    }
  });

  it("refuses the account's phone number in any spelling", () => {
    for (const password of ["+79261111111", "89261111111", "9261111111", "8 (926) 111-11-11"]) {
      expect(refusal(password), password).toBe("Пароль не должен совпадать с номером телефона");
    }
  });

  it("takes a long run of digits from an account without a phone (staff)", () => {
    expect(() => checkNewPassword("8305719264817", null)).not.toThrow();
    expect(refusal("8305719264817")).toBeUndefined();
  });

  it("accepts an uncommon password", () => {
    expect(refusal("Синий-трамвай-42")).toBeUndefined();
    expect(refusal("rms-demo-2026")).toBeUndefined();
  });
});
