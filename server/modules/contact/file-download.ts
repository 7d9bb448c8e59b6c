import type { Readable } from "node:stream";
import type { FastifyReply } from "fastify";

/**
 * `Content-Disposition: attachment` with the file's own name: an ASCII fallback for old clients
 * and the UTF-8 name (RFC 6266, RFC 5987) for the rest. Quotes, slashes and control characters
 * never reach the header.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\/%;]/g, "_") || "file";
  // Control characters and path separators become "_" before encoding.
  const cleaned = Array.from(fileName, (character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f || character === "/" || character === "\\"
      ? "_"
      : character;
  }).join("");
  const encoded = encodeURIComponent(cleaned).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Sends a stored file as a download: its own type, size and name, never sniffed or cached. */
export function sendDownload(
  reply: FastifyReply,
  file: { name: string; mediaType: string; sizeBytes: number; stream: Readable },
) {
  return reply
    .type(file.mediaType)
    .header("content-length", file.sizeBytes)
    .header("content-disposition", attachmentDisposition(file.name))
    .header("x-content-type-options", "nosniff")
    .header("cache-control", "private, no-store")
    .send(file.stream);
}
