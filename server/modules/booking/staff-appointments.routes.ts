import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  bookingOptionsSchema,
  clinicCancelSchema,
  fulfilAppointmentSchema,
  scheduleAppointmentSchema,
  staffAppointmentEnvelopeSchema,
  staffAppointmentIdParamsSchema,
  staffAppointmentListQuerySchema,
  staffAppointmentListSchema,
  staffAppointmentSummarySchema,
} from "../../../common/booking/staff-appointments.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { AppError, ValidationError } from "../../errors.ts";
import {
  AttachmentsTooLargeError,
  attachmentDisposition,
  receiveMultipart,
  removeStored,
} from "../contact/index.ts";
import {
  appointmentQueue,
  appointmentSummary,
  BOOKING_DESK,
  BOOKING_DESK_REFUSAL,
  bookingOptions,
  cancelForClinic,
  confirmAppointment,
  fulfilAppointment,
  issueLetter,
  markNoShow,
  openLetter,
  scheduleRequest,
  viewAppointment,
} from "./staff-appointments.service.ts";

const tags = ["staff-appointments"];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

/** A guarantee letter is one PDF of at most this size. */
export const LETTER_MAX_BYTES = 10 * 1024 * 1024;
export const LETTER_TOO_LARGE = "Файл гарантийного письма должен быть не больше 10 МБ.";
const FORM_OVERHEAD_BYTES = 64 * 1024;
export const LETTER_FIELD = "file";

class LetterTooLargeError extends AppError {
  constructor() {
    super(413, "letter-too-large", "Файл слишком большой", LETTER_TOO_LARGE);
  }
}

const letterForm = z.unknown().meta({
  type: "object",
  properties: { file: { type: "string", format: "binary" } },
  required: ["file"],
});

