import { describe, expect, it } from "vitest";
import { formatDateInput } from "./date-mask.ts";

describe("formatDateInput", () => {
  it.each([
    ["0", "0"],
    ["01", "01"],
    ["010", "01.0"],
    ["0102", "01.02"],
    ["01021", "01.02.1"],
    ["01021990", "01.02.1990"],
    ["010219901", "01.02.1990"],
  ])("adds the dots as digits are typed: %s → %s", (input, expected) => {
    expect(formatDateInput(input)).toBe(expected);
  });

  it("keeps a dot the person typed and pads a single digit in front of it", () => {
    expect(formatDateInput("01.")).toBe("01.");
    expect(formatDateInput("1.")).toBe("01.");
    expect(formatDateInput("1.2.1990")).toBe("01.02.1990");
  });

  it("reformats a pasted date and lets the field be cleared", () => {
    expect(formatDateInput(" 01/02/1990 ")).toBe("01.02.1990");
    expect(formatDateInput("")).toBe("");
    expect(formatDateInput("..")).toBe("");
  });
});
