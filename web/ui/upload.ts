import type { z } from "zod";
import { problemSchema } from "../../common/problem.schema.ts";
import { ApiError, NetworkError } from "./api.ts";

export interface UploadOptions<T> {
  schema: z.ZodType<T>;
  /** Called as the body goes out: bytes sent and the total. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
  /**
   * How long the upload may go without a byte going out or coming back before it counts as cut
   * off: a server that vanished without closing the connection would otherwise keep the form
   * waiting for ever.
   */
  stallTimeoutMs?: number;
}

const STALL_TIMEOUT_MS = 60_000;

function problemOf(xhr: XMLHttpRequest) {
  if (!(xhr.getResponseHeader("content-type") ?? "").includes("json")) return null;
  try {
    const parsed = problemSchema.safeParse(JSON.parse(xhr.responseText));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Posts a multipart form with upload progress, which fetch() cannot report. Throws ApiError
 * and NetworkError as api.ts does, so forms handle both the same way: a dropped connection, a
 * server gone mid-upload and a stalled upload are all NetworkError; only the caller's own signal
 * gives an AbortError.
 */
export function uploadForm<T>(path: string, form: FormData, options: UploadOptions<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let stall: ReturnType<typeof setTimeout> | undefined;
    let stalled = false;
    const settle = () => clearTimeout(stall);
    const watch = () => {
      clearTimeout(stall);
      stall = setTimeout(() => {
        stalled = true;
        xhr.abort();
      }, options.stallTimeoutMs ?? STALL_TIMEOUT_MS);
    };
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      watch();
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    // The body is out: the server now stores the files before it answers.
    xhr.upload.onload = watch;
    xhr.onprogress = watch;
    xhr.onloadend = settle;
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        const retryAfter = Number(xhr.getResponseHeader("retry-after") ?? Number.NaN);
        reject(
          new ApiError(
            xhr.status,
            problemOf(xhr),
            Number.isFinite(retryAfter) ? retryAfter : undefined,
          ),
        );
        return;
      }
      try {
        resolve(options.schema.parse(JSON.parse(xhr.responseText)));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => reject(new NetworkError());
    xhr.ontimeout = () => reject(new NetworkError());
    xhr.onabort = () =>
      reject(
        stalled || !options.signal?.aborted
          ? new NetworkError()
          : new DOMException("The upload was cancelled", "AbortError"),
      );
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    watch();
    xhr.send(form);
  });
}
