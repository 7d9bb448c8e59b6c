import { describe, expect, it } from "vitest";
import {
  CONTROL_CHARACTERS_MESSAGE,
  EMAIL_MAX_LENGTH,
  emailAddress,
  isCleanText,
  userText,
} from "./text.schema.ts";

function messages(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

describe("userText", () => {
  const line = userText({ max: 30, min: 1, required: "Введите название" });
  const text = userText({ max: 200, multiline: true });

  it("takes ordinary text, trimmed, with Cyrillic, quotes and emoji", () => {
    expect(line.parse("  Консультация «врача» 😀 ")).toBe("Консультация «врача» 😀");
  });

  it.each([
    ["a NUL", "до\u0000после"],
    ["a C0 control", "до\u0001после"],
    ["an escape sequence", "\u001b[31mкрасный"],
    ["DEL", "до\u007fпосле"],
    ["a C1 control", "до\u0085после"],
    ["a lone high surrogate", "до\ud800после"],
    ["a lone low surrogate", "до\udc00после"],
  ])("refuses %s with a Russian message", (_, value) => {
    expect(messages(line.safeParse(value))).toEqual([CONTROL_CHARACTERS_MESSAGE]);
  });

  it("takes line breaks and tabs only in multiline text", () => {
    expect(text.parse("Первая строка\r\nвторая\tстрока")).toBe("Первая строка\r\nвторая\tстрока");
    expect(messages(line.safeParse("первая\nвторая"))).toEqual([CONTROL_CHARACTERS_MESSAGE]);
    expect(messages(text.safeParse("строка\u0000"))).toEqual([CONTROL_CHARACTERS_MESSAGE]);
  });

  it("says what is missing, and what is too long", () => {
    expect(messages(line.safeParse("   "))).toEqual(["Введите название"]);
    expect(messages(line.safeParse(undefined))).toEqual(["Введите название"]);
    expect(messages(line.safeParse("ж".repeat(31)))).toEqual(["Не длиннее 30 символов"]);
  });

  it("answers isCleanText for a string the same way", () => {
    expect(isCleanText("обычный текст")).toBe(true);
    expect(isCleanText("a\tb")).toBe(false);
    expect(isCleanText("a\tb", true)).toBe(true);
  });
});

describe("emailAddress", () => {
  const email = emailAddress();

  it("takes an address trimmed and lower-cased", () => {
    expect(email.parse("  Anna.Petrova@Example.RU ")).toBe("anna.petrova@example.ru");
  });

  it("refuses an address over 254 characters", () => {
    const long = `${"a".repeat(EMAIL_MAX_LENGTH - "@example.ru".length + 1)}@example.ru`;
    expect(messages(email.safeParse(long))).toEqual(["Не длиннее 254 символов"]);
  });

  it("refuses an address with a NUL or no domain", () => {
    expect(email.safeParse("anna\u0000@example.ru").success).toBe(false);
    expect(messages(email.safeParse("anna"))).toEqual(["Введите e-mail в формате name@example.ru"]);
  });
});
