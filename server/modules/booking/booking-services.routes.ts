import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  clinicServiceListSchema,
  clinicServicesQuerySchema,
} from "../../../common/booking/booking.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { requireClient } from "../../plugins/sessions.ts";
import { listClinicServices } from "./booking-catalogue.service.ts";

/** «Услуги и цены»: a clinic's services with what each costs the chosen person. */
export const bookingServicesRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/booking/services",
    {
      schema: {
        tags: ["booking"],
        summary:
          "Услуги клиники и что каждая стоит человеку: по программе, по гарантийному письму или платно",
        description:
          "Действующие услуги клиники (с `specialtyId` — только этой специальности), сначала приёмы врача, затем по названию. Покрытие решается так же, как у свободного времени, на сегодняшний день: самая точная строка сети программы (услуга, специальность, вся клиника), лимит визитов, срок договора. «Платно» — с ценой клиники и ценой со скидкой компании, в копейках.",
        querystring: clinicServicesQuerySchema,
        response: {
          200: clinicServiceListSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request) => ({
      services: await listClinicServices(db, requireClient(request).clientId, request.query),
    }),
  );
};
