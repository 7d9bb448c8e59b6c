import { describe, expect, it } from "vitest";
import { renderSafeMarkdown } from "./safe-markdown.ts";

describe("renderSafeMarkdown", () => {
  it("renders headings, lists and bold text", () => {
    const html = renderSafeMarkdown("## Порядок\n\n1. Позвоните по номеру **8 (800) 770-70-94**");
    expect(html).toContain("<h2>Порядок</h2>");
    expect(html).toContain("<ol>");
    expect(html).toContain("<strong>8 (800) 770-70-94</strong>");
  });

  it("shows raw HTML as text instead of markup", () => {
    const html = renderSafeMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&#60;script&#62;");
  });

  it("keeps web and phone links and drops javascript ones", () => {
    const html = renderSafeMarkdown(
      "[сайт](https://rms-med.ru) [звонок](tel:+78007707094) [плохая](javascript:alert(1))",
    );
    expect(html).toContain(
      '<a href="https://rms-med.ru" target="_blank" rel="noopener noreferrer">сайт</a>',
    );
    expect(html).toContain('<a href="tel:+78007707094">звонок</a>');
    expect(html).not.toContain("javascript:");
    expect(html).toContain("плохая");
  });

  it("turns images into their alt text", () => {
    const html = renderSafeMarkdown("![схема проезда](https://example.com/map.png)");
    expect(html).not.toContain("<img");
    expect(html).toContain("схема проезда");
  });
});
