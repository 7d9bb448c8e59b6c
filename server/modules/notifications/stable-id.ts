import { createHash } from "node:crypto";

/**
 * A UUID made from its parts: the same parts give the same id, so a job queued under it twice
 * (a repeated event, a reminder scheduled again) is queued once. Shaped as a version 8 (custom)
 * UUID, which pg-boss takes as a job id.
 */
export function stableId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
