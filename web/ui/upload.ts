import type { z } from "zod";
import { problemSchema } from "../../common/problem.schema.ts";
import { ApiError, NetworkError } from "./api.ts";

export interface UploadOptions<T> {
  schema: z.ZodType<T>;
  /** Called as the body goes out: bytes sent and the total. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

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
 * and NetworkError as api.ts does, so forms handle both the same way.
 */
export function uploadForm<T>(path: string, form: FormData, options: UploadOptions<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
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
    xhr.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
