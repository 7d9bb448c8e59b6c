import { randomBytes, randomUUID } from "node:crypto";
import type { StaffSignInStep, TotpEnrolment } from "../../../common/staff/staff-auth.schema.ts";
import type { Db } from "../../db/client.ts";
import { AppError, ValidationError } from "../../errors.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import {
  acceptSignInAttempt,
  checkClaimedPassword,
  checkNewPassword,
  claimSignInAttempt,
  hashPassword,
  hashToken,
  openSession,
  passwordMatches,
  type RequestMeta,
  registerSignInFailure,
  STAFF_LOCK_HINT,
} from "../identity/index.ts";
import {
  claimChallengeTry,
  claimTotpStep,
  findLiveChallenge,
  findStaffByEmail,
  findStaffById,
  insertChallenge,
  returnChallengeTry,
  type StaffRow,
  toStaffProfile,
  updateChallenge,
  updateStaff,
} from "./staff.repository.ts";
import { newTotpSecret, totpCodeStep, totpEnrolment } from "./totp.ts";

const CHALLENGE_TTL_MS = 10 * 60_000;
const CHALLENGE_ATTEMPTS = 5;

export interface StaffSignInPolicy {
  /** TOTP for every staff account (NODE_ENV=production). */
  requireTotp: boolean;
}

/** A staff sign-in answer: the next step, or a signed-in session with its token. */
export type StaffSignInOutcome =
  | { step: Exclude<StaffSignInStep, { step: "done" }>; token?: undefined }
  | { step: Extract<StaffSignInStep, { step: "done" }>; token: string };

const wrongCredentials = new AppError(
  401,
  "wrong-credentials",
  "Неверный e-mail или пароль",
  "Проверьте e-mail и пароль. Если вы забыли пароль, обратитесь к администратору.",
);

const challengeExpired = new AppError(
  401,
  "sign-in-expired",
  "Вход не завершён",
  "Время на этот шаг входа истекло. Войдите заново с e-mail и паролем.",
);

/** The step a sign-in owes next: TOTP code, then a new password, then enrolment, then done. */
async function nextStep(
  db: Db,
  staff: StaffRow,
  challenge: { id: string; token: string; totpVerifiedAt: Date | null },
  policy: StaffSignInPolicy,
  meta: RequestMeta,
  now: Date,
): Promise<StaffSignInOutcome> {
  if (staff.totpEnabledAt && !challenge.totpVerifiedAt) {
    return { step: { step: "totp", challenge: challenge.token } };
  }
  if (staff.mustChangePassword) {
    return { step: { step: "change-password", challenge: challenge.token } };
  }
  if (!staff.totpEnabledAt && policy.requireTotp) {
    return { step: { step: "enrol-totp", challenge: challenge.token } };
  }
  await updateChallenge(db, challenge.id, { usedAt: now });
  const { token } = await openSession(db, { staffId: staff.id }, false, meta, now);
  await recordSecurityEvent(
    db,
    {
      kind: "sign_in",
      staffId: staff.id,
      subject: staff.email,
      ip: meta.ip,
      userAgent: meta.userAgent,
    },
    now,
  );
  return { step: { step: "done", staff: toStaffProfile(staff) }, token };
}

/** E-mail and password; throttled like the clients' sign-in. */
export async function startStaffSignIn(
  db: Db,
  input: { email: string; password: string },
  policy: StaffSignInPolicy,
  meta: RequestMeta,
  now = new Date(),
): Promise<StaffSignInOutcome> {
  const logged = { subject: input.email, ip: meta.ip, userAgent: meta.userAgent };
  const attempt = await claimSignInAttempt(db, logged, now, STAFF_LOCK_HINT);
  const staff = await findStaffByEmail(db, input.email);
  const owner = { staffId: staff?.id };
  const valid = await checkClaimedPassword(db, attempt, input.password, staff?.passwordHash, owner);
  if (!staff || !valid) {
    await registerSignInFailure(db, attempt, owner, now);
    throw wrongCredentials;
  }
  await acceptSignInAttempt(db, attempt, { staffId: staff.id });
  if (staff.disabledAt) {
    throw new AppError(
      401,
      "account-disabled",
      "Учётная запись отключена",
      "Ваша учётная запись отключена. Обратитесь к администратору.",
    );
  }
  const token = randomBytes(32).toString("base64url");
  const id = randomUUID();
  await insertChallenge(db, {
    id,
    staffId: staff.id,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    createdAt: now,
  });
  return nextStep(db, staff, { id, token, totpVerifiedAt: null }, policy, meta, now);
}

async function liveChallenge(db: Db, token: string, now: Date) {
  const challenge = await findLiveChallenge(db, hashToken(token), now);
  if (!challenge || challenge.attempts >= CHALLENGE_ATTEMPTS) throw challengeExpired;
  const staff = await findStaffById(db, challenge.staffId);
  if (!staff || staff.disabledAt) throw challengeExpired;
  return { challenge, staff };
}