/** «Записи» in the staff console (issue 14): the operator's queues and the visit's outcome. */
export const staffAppointmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  await app.register(multipart, {
    limits: { fileSize: LETTER_MAX_BYTES + 1, files: 2, fields: 5, fieldSize: 1024 },
  });
  app.addHook("preHandler", app.requireStaff(BOOKING_DESK, BOOKING_DESK_REFUSAL));
  const envelope = { 200: staffAppointmentEnvelopeSchema, ...errors };

  app.get(
    "/",
    {
      schema: {
        tags,
        summary:
          "Очередь записей: заявки, подтверждение, гарантийные письма, итог приёма, закрытые (в журнал доступа)",
        querystring: staffAppointmentListQuerySchema,
        response: { 200: staffAppointmentListSchema, ...errors },
      },
    },
    async (request) => appointmentQueue(db, request.staff, request.query),
  );

  app.get(
    "/summary",
    {
      schema: {
        tags,
        summary: "Сколько записей в каждой очереди и клиники для фильтра",
        response: { 200: staffAppointmentSummarySchema, ...errors },
      },
    },
    async () => appointmentSummary(db),
  );

  app.get(
    "/:id",
    {
      schema: {
        tags,
        summary: "Карточка записи с историей (в журнал доступа)",
        params: staffAppointmentIdParamsSchema,
        response: envelope,
      },
    },
    async (request) => ({
      appointment: await viewAppointment(db, request.staff, request.params.id),
    }),
  );

  app.get(
    "/:id/booking-options",
    {
      schema: {
        tags,
        summary: "Врачи клиники по специальности заявки и их свободное время на 30 дней",
        params: staffAppointmentIdParamsSchema,
        response: { 200: bookingOptionsSchema, ...errors },
      },
    },
    async (request) => bookingOptions(db, request.params.id),
  );

  app.post(
    "/:id/schedule",
    {
      schema: {
        tags,
        summary: "Записать по заявке: врач и свободное время или введённое время и длительность",
        params: staffAppointmentIdParamsSchema,
        body: scheduleAppointmentSchema,
        response: envelope,
      },
    },
    async (request) => ({
      appointment: await scheduleRequest(db, request.staff, request.params.id, request.body),
    }),
  );

  app.post(
    "/:id/confirm",
    {
      schema: {
        tags,
        summary: "Подтвердить запись по заявке со временем",
        params: staffAppointmentIdParamsSchema,
        response: envelope,
      },
    },
    async (request) => ({
      appointment: await confirmAppointment(db, request.staff, request.params.id),
    }),
  );

  app.post(
    "/:id/letter",
    {
      schema: {
        tags,
        summary:
          "Загрузить гарантийное письмо (один PDF до 10 МБ в поле `file`): запись подтверждена",
        consumes: ["multipart/form-data"],
        params: staffAppointmentIdParamsSchema,
        body: letterForm,
        response: { ...envelope, 413: problemSchema, 415: problemSchema },
      },
      onRequest: async (request) => {
        const declared = Number(request.headers["content-length"] ?? 0);
        if (declared > LETTER_MAX_BYTES + FORM_OVERHEAD_BYTES) throw new LetterTooLargeError();
      },
    },
    async (request) => {
      if (!request.isMultipart()) {
        throw new AppError(
          415,
          "not-multipart",
          "Неверный формат запроса",
          "Отправьте гарантийное письмо формой (multipart/form-data).",
        );
      }
      let upload: Awaited<ReturnType<typeof receiveMultipart>>;
      try {
        upload = await receiveMultipart(request.parts(), app.files, {
          maxTotalBytes: LETTER_MAX_BYTES,
          maxFiles: 1,
        });
      } catch (error) {
        if (error instanceof AttachmentsTooLargeError) throw new LetterTooLargeError();
        if (error instanceof ValidationError) throw letterProblem(notPdf(error.detail));
        throw error;
      }
      const [file] = upload.files;
      if (!file) throw letterProblem("Приложите PDF-файл гарантийного письма.");
      if (file.mediaType !== "application/pdf") {
        await removeStored(app.files, upload.files);
        throw letterProblem(notPdfMessage(file.originalName));
      }
      try {
        return {
          appointment: await issueLetter(db, request.staff, request.params.id, {
            storageKey: file.storageKey,
            fileName: file.originalName,
          }),
        };
      } catch (error) {
        await removeStored(app.files, upload.files);
        throw error;
      }
    },
  );

  app.post(
    "/:id/letter-sent",
    {
      schema: {
        tags,
        summary: "Отметить, что гарантийное письмо отправлено в клинику: запись подтверждена",
        params: staffAppointmentIdParamsSchema,
        response: envelope,
      },
    },
    async (request) => ({
      appointment: await issueLetter(db, request.staff, request.params.id, null),
    }),
  );

  app.get(
    "/:id/letter",
    {
      schema: {
        tags,
        summary: "Скачать загруженное гарантийное письмо (в журнал доступа)",
        params: staffAppointmentIdParamsSchema,
        produces: ["application/pdf", "application/problem+json"],
        response: { 200: z.unknown().meta({ description: "PDF" }), ...errors },
      },
    },
    async (request, reply) => {
      const file = await openLetter(db, app.files, request.staff, request.params.id);
      return reply
        .type("application/pdf")
        .header("content-disposition", attachmentDisposition(file.name))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .send(file.stream);
    },
  );

  app.post(
    "/:id/fulfil",
    {
      schema: {
        tags,
        summary: "Состоялась: приём прошёл, обращение записано в договор",
        params: staffAppointmentIdParamsSchema,
        body: fulfilAppointmentSchema,
        response: envelope,
      },
    },
    async (request) => ({
      appointment: await fulfilAppointment(db, request.staff, request.params.id, request.body),
    }),
  );

  app.post(
    "/:id/noshow",
    {
      schema: {
        tags,
        summary: "Неявка: человек не пришёл на приём",
        params: staffAppointmentIdParamsSchema,
        response: envelope,
      },
    },
    async (request) => ({
      appointment: await markNoShow(db, request.staff, request.params.id),
    }),
  );

  app.post(
    "/:id/cancel",
    {
      schema: {
        tags,
        summary: "Отменить запись по просьбе клиники: причину увидит клиент",
        params: staffAppointmentIdParamsSchema,
        body: clinicCancelSchema,
        response: envelope,
      },
    },
    async (request) => ({
      appointment: await cancelForClinic(db, request.staff, request.params.id, request.body),
    }),
  );
};

/** The upload's own refusal of a file's type names every type a message takes: here only PDF. */
function notPdf(detail: string | undefined): string {
  const refused = detail ? /^Файл «(.*)» не подходит/.exec(detail) : null;
  if (refused) return notPdfMessage(refused[1] ?? "");
  return detail ?? "Приложите PDF-файл гарантийного письма.";
}

function notPdfMessage(fileName: string): string {
  return `Файл «${fileName}» не PDF: приложите письмо в формате PDF.`;
}

function letterProblem(message: string): ValidationError {
  return new ValidationError([{ field: LETTER_FIELD, message }]);
}
