import { describe, expect, it } from "vitest";
import { formatFileSize } from "./file-size.ts";

/** The shown text with its non-breaking spaces made plain, to read the cases. */
function shown(bytes: number): string {
  return formatFileSize(bytes).replaceAll("\u00a0", " ");
}

describe("formatFileSize", () => {
  it("shows small files in whole bytes, as the console and the cabinet both do", () => {
    expect(shown(0)).toBe("0 Б");
    expect(shown(193)).toBe("193 Б");
    expect(shown(1023)).toBe("1023 Б");
  });

  it("shows kilobytes and megabytes to one decimal, with a decimal comma", () => {
    expect(shown(1024)).toBe("1 КБ");
    expect(shown(1536)).toBe("1,5 КБ");
    expect(shown(2057)).toBe("2 КБ");
    expect(shown(340 * 1024)).toBe("340 КБ");
    expect(shown(1.25 * 1024 * 1024)).toBe("1,3 МБ");
    expect(shown(25 * 1024 * 1024)).toBe("25 МБ");
    expect(shown(3 * 1024 ** 3)).toBe("3 ГБ");
  });

  it("moves to the next unit when rounding would reach 1024", () => {
    expect(shown(1024 * 1024 - 1)).toBe("1 МБ");
    expect(shown(1024 * 1024 - 30)).toBe("1 МБ");
    expect(shown(1024 * 1024 - 60)).toBe("1023,9 КБ");
  });

  it("keeps the number and the unit together with a non-breaking space", () => {
    expect(formatFileSize(4100)).toBe("4\u00a0КБ");
  });
});
