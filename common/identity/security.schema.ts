import { z } from "zod";
import { enteredPassword, newPasswordSchema } from "./password.schema.ts";

/** One signed-in device in «Профиль» → «Безопасность». */
export const activeSessionSchema = z
  .object({
    id: z.uuid(),
    /** This browser. */
    current: z.boolean(),
    /** "Chrome, Android" — from the User-Agent, or null when it said nothing useful. */
    device: z.string().nullable(),
    ip: z.string().nullable(),
    lastSeenAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "ActiveSession" });
export type ActiveSession = z.infer<typeof activeSessionSchema>;

export const activeSessionListSchema = z.object({ sessions: z.array(activeSessionSchema) });

export const revokedSessionsSchema = z.object({ revoked: z.number().int() });

export const changePasswordRequestSchema = z
  .object({
    currentPassword: enteredPassword("Введите текущий пароль"),
    newPassword: newPasswordSchema,
    newPasswordRepeat: enteredPassword("Повторите пароль"),
  })
  .refine((value) => value.newPassword === value.newPasswordRepeat, {
    path: ["newPasswordRepeat"],
    message: "Пароли не совпадают",
  });
export type ChangePasswordRequest = z.input<typeof changePasswordRequestSchema>;
