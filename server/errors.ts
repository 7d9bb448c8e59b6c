import type { FieldError } from "../common/problem.schema.ts";

/**
 * The one error type that services throw. Its title and detail are Russian, shown to the user as
 * they are, so they say what happened and what to do.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    /** A stable machine-readable slug, becomes the problem's `type`. */
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly fields?: FieldError[],
    /** Extra response headers, such as Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
    this.name = "AppError";
  }
}

export class NotFoundError extends AppError {
  constructor(detail = "Запрошенные данные не найдены или недоступны вашей учётной записи.") {
    super(404, "not-found", "Не найдено", detail);
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldError[], detail = fields[0]?.message ?? "Проверьте введённые данные.") {
    super(400, "validation", "Проверьте введённые данные", detail, fields);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string) {
    super(409, "conflict", "Действие невозможно", detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = "Войдите в личный кабинет, чтобы продолжить.") {
    super(401, "unauthorized", "Требуется вход", detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = "У вас нет доступа к этому действию.") {
    super(403, "forbidden", "Доступ запрещён", detail);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(detail: string) {
    super(503, "unavailable", "Сервис временно недоступен", detail);
  }
}

/**
 * 503 for a moment of overload: the request is refused at once instead of waiting its turn, and
 * `Retry-After` (whole seconds, at least one) says when to try again.
 */
export class ServerBusyError extends AppError {
  constructor(detail: string, retryAfterMs: number) {
    super(503, "busy", "Сервер занят", detail, undefined, {
      "retry-after": String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
    });
  }
}
