import { z } from "zod";
import {
  type CALLBACK_TOPICS,
  COMPANY_NAME_MAX,
  SALES_TOPICS,
  VISITOR_NAME_MAX,
  VISITOR_TOPICS,
  type VisitorSource,
} from "../../../common/contact/visitor-callback.schema.ts";
import { phoneInputSchema } from "../../../common/identity/sign-in.schema.ts";
import { userText } from "../../../common/text.schema.ts";

/** The fields of the form, in their order on the screen (for the focus of the first error). */
export const callbackFieldNames = ["name", "companyName", "phone", "topic", "consent"] as const;
export type CallbackFieldName = (typeof callbackFieldNames)[number];

/** What the form holds: the topic "" and the consent unticked until the visitor chooses. */
export interface CallbackFormValues {
  name: string;
  companyName: string;
  phone: string;
  topic: string;
  consent: boolean;
}

export type CallbackFormBody = {
  name: string;
  companyName?: string;
  phone: string;
  topic: (typeof CALLBACK_TOPICS)[number];
};

/** The topics offered: a visitor's three, or the sales team's two. */
export const topicsFor = (source: VisitorSource) =>
  source === "sales" ? SALES_TOPICS : VISITOR_TOPICS;

/** The form's rules, with the API's own messages; the company is asked only on the sales form. */
export function callbackFormSchema(source: VisitorSource) {
  const topics = topicsFor(source);
  return z
    .object({
      name: userText({ max: VISITOR_NAME_MAX, min: 1, required: "Введите имя" }),
      companyName:
        source === "sales"
          ? userText({ max: COMPANY_NAME_MAX, min: 1, required: "Введите название компании" })
          : z.string(),
      phone: phoneInputSchema,
      // Strings and a boolean in, as the radios and the checkbox hold them.
      topic: z.string().pipe(z.enum(topics, { error: "Выберите тему" })),
      consent: z
        .boolean()
        .refine((given) => given, "Дайте согласие на обработку персональных данных"),
    })
    .transform(
      (values): CallbackFormBody => ({
        name: values.name,
        phone: values.phone,
        topic: values.topic,
        ...(source === "sales" ? { companyName: values.companyName } : {}),
      }),
    );
}
