import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from "fastify-type-provider-zod";
import type { FieldError, Problem } from "../../common/problem.schema.ts";
import { AppError } from "../errors.ts";

/** Russian titles for the HTTP errors that Fastify itself raises before a handler runs. */
const titlesByStatus: Record<number, [title: string, detail: string]> = {
  400: ["Неверный запрос", "Запрос не удалось разобрать. Обновите страницу и попробуйте ещё раз."],
  401: ["Требуется вход", "Войдите в личный кабинет, чтобы продолжить."],
  403: ["Доступ запрещён", "У вас нет доступа к этому действию."],
  404: ["Не найдено", "Такого адреса нет. Проверьте ссылку."],
  405: ["Метод не поддерживается", "Этот адрес не принимает такой запрос."],
  406: ["Формат не поддерживается", "Сервер не может ответить в запрошенном формате."],
  413: ["Слишком большой запрос", "Размер отправленных данных превышает допустимый."],
  415: ["Формат не поддерживается", "Сервер не принимает данные в этом формате."],
  429: ["Слишком много попыток", "Подождите немного и попробуйте снова."],
};

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
    if (isResponseSerializationError(error)) {
      request.log.error(
        { err: error, issues: error.cause.issues },
        "response does not match its schema",
      );
      return sendProblem(reply, internalProblem);
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return sendProblem(reply, { ...internalProblem, status });
    }
    const [title, detail] = titlesByStatus[status] ?? ["Ошибка запроса", "Запрос не выполнен."];
    return sendProblem(reply, {
      code:
        error.code
          ?.toLowerCase()
          .replace(/^fst_err_/, "")
          .replaceAll("_", "-") ?? "bad-request",
      status,
      title,
      detail,
    });
  });
});

const internalProblem = {
  code: "internal",
  status: 500,
  title: "Внутренняя ошибка сервера",
  detail:
    "Что-то пошло не так на нашей стороне. Попробуйте ещё раз позже или позвоните в контакт-центр 8 (800) 770-70-94.",
};
