import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  appointmentIdParamsSchema,
  appointmentListSchema,
  appointmentSchema,
  bookAppointmentRequestSchema,
  slotListSchema,
  slotSearchQuerySchema,
} from "../../../common/booking/booking.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { requireClient } from "../../plugins/sessions.ts";
import {
  bookAppointment,
  cancelMyAppointment,
  listMyAppointments,
  searchSlots,
} from "./booking.service.ts";

const tags = ["booking"];
const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

/** Booking for the mobile app and the cabinet: free times with their coverage, appointments. */
export const bookingRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/booking/slots",
    {
      schema: {
        tags,
        summary:
          "Свободное время врачей в клиниках сети на 14 дней вперёд и что оно стоит выбранному человеку",
        description:
          "`personId` — застрахованный по действующему договору учётной записи. Фильтры: специальность, врач, клиника, период `from`–`to` (не дальше 14 дней от сейчас). Каждое время с покрытием: «По программе» (`covered`), «Нужно гарантийное письмо» (`guarantee_letter`) или «Платно» (`paid`) с ценой клиники и ценой со скидкой компании в копейках. Не больше 1000 времён за раз.",
        querystring: slotSearchQuerySchema,
        response: { 200: slotListSchema, ...errors },
      },
    },
    async (request) => ({
      slots: await searchSlots(db, requireClient(request).clientId, request.query),
    }),
  );

  app.post(
    "/appointments",
    {
      schema: {
        tags,
        summary: "Записаться к врачу на свободное время",
        description:
          "Отвечает 201 с записью, или 409, если время уже занято или у человека уже есть запись на это время (решает база данных).",
        body: bookAppointmentRequestSchema,
        response: { 201: appointmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const appointment = await bookAppointment(db, requireClient(request).clientId, request.body);
      return reply.code(201).send(appointment);
    },
  );

  app.get(
    "/appointments",
    {
      schema: {
        tags,
        summary: "Мои записи: предстоящие и прошедшие, со статусом и историей",
        response: { 200: appointmentListSchema, 401: problemSchema },
      },
    },
    async (request) => listMyAppointments(db, requireClient(request).clientId),
  );

  app.post(
    "/appointments/:id/cancel",
    {
      schema: {
        tags,
        summary: "Отменить запись (до срока отмены клиники; после него — по телефону клиники)",
        params: appointmentIdParamsSchema,
        response: { 200: appointmentSchema, ...errors },
      },
    },
    async (request) => cancelMyAppointment(db, requireClient(request).clientId, request.params.id),
  );
};
