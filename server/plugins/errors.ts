import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from "fastify";
import fp from "fastify-plugin";
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from "fastify-type-provider-zod";
import type { FieldError, Problem } from "../../common/problem.schema.ts";
import { isPoolExhausted } from "../db/database-busy.ts";
import { AppError } from "../errors.ts";
import { databaseErrorOf, loggableDatabaseError } from "../logging.ts";

const URI_TOO_LONG: [title: string, detail: string] = [
  "Слишком длинный адрес",
  "Адрес запроса слишком длинный. Проверьте ссылку.",
];

/** Russian titles for the HTTP errors that Fastify itself raises before a handler runs. */
const titlesByStatus: Record<number, [title: string, detail: string]> = {
  400: ["Неверный запрос", "Запрос не удалось разобрать. Обновите страницу и попробуйте ещё раз."],
  401: ["Требуется вход", "Войдите в личный кабинет, чтобы продолжить."],
  403: ["Доступ запрещён", "У вас нет доступа к этому действию."],
  404: ["Не найдено", "Такого адреса нет. Проверьте ссылку."],
  405: ["Метод не поддерживается", "Этот адрес не принимает такой запрос."],
  406: ["Формат не поддерживается", "Сервер не может ответить в запрошенном формате."],
  413: ["Слишком большой запрос", "Размер отправленных данных превышает допустимый."],
  414: URI_TOO_LONG,
  415: ["Формат не поддерживается", "Сервер не принимает данные в этом формате."],
  429: ["Слишком много попыток", "Подождите немного и попробуйте снова."],
};

/** Fastify's own codes whose general title by status would mislead. */
const titlesByCode: Record<string, [title: string, detail: string]> = {
  FST_ERR_BAD_URL: ["Неверный адрес", "В адресе есть недопустимые символы. Проверьте ссылку."],
  FST_ERR_MAX_PARAM_LENGTH: URI_TOO_LONG,
};

/** An error as the log holds it: a database error by its SQLSTATE (logging.ts keeps values out). */
function loggableError(error: Error): Record<string, unknown> {
  const database = databaseErrorOf(error);
  return database ? { db: loggableDatabaseError(database) } : { err: error };
}

/** Busboy's messages for a form that breaks off or is not multipart at all. */
const MALFORMED_MULTIPART =
  /unexpected end of (multipart data|form)|terminated early|boundary|needle|unsupported content-type|malformed part header/i;

/**
 * A multipart body that is truncated, empty of its framing or otherwise unreadable. Busboy
 * raises plain errors for these, which would otherwise read as a 500.
 */
export function isMalformedMultipart(error: unknown): boolean {
  return (
    error instanceof Error && !("statusCode" in error) && MALFORMED_MULTIPART.test(error.message)
  );
}

export const malformedMultipartProblem = {
  code: "malformed-multipart",
  status: 400,
  title: "Форма не дошла целиком",
  detail: "Данные формы пришли не полностью или повреждены. Отправьте форму ещё раз.",
};

/**
 * The client went away before its request was read to the end (closed the tab, lost the
 * network): the request stream itself says so, whatever error the reading code then raised.
 */
function isClientAbort(error: FastifyError, request: FastifyRequest): boolean {
  const raw = request.raw;
  return (
    error.code === "FST_MP_PREMATURE_CLOSE" ||
    raw.aborted === true ||
    Boolean(raw.errored) ||
    (raw.destroyed === true && raw.complete === false)
  );
}

export function sendProblem(
  reply: FastifyReply,
  problem: Omit<Problem, "requestId" | "type"> & { code: string },
  headers: Record<string, string> = {},
): FastifyReply {
  const { code, ...rest } = problem;
  const body: Problem = { type: `/problems/${code}`, ...rest, requestId: String(reply.request.id) };
  return reply
    .code(problem.status)
    .headers(headers)
    .type("application/problem+json; charset=utf-8")
    .send(JSON.stringify(body));
}

