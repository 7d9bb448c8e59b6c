import { describe, expect, it } from "vitest";
import { parseRussianPhone } from "../../common/format/phone.ts";
import { caretAfterDigits, formatPhoneInput, phoneCaret } from "./phone-mask.ts";

describe("formatPhoneInput", () => {
  it.each([
    ["89261111111", "+7 (926) 111-11-11"],
    ["+79261111111", "+7 (926) 111-11-11"],
    ["79261111111", "+7 (926) 111-11-11"],
    ["9261111111", "+7 (926) 111-11-11"],
    ["8 (926) 111-11-11", "+7 (926) 111-11-11"],
    ["+7 926 111 11 11", "+7 (926) 111-11-11"],
    ["+7-926-111-11-11", "+7 (926) 111-11-11"],
    ["+7 (926) 111-11-11", "+7 (926) 111-11-11"],
  ])("formats a whole number typed or pasted as %s", (input, expected) => {
    expect(formatPhoneInput(input)).toBe(expected);
  });

  it.each([
    ["8", "+7"],
    ["+", "+7"],
    ["+7", "+7"],
    ["9", "+7 (9"],
    ["89", "+7 (9"],
    ["+7 (926", "+7 (926"],
    ["+7 (9261", "+7 (926) 1"],
    ["+7 (926) 1111", "+7 (926) 111-1"],
    ["+7 (926) 111-111", "+7 (926) 111-11-1"],
  ])("formats the number as it is typed: %s", (input, expected) => {
    expect(formatPhoneInput(input)).toBe(expected);
  });

  it("drops a separator left behind by Backspace, so the next Backspace removes a digit", () => {
    expect(formatPhoneInput("+7 (926) ")).toBe("+7 (926");
    expect(formatPhoneInput("+7 (926) 111-")).toBe("+7 (926) 111");
    expect(formatPhoneInput("+7 (")).toBe("+7");
  });

  it("takes «+7» typed over the «+7» already shown as the country code once", () => {
    expect(formatPhoneInput("+77")).toBe("+7");
    expect(formatPhoneInput("+79")).toBe("+7 (9");
    expect(formatPhoneInput("+7 (792) 611-11-11")).toBe("+7 (926) 111-11-1");
  });

  it("lets the field be cleared", () => {
    expect(formatPhoneInput("")).toBe("");
    expect(formatPhoneInput(" ")).toBe("");
    expect(formatPhoneInput("()-")).toBe("");
  });

  it("ignores letters and digits beyond the eleventh", () => {
    expect(formatPhoneInput("+7 926 abc 111 11 11 99")).toBe("+7 (926) 111-11-11");
  });

  it("gives a value the sign-in schema parses to E.164", () => {
    expect(parseRussianPhone(formatPhoneInput("8 926 111 11 11"))).toBe("+79261111111");
  });
});

describe("caret", () => {
  it("finds the place after the n-th digit", () => {
    expect(caretAfterDigits("+7 (926) 111-11-11", 4)).toBe(7);
    expect(caretAfterDigits("+7 (926) 111-11-11", 0)).toBe(2);
    expect(caretAfterDigits("+7 (926) 111-11-11", 99)).toBe(18);
  });

  it("keeps the caret after the digit just typed in the middle", () => {
    // "+7 (926) 111-11-11" with a «5» typed after «92»: "+7 (9256) 111-11-11"
    const raw = "+7 (9256) 111-11-11";
    const formatted = formatPhoneInput(raw);
    expect(formatted).toBe("+7 (925) 611-11-11");
    expect(phoneCaret(raw, 7, formatted)).toBe(7);
  });

  it("puts the caret after a first «9» behind the added country code", () => {
    const formatted = formatPhoneInput("9");
    expect(phoneCaret("9", 1, formatted)).toBe(formatted.length);
  });
});
