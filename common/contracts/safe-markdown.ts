import { Marked, type Tokens } from "marked";

const SAFE_LINK = /^(https?:|mailto:|tel:|\/(?!\/)|#)/i;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Markdown that staff write (program coverage, «Порядок получения медицинского обслуживания»)
 * becomes HTML with no markup of its own: raw HTML is shown as text, links go only to web, mail
 * and phone addresses, and images become their alt text (the page loads nothing from elsewhere).
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
      if (!SAFE_LINK.test(href.trim())) return text;
      const external = /^https?:/i.test(href);
      const titleAttribute = title ? ` title="${escapeHtml(title)}"` : "";
      const rel = external ? ' target="_blank" rel="noopener noreferrer"' : "";
      return `<a href="${escapeHtml(href.trim())}"${titleAttribute}${rel}>${text}</a>`;
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
