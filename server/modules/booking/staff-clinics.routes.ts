import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idParamsSchema } from "../../../common/appeals/appeals.schema.ts";
import {
  clinicInputSchema,
  clinicListQuerySchema,
  doctorInputSchema,
  doctorScheduleSchema,
  exceptionInputSchema,
  networkEntryInputSchema,
  networkEntryListSchema,
  networkEntrySchema,
  scheduleChangeSchema,
  serviceInputSchema,
  staffClinicCardSchema,
  staffClinicListSchema,
  staffClinicSchema,
  staffDoctorSchema,
  staffServiceSchema,
  staffSpecialtyListSchema,
  weeklyTemplateSchema,
} from "../../../common/booking/staff-clinics.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { ADMIN_ONLY, DECIDERS } from "../../plugins/staff-access.ts";
import {
  addDoctorException,
  addNetworkEntry,
  createClinic,
  createDoctor,
  createService,
  editClinic,
  editDoctor,
  editNetworkEntry,
  editService,
  getClinicCard,
  getDoctorSchedule,
  getProgramNetwork,
  listClinics,
  listSpecialties,
  removeDoctorException,
  removeNetworkEntry,
  saveDoctorTemplate,
} from "./staff-clinics.service.ts";

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};
const tags = ["staff-clinics"];
const readRefusal = "Раздел «Клиники» открыт операторам и администраторам.";
const editRefusal =
  "Клиники, врачей, услуги, расписания и сети программ изменяет только администратор.";

/**
 * «Клиники»: operators read (they book by phone and answer clients about clinics); admins
 * change clinics, doctors, services, schedules and the programs' networks.
 */
