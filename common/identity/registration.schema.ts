import { z } from "zod";
import { parseRuDate, todayInMoscow } from "../format/date.ts";
import { emailAddress, userText } from "../text.schema.ts";
import { acceptedDocumentsSchema } from "./legal.schema.ts";
import { enteredPassword, newPasswordSchema } from "./password.schema.ts";

export const PERSON_NAME = /^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё' -]*$/;

export function personName(required: string, invalid: string) {
  return z
    .string({ error: required })
    .trim()
    .min(1, required)
    .max(100, "Не длиннее 100 символов")
    .regex(PERSON_NAME, invalid);
}

/** «Дата рождения» as `dd.mm.yyyy`: a real date, in the past, not more than 120 years ago. */
export const birthDateInputSchema = z
  .string({ error: "Введите дату рождения" })
  .trim()
  .min(1, "Введите дату рождения")
  .transform((value, ctx) => {
    const iso = parseRuDate(value);
    if (!iso) {
      ctx.addIssue({ code: "custom", message: "Введите дату в формате дд.мм.гггг" });
      return z.NEVER;
    }
    const today = todayInMoscow();
    const [year = "0", rest = ""] = [today.slice(0, 4), today.slice(4)];
    if (iso >= today) {
      ctx.addIssue({ code: "custom", message: "Дата рождения должна быть в прошлом" });
      return z.NEVER;
    }
    if (iso < `${Number(year) - 120}${rest}`) {
      ctx.addIssue({ code: "custom", message: "Проверьте год рождения" });
      return z.NEVER;
    }
    return iso;
  });

/** «Отчество» is required unless «Нет отчества» is ticked, and is letters, hyphens and spaces. */
export function checkPatronymic(
  value: { patronymic: string; noPatronymic: boolean },
  ctx: z.RefinementCtx,
): void {
  if (value.noPatronymic) return;
  if (value.patronymic === "") {
    ctx.addIssue({
      code: "custom",
      path: ["patronymic"],
      message: "Введите отчество или отметьте «Нет отчества»",
    });
  } else if (!PERSON_NAME.test(value.patronymic)) {
    ctx.addIssue({
      code: "custom",
      path: ["patronymic"],
      message: "Отчество может содержать только буквы, дефис и пробел",
    });
  }
}

/** Registration, step 2 (after the code is confirmed). All fields must be filled. */
export const registrationRequestSchema = z
  .object({
    ticket: z.string().min(1),
    lastName: personName("Введите фамилию", "Фамилия может содержать только буквы, дефис и пробел"),
    firstName: personName("Введите имя", "Имя может содержать только буквы, дефис и пробел"),
    patronymic: userText({ max: 100 }).default(""),
    /** «Нет отчества». */
    noPatronymic: z.boolean().default(false),
    birthDate: birthDateInputSchema,
    email: emailAddress(),
    password: newPasswordSchema,
    acceptedDocuments: acceptedDocumentsSchema,
  })
  .superRefine(checkPatronymic);
export type RegistrationRequest = z.input<typeof registrationRequestSchema>;

/** «Забыли пароль?», last step: the new password twice. */
export const recoveryCompleteRequestSchema = z
  .object({
    ticket: z.string().min(1),
    password: newPasswordSchema,
    passwordRepeat: enteredPassword("Повторите пароль"),
  })
  .refine((value) => value.password === value.passwordRepeat, {
    path: ["passwordRepeat"],
    message: "Пароли не совпадают",
  });
export type RecoveryCompleteRequest = z.input<typeof recoveryCompleteRequestSchema>;
