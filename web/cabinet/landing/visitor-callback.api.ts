import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import {
  type VisitorCallbackRequest,
  visitorCallbackSchema,
  type visitorCodeRequestSchema,
  type visitorVerifyRequestSchema,
} from "../../../common/contact/visitor-callback.schema.ts";
import { legalDocumentListSchema } from "../../../common/identity/legal.schema.ts";
import {
  smsCodeSentSchema,
  verifiedPhoneSchema,
} from "../../../common/identity/sms-code.schema.ts";
import { api } from "../../ui/api.ts";

/** The current personal-data document a visitor agrees to on «Заказать звонок». */
export function personalDataQuery() {
  return queryOptions({
    queryKey: ["legal", "documents"],
    queryFn: ({ signal }) =>
      api.get("/api/legal/documents", { schema: legalDocumentListSchema, signal }),
    select: (list) => list.documents.find((document) => document.slug === "personal-data") ?? null,
    staleTime: 10 * 60_000,
  });
}

/** «Получить код»: an SMS code to the phone the centre will call. */
export function sendVisitorCode(body: z.output<typeof visitorCodeRequestSchema>) {
  return api.post("/api/visitor-callbacks/code", body, { schema: smsCodeSentSchema });
}

/** The code from the SMS, for a ticket that lets one request through. */
export function verifyVisitorCode(body: z.output<typeof visitorVerifyRequestSchema>) {
  return api.post("/api/visitor-callbacks/verify", body, { schema: verifiedPhoneSchema });
}

/** «Отправить»: the request lands in the contact centre's call-back queue. */
export function requestVisitorCallback(body: VisitorCallbackRequest) {
  return api.post("/api/visitor-callbacks", body, { schema: visitorCallbackSchema });
}
