import { describe, expect, it } from "vitest";
import { renderSafeMarkdown, safeLinkHref } from "./safe-markdown.ts";

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
      '<a href="https://rms-med.ru/" target="_blank" rel="noopener noreferrer">сайт</a>',
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

  it("keeps this site's own paths and anchors as links", () => {
    const html = renderSafeMarkdown("[договоры](/cabinet/contracts?tab=1#top) [ниже](#part)");
    expect(html).toContain('<a href="/cabinet/contracts?tab=1#top">договоры</a>');
    expect(html).toContain('<a href="#part">ниже</a>');
  });

  it("renders a backslash path that leads to another site as its text", () => {
    const html = renderSafeMarkdown("[x](/\\evil.example/phish)");
    expect(html).not.toContain("<a");
    expect(html).not.toContain("evil.example");
    expect(html).toContain("x");
  });

  it("shows a link's title escaped", () => {
    const html = renderSafeMarkdown('[сайт](https://rms-med.ru "РМС \\"плюс\\"")');
    expect(html).toContain('title="РМС &#34;плюс&#34;"');
  });
});

describe("safeLinkHref", () => {
  it.each([
    ["https://rms-med.ru", "https://rms-med.ru/"],
    ["HTTPS://rms-med.ru/a?b#c", "https://rms-med.ru/a?b#c"],
    ["http://example.com/путь", "http://example.com/%D0%BF%D1%83%D1%82%D1%8C"],
    ["tel:+78007707094", "tel:+78007707094"],
    ["mailto:info@rms-med.ru", "mailto:info@rms-med.ru"],
    ["/cabinet/contracts", "/cabinet/contracts"],
    ["/cabinet/../verify?n=1", "/verify?n=1"],
    ["/a%20b", "/a%20b"],
    ["#part", "#part"],
  ])("keeps %j as %j", (href, kept) => {
    expect(safeLinkHref(href)).toBe(kept);
  });

  it.each([
    ["a backslash after the slash", "/\\evil.example/phish"],
    ["two backslashes", "\\\\evil.example"],
    ["a slash and a backslash", "\\/evil.example"],
    ["a tab between slashes", "/\t/evil.example"],
    ["a newline between slashes", "/\n/evil.example"],
    ["a leading space", " //evil.example"],
    ["a protocol-relative URL", "//evil.example/phish"],
    ["three slashes", "///evil.example"],
    ["an encoded backslash", "/%5Cevil.example"],
    ["an encoded backslash, lower case", "/%5cevil.example"],
    ["an encoded slash", "/%2Fevil.example"],
    ["a twice-encoded backslash", "/%255Cevil.example"],
    ["an encoded tab", "/%09/evil.example"],
    ["a malformed encoding", "/%E0%A4%A"],
    ["javascript:", "javascript:alert(1)"],
    ["JavaScript: in mixed case", "JaVaScRiPt:alert(1)"],
    ["javascript: with a tab inside", "java\tscript:alert(1)"],
    ["javascript: after a control character", "\u0001javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["vbscript:", "vbscript:msgbox(1)"],
    ["file:", "file:///etc/passwd"],
    ["an http URL without slashes", "https:evil.example"],
    ["an http URL with one slash", "https:/evil.example"],
    ["an http URL with a backslash", "https:\\\\evil.example"],
    ["an http URL without a host", "https:///evil.example"],
    ["a relative path without a slash", "evil.example/phish"],
    ["a zero-width space", "/\u200b/evil.example"],
    ["a right-to-left override", "https://rms-med.ru/\u202Eexe.kcolb"],
  ])("refuses %s", (_what, href) => {
    expect(safeLinkHref(href)).toBeNull();
  });

  it("renders every refused form as text in Markdown", () => {
    for (const href of ["/%5Cevil.example", "<//evil.example>", "</\t/evil.example>", "data:x"]) {
      expect(renderSafeMarkdown(`[x](${href})`), href).not.toContain("<a");
    }
  });
});
