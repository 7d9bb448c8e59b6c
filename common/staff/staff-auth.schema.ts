import { z } from "zod";
import { enteredPassword, newPasswordSchema } from "../identity/password.schema.ts";
import { emailAddress, userText } from "../text.schema.ts";

export const staffRoles = ["operator", "doctor", "admin"] as const;
export const staffRoleSchema = z.enum(staffRoles);
export type StaffRole = z.infer<typeof staffRoleSchema>;

const emailSchema = emailAddress({ invalid: "Введите e-mail в формате name@rms.local" });

export const staffSignInRequestSchema = z.object({
  email: emailSchema,
  password: enteredPassword(),
});
export type StaffSignInRequest = z.input<typeof staffSignInRequestSchema>;

export const staffProfileSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    fullName: z.string(),
    role: staffRoleSchema,
    totpEnabled: z.boolean(),
  })
  .meta({ id: "StaffProfile" });
export type StaffProfile = z.infer<typeof staffProfileSchema>;

export const staffSessionSchema = z
  .object({ staff: staffProfileSchema })
  .meta({ id: "StaffSession" });

/** «Who is signed in to the console?»: 200 either way, so a signed-out page load logs no error. */
export const currentStaffSessionSchema = z
  .object({ session: staffSessionSchema.nullable() })
  .meta({ id: "CurrentStaffSession" });

/**
 * Where a staff sign-in stands: signed in, or the next step owed, done against the `challenge`
 * (a new password after a temporary one, the TOTP code, or TOTP enrolment).
 */
export const staffSignInStepSchema = z
  .discriminatedUnion("step", [
    z.object({ step: z.literal("done"), staff: staffProfileSchema }),
    z.object({ step: z.literal("change-password"), challenge: z.string() }),
    z.object({ step: z.literal("totp"), challenge: z.string() }),
    z.object({ step: z.literal("enrol-totp"), challenge: z.string() }),
  ])
  .meta({ id: "StaffSignInStep" });
export type StaffSignInStep = z.infer<typeof staffSignInStepSchema>;

export const staffTotpRequestSchema = z.object({
  challenge: z.string().min(1),
  code: z
    .string({ error: "Введите код из приложения" })
    .trim()
    .regex(/^\d{6}$/, "Введите 6 цифр из приложения-аутентификатора"),
});

export const staffChallengeSchema = z.object({ challenge: z.string().min(1) });

export const staffChallengePasswordSchema = z
  .object({
    challenge: z.string().min(1),
    newPassword: newPasswordSchema,
    newPasswordRepeat: enteredPassword("Повторите пароль"),
  })
  .refine((value) => value.newPassword === value.newPasswordRepeat, {
    path: ["newPasswordRepeat"],
    message: "Пароли не совпадают",
  });

/** What an authenticator app needs: the QR code to scan, or the secret to type. */
export const totpEnrolmentSchema = z
  .object({
    secret: z.string(),
    otpauthUrl: z.string(),
    /** An SVG image of the QR code as a data: URL. */
    qrDataUrl: z.string(),
  })
  .meta({ id: "TotpEnrolment" });
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>;

export const staffTotpConfirmSchema = z.object({
  code: z
    .string({ error: "Введите код из приложения" })
    .trim()
    .regex(/^\d{6}$/, "Введите 6 цифр из приложения-аутентификатора"),
});

/** An account as an admin sees it in the staff list. */
export const staffMemberSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    fullName: z.string(),
    role: staffRoleSchema,
    /** A doctor's specialty in lower case («терапевт»: it reads after a comma), shown beside their name in «Чат с врачом». */
    specialty: z.string().nullable(),
    totpEnabled: z.boolean(),
    mustChangePassword: z.boolean(),
    disabled: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "StaffMember" });
export type StaffMember = z.infer<typeof staffMemberSchema>;

export const staffMemberListSchema = z.object({ members: z.array(staffMemberSchema) });

const specialtySchema = userText({ max: 100 });

export const createStaffMemberSchema = z.object({
  email: emailSchema,
  fullName: userText({ max: 200, min: 3, required: "Введите фамилию, имя и отчество" }),
  role: staffRoleSchema,
  /** A doctor's specialty; empty or omitted for none. */
  specialty: specialtySchema.optional(),
});

/** «Специальность» of a staff member, set by an admin; empty for none. */
export const staffSpecialtySchema = z.object({ specialty: specialtySchema });
export type CreateStaffMember = z.input<typeof createStaffMemberSchema>;

/** A new account or a reset: the temporary password is shown to the admin once. */
export const staffMemberWithPasswordSchema = z.object({
  member: staffMemberSchema,
  temporaryPassword: z.string(),
});

export const staffMemberIdParamsSchema = z.object({ id: z.uuid("Неверный идентификатор") });
