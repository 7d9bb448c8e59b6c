import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  appointmentIdParamsSchema,
  appointmentListSchema,
  appointmentRequestSchema,
  appointmentSchema,
  bookAppointmentRequestSchema,
  bookingPersonListSchema,
  clinicListSchema,
  clinicSearchQuerySchema,
  doctorSearchQuerySchema,
  doctorSearchResultSchema,
  moveAppointmentRequestSchema,
  slotListSchema,
  slotSearchQuerySchema,
  specialtyListSchema,
  waitlistOfferIdParamsSchema,
} from "../../../common/booking/booking.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { requireClient } from "../../plugins/sessions.ts";
import { myAppointmentCalendar } from "./appointment-calendar.ts";
import { moveMyAppointment } from "./appointment-move.service.ts";
import { requestAppointment } from "./appointment-request.service.ts";
import {
  bookAppointment,
  cancelMyAppointment,
  listMyAppointments,
  myAppointment,
  searchSlots,
} from "./booking.service.ts";
import {
  listBookingPersons,
  listClinics,
  listSpecialties,
  searchDoctors,
} from "./booking-catalogue.service.ts";
import { acceptOffer, declineOffer, joinWaitlist, leaveWaitlist } from "./waitlist.service.ts";

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
    "/booking/persons",
    {
      schema: {
        tags,
        summary: "«Для кого»: застрахованные по действующим сегодня договорам учётной записи",
        response: { 200: bookingPersonListSchema, 401: problemSchema },
      },
    },
    async (request) => ({
      persons: await listBookingPersons(db, requireClient(request).clientId),
    }),
  );

  app.get(
    "/booking/specialties",
    {
      schema: {
        tags,
        summary: "Специальности врачей, к которым можно записаться",
        response: { 200: specialtyListSchema, 401: problemSchema },
      },
    },
    async (request) => {
      requireClient(request);
      return { specialties: await listSpecialties(db) };
    },
  );

  app.get(
    "/booking/doctors",
    {
      schema: {
        tags,
        summary: "Поиск врача по фамилии или имени в сети клиник программы человека",
        description:
          "`q` — не меньше двух букв; каждое слово должно встретиться в фамилии, имени или отчестве (ё и е не различаются). Не больше 50 врачей.",
        querystring: doctorSearchQuerySchema,
        response: { 200: doctorSearchResultSchema, ...errors },
      },
    },
    async (request) => ({
      doctors: await searchDoctors(db, requireClient(request).clientId, request.query),
    }),
  );

  app.get(
    "/booking/clinics",
    {
      schema: {
        tags,
        summary:
          "Клиники сети программы человека: по специальности или врачу, метро, району, ближайшие первыми",
        description:
          "С `specialtyId` (или `doctorId` — тогда клиника этого врача) у каждой клиники покрытие приёма этой специальности для человека. `metros` и `districts` — станции и районы всего списка до фильтров. С `latitude` и `longitude` у клиник расстояние в километрах, ближайшие первыми; иначе по названию.",
        querystring: clinicSearchQuerySchema,
        response: { 200: clinicListSchema, ...errors },
      },
    },
    async (request) => listClinics(db, requireClient(request).clientId, request.query),
  );

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

  app.post(
    "/appointment-requests",
    {
      schema: {
        tags,
        summary: "Оставить заявку в клинику, которая записывает только по заявкам",
        description:
          "Удобные дни (с сегодняшнего по 14-й день вперёд, по Москве), время дня и комментарий. Отвечает 201 с записью в статусе «заявка» (`requested`); оператор запишет по телефону и сообщит время. 409 — клиника записывает онлайн.",
        body: appointmentRequestSchema,
        response: { 201: appointmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const appointment = await requestAppointment(
        db,
        requireClient(request).clientId,
        request.body,
      );
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

  app.get(
    "/appointments/:id",
    {
      schema: {
        tags,
        summary: "Запись со статусом, историей и предложением из листа ожидания",
        params: appointmentIdParamsSchema,
        response: { 200: appointmentSchema, ...errors },
      },
    },
    async (request) => myAppointment(db, requireClient(request).clientId, request.params.id),
  );

  app.get(
    "/appointments/:id/calendar.ics",
    {
      schema: {
        tags,
        summary: "«Добавить в календарь»: запись файлом .ics (RFC 5545)",
        description:
          "`text/calendar`, вложение `appointment-ГГГГ-ММ-ДД.ics`: время приёма в UTC, место — адрес клиники, в описании врач, московское время, телефон и что взять с собой. 409 — у заявки ещё нет времени.",
        params: appointmentIdParamsSchema,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const file = await myAppointmentCalendar(
        db,
        requireClient(request).clientId,
        request.params.id,
      );
      return reply
        .type("text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="${file.fileName}"`)
        .header("cache-control", "no-store")
        .send(file.text);
    },
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

  app.post(
    "/appointments/:id/move",
    {
      schema: {
        tags,
        summary: "Перенести запись на другое свободное время",
        description:
          "Одним шагом: прежнее время освобождается, только когда новое занято за клиентом. Отвечает 201 с новой записью (у прежней `movedToId`), или 409 — новое время занято, прошёл срок отмены клиники; тогда прежняя запись остаётся как была.",
        params: appointmentIdParamsSchema,
        body: moveAppointmentRequestSchema,
        response: { 201: appointmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { clientId } = requireClient(request);
      const moved = await moveMyAppointment(db, clientId, request.params.id, request.body.slotId);
      return reply.code(201).send(moved);
    },
  );

  app.post(
    "/appointments/:id/waitlist",
    {
      schema: {
        tags,
        summary: "«Сообщить, если освободится раньше»: встать в лист ожидания",
        description:
          "Когда у того же врача освободится более раннее время, первому в листе ожидания оно предлагается по SMS и в кабинете и держится для него 15 минут. Повторный вызов ничего не меняет.",
        params: appointmentIdParamsSchema,
        response: { 200: appointmentSchema, ...errors },
      },
    },
    async (request) => joinWaitlist(db, requireClient(request).clientId, request.params.id),
  );

  app.delete(
    "/appointments/:id/waitlist",
    {
      schema: {
        tags,
        summary: "Больше не ждать более раннего времени",
        params: appointmentIdParamsSchema,
        response: { 200: appointmentSchema, ...errors },
      },
    },
    async (request) => leaveWaitlist(db, requireClient(request).clientId, request.params.id),
  );

  app.post(
    "/waitlist-offers/:id/accept",
    {
      schema: {
        tags,
        summary: "Принять предложенное более раннее время: запись переносится на него",
        description:
          "409, если 15 минут, на которые время держалось, истекли или время уже занято; прежняя запись тогда остаётся как была.",
        params: waitlistOfferIdParamsSchema,
        response: { 200: appointmentSchema, ...errors },
      },
    },
    async (request) => acceptOffer(db, requireClient(request).clientId, request.params.id),
  );

  app.post(
    "/waitlist-offers/:id/decline",
    {
      schema: {
        tags,
        summary: "Отказаться от предложенного времени и ждать другого",
        params: waitlistOfferIdParamsSchema,
        response: { 200: appointmentSchema, ...errors },
      },
    },
    async (request) => declineOffer(db, requireClient(request).clientId, request.params.id),
  );
};
