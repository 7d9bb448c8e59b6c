import { z } from "zod";
import {
  serviceTypeListSchema,
  serviceTypeSchema,
} from "../../../common/appeals/appeals.schema.ts";
import { api } from "../../ui/api.ts";
import { staffQuery } from "../staff-query.ts";

/** Every list of service types, the appeal forms' offered ones included (contracts.api.ts). */
export const serviceTypesKey = ["staff", "service-types"] as const;
const envelope = z.object({ serviceType: serviceTypeSchema });

/** The admin's whole list, archived types included. */
export const allServiceTypesQuery = () =>
  staffQuery(
    [...serviceTypesKey, "all"],
    "/api/staff/service-types?includeArchived=true",
    serviceTypeListSchema,
  );

export function addServiceType(name: string) {
  return api.post("/api/staff/service-types", { name }, { schema: envelope });
}

/** «Переименовать», «В архив», «Вернуть». */
export function changeServiceType(id: string, body: { name?: string; archived?: boolean }) {
  return api.patch(`/api/staff/service-types/${encodeURIComponent(id)}`, body, {
    schema: envelope,
  });
}