/** Takes a code try before the code is checked; with none left the sign-in starts over. */
async function claimCodeTry(db: Db, challengeId: string): Promise<number> {
  const used = await claimChallengeTry(db, challengeId, CHALLENGE_ATTEMPTS);
  if (used === null) throw challengeExpired;
  return used;
}

function wrongTotp(triesUsed: number): never {
  const left = CHALLENGE_ATTEMPTS - triesUsed;
  throw new ValidationError([
    {
      field: "code",
      message:
        left > 0
          ? `Неверный код из приложения. Осталось попыток: ${left}.`
          : "Неверный код из приложения. Попытки исчерпаны — войдите заново.",
    },
  ]);
}

/** Notes on the challenge that the second factor was shown, and moves the sign-in on. */
async function totpPassed(
  db: Db,
  staff: StaffRow,
  challengeId: string,
  token: string,
  policy: StaffSignInPolicy,
  meta: RequestMeta,
  now: Date,
): Promise<StaffSignInOutcome> {
  await updateChallenge(db, challengeId, { totpVerifiedAt: now });
  return nextStep(db, staff, { id: challengeId, token, totpVerifiedAt: now }, policy, meta, now);
}

export async function confirmStaffTotp(
  db: Db,
  input: { challenge: string; code: string },
  policy: StaffSignInPolicy,
  meta: RequestMeta,
  now = new Date(),
): Promise<StaffSignInOutcome> {
  const { challenge, staff } = await liveChallenge(db, input.challenge, now);
  if (!staff.totpSecret || !staff.totpEnabledAt) throw challengeExpired;
  const triesUsed = await claimCodeTry(db, challenge.id);
  const step = totpCodeStep(staff.email, staff.totpSecret, input.code, now.getTime());
  if (step === null || !(await claimTotpStep(db, staff.id, step))) wrongTotp(triesUsed);
  await returnChallengeTry(db, challenge.id);
  return totpPassed(db, staff, challenge.id, input.challenge, policy, meta, now);
}

export async function changeTemporaryPassword(
  db: Db,
  input: { challenge: string; newPassword: string },
  policy: StaffSignInPolicy,
  meta: RequestMeta,
  now = new Date(),
): Promise<StaffSignInOutcome> {
  const { challenge, staff } = await liveChallenge(db, input.challenge, now);
  if (staff.totpEnabledAt && !challenge.totpVerifiedAt) throw challengeExpired;
  checkNewPassword(input.newPassword, null, "newPassword");
  if (await passwordMatches(input.newPassword, staff.passwordHash)) {
    throw new ValidationError([
      { field: "newPassword", message: "Новый пароль должен отличаться от временного" },
    ]);
  }
  const updated = await updateStaff(db, staff.id, {
    passwordHash: await hashPassword(input.newPassword),
    mustChangePassword: false,
  });
  if (!updated) throw challengeExpired;
  await recordSecurityEvent(
    db,
    { kind: "password_changed", staffId: staff.id, ip: meta.ip, userAgent: meta.userAgent },
    now,
  );
  return nextStep(db, updated, { ...challenge, token: input.challenge }, policy, meta, now);
}

/** Starts TOTP enrolment: a new secret, kept until a code from it is confirmed. */
export async function startTotpEnrolment(db: Db, staff: StaffRow): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  await updateStaff(db, staff.id, { totpSecret: secret, totpEnabledAt: null });
  return totpEnrolment(staff.email, secret);
}

/** Turns TOTP on once the app shows a matching code. */
export async function confirmTotpEnrolment(
  db: Db,
  staff: StaffRow,
  code: string,
  now = new Date(),
): Promise<StaffRow | null> {
  if (!staff.totpSecret) return null;
  const step = totpCodeStep(staff.email, staff.totpSecret, code, now.getTime());
  if (step === null) return null;
  return updateStaff(db, staff.id, { totpEnabledAt: now, totpLastStep: step });
}

export async function startChallengeEnrolment(
  db: Db,
  token: string,
  now = new Date(),
): Promise<TotpEnrolment> {
  const { staff } = await liveChallenge(db, token, now);
  if (staff.totpEnabledAt) throw challengeExpired;
  return startTotpEnrolment(db, staff);
}

export async function confirmChallengeEnrolment(
  db: Db,
  input: { challenge: string; code: string },
  policy: StaffSignInPolicy,
  meta: RequestMeta,
  now = new Date(),
): Promise<StaffSignInOutcome> {
  const { challenge, staff } = await liveChallenge(db, input.challenge, now);
  if (staff.totpEnabledAt) throw challengeExpired;
  const triesUsed = await claimCodeTry(db, challenge.id);
  const enrolled = await confirmTotpEnrolment(db, staff, input.code, now);
  if (!enrolled) wrongTotp(triesUsed);
  await returnChallengeTry(db, challenge.id);
  return totpPassed(db, enrolled, challenge.id, input.challenge, policy, meta, now);
}
