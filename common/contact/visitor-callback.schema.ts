import { z } from "zod";
import { phoneInputSchema } from "../identity/sign-in.schema.ts";
import { smsCodeSchema } from "../identity/sms-code.schema.ts";
import { userText } from "../text.schema.ts";

/** «Заказать звонок» on the site: what a visitor may ask about. */
export const VISITOR_TOPICS = ["certificate", "dms_company", "medical"] as const;
/** The corporate cards' («Медосмотры», «Юридическим лицам») request for the sales team. */
export const SALES_TOPICS = ["checkups", "staff_dms"] as const;
export const CALLBACK_TOPICS = [...VISITOR_TOPICS, ...SALES_TOPICS] as const;
export type CallbackTopic = (typeof CALLBACK_TOPICS)[number];

export const VISITOR_NAME_MAX = 100;
export const COMPANY_NAME_MAX = 200;

/** Where the request came from: the site's «Заказать звонок», or the sales form. */
export const visitorSourceSchema = z.enum(["visitor", "sales"], {
  error: "Неизвестный вид заявки",
});
export type VisitorSource = z.infer<typeof visitorSourceSchema>;

/** «Получить код»: the phone the centre will call. */
export const visitorCodeRequestSchema = z.object({ phone: phoneInputSchema });

/** The code from the SMS, exchanged for a ticket that lets one request through. */
export const visitorVerifyRequestSchema = z.object({
  phone: phoneInputSchema,
  code: smsCodeSchema,
});

const CONSENT_MESSAGE = "Дайте согласие на обработку персональных данных";

/** «Отправить»: the confirmed phone's ticket, the name, the topic and the consent. */
export const visitorCallbackRequestSchema = z
  .object({
    ticket: z
      .string({ error: "Подтвердите номер кодом из SMS" })
      .min(1, "Подтвердите номер кодом из SMS")
      .max(200, "Подтвердите номер кодом из SMS"),
    name: userText({ max: VISITOR_NAME_MAX, min: 1, required: "Введите имя" }),
    topic: z.enum(CALLBACK_TOPICS, { error: "Выберите тему" }),
    source: visitorSourceSchema.default("visitor"),
    companyName: userText({ max: COMPANY_NAME_MAX }).optional(),
    /** The version of the personal-data document («personal-data») the visitor agreed to. */
    consentVersion: z.number({ error: CONSENT_MESSAGE }).int(CONSENT_MESSAGE).positive(),
  })
  .superRefine((body, ctx) => {
    const topics: readonly string[] = body.source === "sales" ? SALES_TOPICS : VISITOR_TOPICS;
    if (!topics.includes(body.topic)) {
      ctx.addIssue({ code: "custom", path: ["topic"], message: "Выберите тему из списка" });
    }
    if (body.source === "sales" && !body.companyName) {
      ctx.addIssue({
        code: "custom",
        path: ["companyName"],
        message: "Введите название компании",
      });
    }
  });
export type VisitorCallbackRequest = z.input<typeof visitorCallbackRequestSchema>;

export const visitorCallbackSchema = z
  .object({
    id: z.uuid(),
    source: visitorSourceSchema,
    /** The call is due by then (half an hour after the request). */
    dueAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "VisitorCallback" });
export type VisitorCallback = z.infer<typeof visitorCallbackSchema>;
