import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { idParamsSchema } from "../../../common/appeals/appeals.schema.ts";
import {
  contractSearchQuerySchema,
  contractSearchResultSchema,
  doctorListSchema,
  holderParamsSchema,
  staffContractCardSchema,
} from "../../../common/contracts/staff-contracts.schema.ts";
import { problemSchema } from "../../../common/problem.schema.ts";
import { DECIDERS } from "../../plugins/staff-access.ts";
import {
  getContractCard,
  listDoctors,
  searchContractsForStaff,
  unlinkHolder,
} from "./staff-contracts.service.ts";

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** «Договоры» in the staff console: search and the contract card; every read is audited. */
export const staffContractsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    "/staff/contracts",
    {
      schema: {
        tags: ["staff-contracts"],
        summary: "Поиск договоров по номеру, телефону или ФИО обслуживаемого лица",
        querystring: contractSearchQuerySchema,
        response: { 200: contractSearchResultSchema, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async (request) => searchContractsForStaff(db, request.staff, request.query),
  );

  app.get(
    "/staff/contracts/:id",
    {
      schema: {
        tags: ["staff-contracts"],
        summary: "Карточка договора: лица, обращения, заявки на замену",
        params: idParamsSchema,
        response: { 200: staffContractCardSchema, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async (request) => getContractCard(db, request.staff, request.params.id),
  );

  app.delete(
    "/staff/contracts/:id/holders/:clientId",
    {
      schema: {
        tags: ["staff-contracts"],
        summary: "Отвязать учётную запись клиента от договора (оператор, администратор)",
        params: holderParamsSchema,
        response: { 200: staffContractCardSchema, ...errors },
      },
      preHandler: app.requireStaff(
        DECIDERS,
        "Отвязать учётную запись может оператор или администратор.",
      ),
    },
    async (request) => {
      const actor = request.staff;
      return unlinkHolder(db, actor, request.params.id, request.params.clientId);
    },
  );

  app.get(
    "/staff/doctors",
    {
      schema: {
        tags: ["staff-contracts"],
        summary: "Врачи РМС (для выбора в обращении)",
        response: { 200: doctorListSchema, ...errors },
      },
      preHandler: app.requireStaff(),
    },
    async () => {
      return { doctors: await listDoctors(db) };
    },
  );
};
