import { Marked, type Tokens } from "marked";

// Where a link leads is decided by resolving it against this base: no page is ever served from it.
const LINK_BASE = new URL("https://links.invalid/");
// Browsers drop tabs and newlines inside a URL and read a backslash as a slash, so `/\evil.example`
// or `/<tab>/evil.example` would leave the site: such links are refused, not repaired, and so are
// invisible format characters (zero-width spaces, bidi overrides) that disguise a link.
const UNSAFE_IN_HREF = /[\s\p{Cc}\p{Cf}\\]/u;
const UNSAFE_DECODED = /[\p{Cc}\\]/u;
const SCHEME = /^[a-z][a-z\d+.-]*:/i;
const WEB_URL = /^https?:\/\/[^/\\]/i;

/** The href with its percent-encodings undone (twice-encoded too), or null when it does not decode. */
function percentDecoded(href: string): string | null {
  let current = href;
  for (let round = 0; round < 4; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

function resolved(href: string): URL | null {
  try {
    return new URL(href, LINK_BASE);
  } catch {
    return null;
  }
}

/**
 * The href a link may keep, normalised, or null when the link must stay plain text. Allowed:
 * absolute http(s) URLs, tel: and mailto:, and this site's own paths (`/…`) and anchors (`#…`)
 * that still resolve to the same origin once percent-encodings are undone.
 */
export function safeLinkHref(href: string): string | null {
  if (UNSAFE_IN_HREF.test(href)) return null;
  const url = resolved(href);
  if (!url) return null;
  if (SCHEME.test(href)) {
    if ((url.protocol === "https:" || url.protocol === "http:") && WEB_URL.test(href)) {
      return url.href;
    }
    return url.protocol === "tel:" || url.protocol === "mailto:" ? url.href : null;
  }
  if (!href.startsWith("/") && !href.startsWith("#")) return null;
  const decoded = percentDecoded(href);
  if (decoded === null || UNSAFE_DECODED.test(decoded)) return null;
  if (url.origin !== LINK_BASE.origin || resolved(decoded)?.origin !== LINK_BASE.origin) {
    return null;
  }
  return href.startsWith("#") ? url.hash || "#" : url.pathname + url.search + url.hash;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Markdown that staff write (program coverage, «Порядок получения медицинского обслуживания»)
 * becomes HTML with no markup of its own: raw HTML is shown as text, links go only to web, mail
 * and phone addresses and this site's own paths (see safeLinkHref; any other link becomes its
 * text), and images become their alt text (the page loads nothing from elsewhere).
 */
const safeMarked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    link({ href, title, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const safe = safeLinkHref(href);
      if (safe === null) return text;
      const external = /^https?:/.test(safe);
      const titleAttribute = title ? ` title="${escapeHtml(title)}"` : "";
      const rel = external ? ' target="_blank" rel="noopener noreferrer"' : "";
      return `<a href="${escapeHtml(safe)}"${titleAttribute}${rel}>${text}</a>`;
    },
    image({ text }: Tokens.Image) {
      return escapeHtml(text);
    },
  },
});

/** Renders Markdown to HTML that is safe to put into a page as it is. */
export function renderSafeMarkdown(markdown: string): string {
  return safeMarked.parse(markdown, { async: false });
}
