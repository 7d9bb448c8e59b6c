import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { problemSchema } from "../../../common/problem.schema.ts";
import { idParamsSchema } from "../../../common/staff/appeals.schema.ts";
import {
  contractSearchQuerySchema,
  contractSearchResultSchema,
  doctorListSchema,
  holderParamsSchema,
  staffContractCardSchema,
} from "../../../common/staff/contracts.schema.ts";
import { DECIDERS, requireStaffActor } from "./staff-access.ts";
import { listDoctors } from "./staff-contracts.repository.ts";
import {
  getContractCard,
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
    },
    async (request) =>
      searchContractsForStaff(db, await requireStaffActor(db, request), request.query),
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
    },
    async (request) => getContractCard(db, await requireStaffActor(db, request), request.params.id),
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
    },
    async (request) => {
      const actor = await requireStaffActor(
        db,
        request,
        DECIDERS,
        "Отвязать учётную запись может оператор или администратор.",
      );
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
    },
    async (request) => {
      await requireStaffActor(db, request);
      return { doctors: await listDoctors(db) };
    },
  );
};