export const staffClinicsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const read = app.requireStaff(DECIDERS, readRefusal);
  const edit = app.requireStaff(ADMIN_ONLY, editRefusal);

  app.get(
    "/staff/specialties",
    {
      schema: {
        tags,
        summary: "Специальности врачей",
        response: { 200: staffSpecialtyListSchema, ...errors },
      },
      preHandler: read,
    },
    async () => ({ specialties: await listSpecialties(db) }),
  );

  app.get(
    "/staff/clinics",
    {
      schema: {
        tags,
        summary: "Клиники сети (поиск по названию или метро)",
        querystring: clinicListQuerySchema,
        response: { 200: staffClinicListSchema, ...errors },
      },
      preHandler: read,
    },
    async (request) => ({ clinics: await listClinics(db, request.query) }),
  );

  app.post(
    "/staff/clinics",
    {
      schema: {
        tags,
        summary: "Добавить клинику (администратор)",
        body: clinicInputSchema,
        response: { 201: z.object({ clinic: staffClinicSchema }), ...errors },
      },
      preHandler: edit,
    },
    async (request, reply) =>
      reply.code(201).send({ clinic: await createClinic(db, request.staff, request.body) }),
  );

  app.get(
    "/staff/clinics/:id",
    {
      schema: {
        tags,
        summary: "Клиника с врачами и услугами",
        params: idParamsSchema,
        response: { 200: staffClinicCardSchema, ...errors },
      },
      preHandler: read,
    },
    async (request) => getClinicCard(db, request.params.id),
  );

  app.put(
    "/staff/clinics/:id",
    {
      schema: {
        tags,
        summary: "Изменить клинику (администратор)",
        params: idParamsSchema,
        body: clinicInputSchema,
        response: { 200: z.object({ clinic: staffClinicSchema }), ...errors },
      },
      preHandler: edit,
    },
    async (request) => ({
      clinic: await editClinic(db, request.staff, request.params.id, request.body),
    }),
  );

  app.post(
    "/staff/clinics/:id/doctors",
    {
      schema: {
        tags,
        summary: "Добавить врача клиники (администратор)",
        params: idParamsSchema,
        body: doctorInputSchema,
        response: { 201: z.object({ doctor: staffDoctorSchema }), ...errors },
      },
      preHandler: edit,
    },
    async (request, reply) => {
      const doctor = await createDoctor(db, request.staff, request.params.id, request.body);
      return reply.code(201).send({ doctor });
    },
  );

  app.put(
    "/staff/doctors/:id",
    {
      schema: {
        tags,
        summary: "Изменить или отключить врача (администратор)",
        params: idParamsSchema,
        body: doctorInputSchema,
        response: { 200: z.object({ doctor: staffDoctorSchema }), ...errors },
      },
      preHandler: edit,
    },
    async (request) => ({
      doctor: await editDoctor(db, request.staff, request.params.id, request.body),
    }),
  );

  app.post(
    "/staff/clinics/:id/services",
    {
      schema: {
        tags,
        summary: "Добавить услугу клиники (администратор)",
        params: idParamsSchema,
        body: serviceInputSchema,
        response: { 201: z.object({ service: staffServiceSchema }), ...errors },
      },
      preHandler: edit,
    },
    async (request, reply) => {
      const service = await createService(db, request.staff, request.params.id, request.body);
      return reply.code(201).send({ service });
    },
  );

  app.put(
    "/staff/services/:id",
    {
      schema: {
        tags,
        summary: "Изменить услугу клиники (администратор)",
        params: idParamsSchema,
        body: serviceInputSchema,
        response: { 200: z.object({ service: staffServiceSchema }), ...errors },
      },
      preHandler: edit,
    },
    async (request) => ({
      service: await editService(db, request.staff, request.params.id, request.body),
    }),
  );

  app.get(
    "/staff/doctors/:id/schedule",
    {
      schema: {
        tags,
        summary: "Расписание врача: недельный шаблон и исключения",
        params: idParamsSchema,
        response: { 200: doctorScheduleSchema, ...errors },
      },
      preHandler: read,
    },
    async (request) => getDoctorSchedule(db, request.params.id),
  );

  app.put(
    "/staff/doctors/:id/template",
    {
      schema: {
        tags,
        summary: "Сохранить недельный шаблон врача и пересчитать время на 30 дней (администратор)",
        params: idParamsSchema,
        body: weeklyTemplateSchema,
        response: { 200: scheduleChangeSchema, ...errors },
      },
      preHandler: edit,
    },
    async (request) => saveDoctorTemplate(db, request.staff, request.params.id, request.body),
  );

  app.post(
    "/staff/doctors/:id/exceptions",
    {
      schema: {
        tags,
        summary: "Добавить исключение в расписание врача (администратор)",
        params: idParamsSchema,
        body: exceptionInputSchema,
        response: { 201: scheduleChangeSchema, ...errors },
      },
      preHandler: edit,
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addDoctorException(db, request.staff, request.params.id, request.body)),
  );

  app.delete(
    "/staff/schedule-exceptions/:id",
    {
      schema: {
        tags,
        summary: "Убрать исключение из расписания врача (администратор)",
        params: idParamsSchema,
        response: { 200: scheduleChangeSchema, ...errors },
      },
      preHandler: edit,
    },
    async (request) => removeDoctorException(db, request.staff, request.params.id),
  );

  app.get(
    "/staff/programs/:id/network",
    {
      schema: {
        tags,
        summary: "Сеть клиник программы",
        params: idParamsSchema,
        response: { 200: networkEntryListSchema, ...errors },
      },
      preHandler: read,
    },
    async (request) => getProgramNetwork(db, request.params.id),
  );

  app.post(
    "/staff/programs/:id/network",
    {
      schema: {
        tags,
        summary: "Добавить клинику, специальность или услугу в сеть программы (администратор)",
        params: idParamsSchema,
        body: networkEntryInputSchema,
        response: { 201: z.object({ entry: networkEntrySchema }), ...errors },
      },
      preHandler: edit,
    },
    async (request, reply) => {
      const entry = await addNetworkEntry(db, request.staff, request.params.id, request.body);
      return reply.code(201).send({ entry });
    },
  );

  app.put(
    "/staff/network-entries/:id",
    {
      schema: {
        tags,
        summary: "Изменить запись сети программы (администратор)",
        params: idParamsSchema,
        body: networkEntryInputSchema,
        response: { 200: z.object({ entry: networkEntrySchema }), ...errors },
      },
      preHandler: edit,
    },
    async (request) => ({
      entry: await editNetworkEntry(db, request.staff, request.params.id, request.body),
    }),
  );

  app.delete(
    "/staff/network-entries/:id",
    {
      schema: {
        tags,
        summary: "Убрать запись из сети программы (администратор)",
        params: idParamsSchema,
        response: { 204: z.undefined(), ...errors },
      },
      preHandler: edit,
    },
    async (request, reply) => {
      await removeNetworkEntry(db, request.staff, request.params.id);
      return reply.code(204).send();
    },
  );
};
