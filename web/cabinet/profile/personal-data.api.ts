import { type QueryClient, queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import {
  codeSentSchema,
  type emailChangeRequestSchema,
  type emailCodeRequestSchema,
  type nameRequestSchema,
  personalDataRequestEnvelopeSchema,
  personalDataSchema,
  phoneChangedSchema,
  type phoneChangeRequestSchema,
  type phoneCodesRequestSchema,
  type phoneRequestSchema,
} from "../../../common/identity/personal-data.schema.ts";
import { api } from "../../ui/api.ts";
import { sessionQueryKey } from "../identity/identity.api.ts";

const base = "/api/profile/personal-data";
export const personalDataQueryKey = ["profile", "personal-data"] as const;

/** «Личные данные»: the account's data and its latest change requests. */
export function personalDataQuery() {
  return queryOptions({
    queryKey: personalDataQueryKey,
    queryFn: ({ signal }) => api.get(base, { schema: personalDataSchema, signal }),
  });
}

/** After a change: the page and the session (the header's name and phone) read again. */
export function refreshPersonalData(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: personalDataQueryKey });
  void queryClient.invalidateQueries({ queryKey: sessionQueryKey });
}

export function sendEmailCode(body: z.output<typeof emailCodeRequestSchema>) {
  return api.post(`${base}/email/code`, body, { schema: codeSentSchema });
}

export function changeEmail(body: z.output<typeof emailChangeRequestSchema>) {
  return api.post(`${base}/email`, body, { schema: personalDataSchema });
}

export function sendPhoneCodes(body: z.output<typeof phoneCodesRequestSchema>) {
  return api.post(`${base}/phone/codes`, body, { schema: codeSentSchema });
}

export function changePhone(body: z.output<typeof phoneChangeRequestSchema>) {
  return api.post(`${base}/phone`, body, { schema: phoneChangedSchema });
}

export function sendNewPhoneCode(body: z.output<typeof phoneCodesRequestSchema>) {
  return api.post(`${base}/phone-request/code`, body, { schema: codeSentSchema });
}

export function sendPhoneRequest(body: z.output<typeof phoneRequestSchema>) {
  return api.post(`${base}/phone-request`, body, { schema: personalDataRequestEnvelopeSchema });
}

/** The values as typed (the birth date as «дд.мм.гггг»): the server parses them with the schema. */
export function sendNameRequest(body: z.input<typeof nameRequestSchema>) {
  return api.post(`${base}/name-request`, body, { schema: personalDataRequestEnvelopeSchema });
}