function validationFields(error: FastifyError): FieldError[] {
  if (!hasZodFastifySchemaValidationErrors(error)) return [];
  return error.validation.map((issue) => ({
    field:
      issue.instancePath.replace(/^\//, "").replaceAll("/", ".") || error.validationContext || "",
    message: issue.message ?? "Неверное значение.",
  }));
}

/**
 * The errors Fastify raises before there is a route (an undecodable URL, a path parameter over
 * `maxParamLength`), which never reach the error handler: pass as the server's `frameworkErrors`.
 */
export const answerFrameworkError: NonNullable<FastifyServerOptions["frameworkErrors"]> = (
  error,
  _request,
  reply,
) => {
  const status = error.statusCode ?? 400;
  const [title, detail] = titlesByCode[error.code] ??
    titlesByStatus[status] ?? ["Неверный запрос", "Запрос не удалось разобрать."];
  return sendProblem(reply, { code: problemCode(error), status, title, detail });
};

function problemCode(error: FastifyError): string {
  return (
    error.code
      ?.toLowerCase()
      .replace(/^fst_err_/, "")
      .replaceAll("_", "-") ?? "bad-request"
  );
}

/** One error handler for the whole API: every error leaves as application/problem+json. */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return sendProblem(
        reply,
        {
          code: error.code,
          status: error.status,
          title: error.title,
          detail: error.detail,
          errors: error.fields,
        },
        error.headers,
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = validationFields(error);
      return sendProblem(reply, {
        code: "validation",
        status: 400,
        title: "Проверьте введённые данные",
        detail: fields[0]?.message ?? "Проверьте введённые данные.",
        errors: fields,
      });
    }
    if (isClientAbort(error, request)) {
      // Nobody reads this answer; the log says what happened, without an alarm.
      request.log.info({ code: error.code }, "request aborted by the client");
      return sendProblem(reply, { ...malformedMultipartProblem, code: "aborted" });
    }
    if (isMalformedMultipart(error)) {
      request.log.info({ reason: error.message }, "malformed multipart body");
      return sendProblem(reply, malformedMultipartProblem);
    }
    const database = databaseErrorOf(error);
    // Class 22, data exception: a value the database cannot take (a NUL byte, a number out of
    // range, text that is not a uuid). The schemas should have refused it; the client gets a 400.
    if (database?.code.startsWith("22")) {
      request.log.warn({ db: loggableDatabaseError(database) }, "input refused by the database");
      return sendProblem(reply, {
        code: "invalid-data",
        status: 400,
        title: "Проверьте введённые данные",
        detail:
          "Данные не удалось сохранить: в них есть недопустимые символы или значения. Исправьте их и отправьте снова.",
      });
    }
    // Class 23, integrity constraint: a unique, foreign-key, check or exclusion rule refused the
    // change, usually because a simultaneous request changed the same thing first. The services
    // answer the races they expect themselves; any other is a conflict, not a server failure.
    if (database?.code.startsWith("23")) {
      request.log.warn({ db: loggableDatabaseError(database) }, "change refused by a constraint");
      return sendProblem(reply, {
        code: "conflict",
        status: 409,
        title: "Данные изменились",
        detail:
          "Изменение не сохранено: эти данные только что изменились или уже есть. Обновите страницу и попробуйте ещё раз.",
      });
    }
    // Every pooled connection stayed busy for the pool's whole wait: a moment of overload.
    if (isPoolExhausted(error)) {
      request.log.warn("no database connection free in time");
      return sendProblem(
        reply,
        {
          code: "busy",
          status: 503,
          title: "Сервер занят",
          detail: "Сервер сейчас перегружен: повторите через несколько секунд.",
        },
        { "retry-after": "2" },
      );
    }
    if (isResponseSerializationError(error)) {
      request.log.error(
        { err: error, issues: error.cause.issues },
        "response does not match its schema",
      );
      return sendProblem(reply, internalProblem);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error(loggableError(error), "request failed");
      return sendProblem(reply, { ...internalProblem, status });
    }
    const [title, detail] = titlesByCode[error.code] ??
      titlesByStatus[status] ?? ["Ошибка запроса", "Запрос не выполнен."];
    return sendProblem(reply, { code: problemCode(error), status, title, detail });
  });
});

const internalProblem = {
  code: "internal",
  status: 500,
  title: "Внутренняя ошибка сервера",
  detail:
    "Что-то пошло не так на нашей стороне. Попробуйте ещё раз позже или позвоните в контакт-центр 8 (800) 770-70-94.",
};
