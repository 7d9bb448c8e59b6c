import { Typography } from "@mantine/core";
import classes from "./contracts.module.css";

/**
 * HTML that the server rendered from staff-written Markdown with renderSafeMarkdown
 * (common/contracts/safe-markdown.ts): raw HTML escaped, links only to web, mail and phone
 * addresses and this site's own paths. Nothing else may reach dangerouslySetInnerHTML.
 */
export function SafeHtml({ html }: { html: string }) {
  return (
    <Typography className={classes.richText}>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by renderSafeMarkdown on the server */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
