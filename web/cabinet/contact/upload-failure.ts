import type { TFunction } from "i18next";
import { ApiError, NetworkError } from "../../ui/api.ts";

/**
 * The message form's words for an upload that got no answer it could read: the connection
 * dropped or stalled, or the server (or a proxy before it) failed without a Russian explanation.
 * Null for an answer the server put into words, which the form shows as it is.
 */
export function describeUploadFailure(error: unknown, t: TFunction<"contact">): string | null {
  if (error instanceof NetworkError) return t("message.connectionLost");
  if (error instanceof ApiError && error.status >= 500 && !error.detail) {
    return t("message.serverFailed");
  }
  return null;
}
