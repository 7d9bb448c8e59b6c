import type { z } from "zod";
import { type FieldError, type Problem, problemSchema } from "../../common/problem.schema.ts";

/**
 * An error answer of the API. When the server sent `application/problem+json`, its Russian
 * `title` and `detail` are fit to show a user and `fieldErrors` name the failing form fields.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[];
  readonly requestId: string | undefined;
  /** False when the answer was not problem+json (a proxy page, an empty body). */
  readonly isProblem: boolean;
  /** Seconds to wait before trying again, from `Retry-After` (429), when the server said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem: Problem | null, retryAfterSeconds?: number) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.isProblem = problem !== null;
    this.type = problem?.type ?? "about:blank";
    this.title = problem?.title ?? "";
    this.detail = problem?.detail;
    this.fieldErrors = problem?.errors ?? [];
    this.requestId = problem?.requestId;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The request never got an answer: the device is offline or the server is unreachable. */
export class NetworkError extends Error {
  constructor(options?: { cause?: unknown }) {
    super("Network request failed", options);
    this.name = "NetworkError";
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions<T> {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Validates the answer; without it the body is returned as `unknown`. */
  schema?: z.ZodType<T>;
}

/** `Retry-After` as seconds: either a number of seconds or an HTTP date. */
function readRetryAfter(response: Response): number | undefined {
  const value = response.headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function readProblem(response: Response): Promise<Problem | null> {
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.includes("json")) return null;
  try {
    const parsed = problemSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Sends a JSON request to the API on this origin; throws ApiError or NetworkError. */
export async function apiRequest<T = unknown>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions<T> = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (options.signal) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new NetworkError({ cause: error });
  }

  if (!response.ok) {
    throw new ApiError(response.status, await readProblem(response), readRetryAfter(response));
  }
  const text = response.status === 204 ? "" : await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  return options.schema ? options.schema.parse(data) : (data as T);
}

export const api = {
  get: <T = unknown>(path: string, options?: RequestOptions<T>) =>
    apiRequest<T>("GET", path, undefined, options),
  post: <T = unknown>(path: string, body?: unknown, options?: RequestOptions<T>) =>
    apiRequest<T>("POST", path, body, options),
  put: <T = unknown>(path: string, body?: unknown, options?: RequestOptions<T>) =>
    apiRequest<T>("PUT", path, body, options),
  patch: <T = unknown>(path: string, body?: unknown, options?: RequestOptions<T>) =>
    apiRequest<T>("PATCH", path, body, options),
  delete: <T = unknown>(path: string, options?: RequestOptions<T>) =>
    apiRequest<T>("DELETE", path, undefined, options),
};
