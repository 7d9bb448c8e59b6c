import { company } from "../../../common/company.ts";
import type {
  CodeSent,
  PersonalData,
  PersonalDataRequest,
} from "../../../common/identity/personal-data.schema.ts";
import type { Db } from "../../db/client.ts";
import { ConflictError, UnauthorizedError, ValidationError } from "../../errors.ts";
import { recordSecurityEvent } from "../../plugins/security-log.ts";
import { findClientProfile } from "./clients.repository.ts";
import {
  checkEmailCode,
  consumeEmailCode,
  type EmailQueue,
  sendEmailCode,
} from "./email-codes.service.ts";
import {
  findLatestRequest,
  insertRequest,
  phoneTakenByOther,
  updateClientEmail,
  updateClientPhone,
} from "./personal-data.repository.ts";
import { checkPhoneCodes, consumeCheckedCodes } from "./phone-change-codes.ts";
import { emitSecurityNotice } from "./security-notices.ts";
import { revokeClientSessions } from "./sessions.repository.ts";
import type { RequestMeta } from "./sessions.service.ts";
import { type SmsQueue, sendCode } from "./sms-codes.service.ts";

export interface ClientPrincipal {
  clientId: string;
  sessionId: string;
}

/**
 * The one answer for a phone that another account holds. It is given only after the new number's
 * code was entered, so only the number's owner learns it, and it names no account.
 */
export const PHONE_UNAVAILABLE = `Этот номер нельзя указать для вашей учётной записи. Если номер ваш, позвоните в медпульт: ${company.phones.contactCentre.display}.`;

const codesUsed = () =>
  new ValidationError([
    { field: "code", message: "Код уже использован или устарел. Запросите новый." },
  ]);

async function profileOf(db: Db, clientId: string) {
  const profile = await findClientProfile(db, clientId);
  if (!profile) throw new UnauthorizedError();
  return profile;
}

/** «Личные данные»: the account's data and the newest request of each kind. */
export async function getPersonalData(db: Db, clientId: string): Promise<PersonalData> {
  return {
    profile: await profileOf(db, clientId),
    nameRequest: await findLatestRequest(db, clientId, "name"),
    phoneRequest: await findLatestRequest(db, clientId, "phone"),
  };
}

/** «Изменить e-mail», step 1: a code to the new address. */
export async function requestEmailCode(
  db: Db,
  email: EmailQueue,
  clientId: string,
  address: string,
  meta: RequestMeta,
): Promise<CodeSent> {
  const profile = await profileOf(db, clientId);
  if (profile.email.toLowerCase() === address) {
    throw new ValidationError([{ field: "email", message: "Это ваш текущий e-mail" }]);
  }
  return sendEmailCode(db, email, clientId, address, meta);
}

/**
 * «Изменить e-mail», step 2: the code from the new address sets it; the old address is told (a
 * security message). E-mail is not unique across accounts (the clients table keeps it so: a family
 * may share a mailbox), so no address is refused for being someone else's.
 */
export async function changeEmail(
  db: Db,
  clientId: string,
  input: { email: string; code: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<PersonalData> {
  const before = await profileOf(db, clientId);
  const codeId = await checkEmailCode(db, clientId, input.email, input.code, meta, now);
  await db.transaction(async (tx) => {
    if (!(await consumeEmailCode(tx, codeId, now))) throw codesUsed();
    await updateClientEmail(tx, clientId, input.email);
    const eventId = await recordSecurityEvent(
      tx,
      {
        kind: "email_changed",
        clientId,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { from: before.email, to: input.email },
      },
      now,
    );
    // The old address is told by the notifications module (decision 0028), when there was one.
    if (before.email && before.email.toLowerCase() !== input.email) {
      await emitSecurityNotice(tx, clientId, eventId);
    }
  });
  return getPersonalData(db, clientId);
}

function checkNewPhone(phone: string, current: string): void {
  if (phone === current) {
    throw new ValidationError([{ field: "phone", message: "Это ваш текущий номер" }]);
  }
}

/** «Изменить телефон», step 1: one code to the current number and one to the new. */
export async function requestPhoneCodes(
  db: Db,
  sms: SmsQueue,
  clientId: string,
  phone: string,
  meta: RequestMeta,
): Promise<CodeSent> {
  const profile = await profileOf(db, clientId);
  checkNewPhone(phone, profile.phone);
  await sendCode(db, sms, profile.phone, "phone_change_old", meta);
  return sendCode(db, sms, phone, "phone_change_new", meta);
}

/**
 * «Изменить телефон», step 2: both codes, or nothing changes. The account's other sessions end
 * (whoever held them knew the old number), the security log records it, and the old number is
 * told by SMS.
 */
export async function changePhone(
  db: Db,
  principal: ClientPrincipal,
  input: { phone: string; oldCode: string; newCode: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<{ data: PersonalData; revoked: number }> {
  const { clientId } = principal;
  const profile = await profileOf(db, clientId);
  checkNewPhone(input.phone, profile.phone);
  const ids = await checkPhoneCodes(
    db,
    [
      { phone: profile.phone, purpose: "phone_change_old", code: input.oldCode, field: "oldCode" },
      { phone: input.phone, purpose: "phone_change_new", code: input.newCode, field: "newCode" },
    ],
    meta,
    clientId,
    now,
  );
  if (await phoneTakenByOther(db, clientId, input.phone))
    throw new ConflictError(PHONE_UNAVAILABLE);
  const revoked = await db.transaction(async (tx) => {
    if (!(await consumeCheckedCodes(tx, ids, now))) throw codesUsed();
    if (!(await updateClientPhone(tx, clientId, input.phone))) {
      throw new ConflictError(PHONE_UNAVAILABLE);
    }
    const revoked = await revokeClientSessions(tx, clientId, "phone_changed", principal.sessionId);
    const eventId = await recordSecurityEvent(
      tx,
      {
        kind: "phone_changed",
        clientId,
        subject: input.phone,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { from: profile.phone, to: input.phone, revoked },
      },
      now,
    );
    // The old number is told by the notifications module (decision 0028).
    await emitSecurityNotice(tx, clientId, eventId);
    return revoked;
  });
  return { data: await getPersonalData(db, clientId), revoked };
}

/** «Нет доступа к старому номеру», step 1: a code to the new number only. */
export async function requestNewPhoneCode(
  db: Db,
  sms: SmsQueue,
  clientId: string,
  phone: string,
  meta: RequestMeta,
): Promise<CodeSent> {
  const profile = await profileOf(db, clientId);
  checkNewPhone(phone, profile.phone);
  return sendCode(db, sms, phone, "phone_change_new", meta);
}

const oneOpenAtATime = () =>
  new ConflictError(
    "У вас уже есть заявка на рассмотрении. Дождитесь решения оператора — новую можно будет отправить после него.",
  );

/**
 * «Нет доступа к старому номеру», step 2: the new number (its code proves it) and a reason go to
 * an operator, who checks the person by phone before deciding.
 */
export async function createPhoneRequest(
  db: Db,
  clientId: string,
  input: { phone: string; code: string; reason: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<PersonalDataRequest> {
  const profile = await profileOf(db, clientId);
  checkNewPhone(input.phone, profile.phone);
  const ids = await checkPhoneCodes(
    db,
    [{ phone: input.phone, purpose: "phone_change_new", code: input.code, field: "code" }],
    meta,
    clientId,
    now,
  );
  if (await phoneTakenByOther(db, clientId, input.phone))
    throw new ConflictError(PHONE_UNAVAILABLE);
  return db.transaction(async (tx) => {
    const request = await insertRequest(tx, {
      clientId,
      kind: "phone",
      phone: input.phone,
      reason: input.reason,
      createdAt: now,
    });
    if (!request) throw oneOpenAtATime();
    if (!(await consumeCheckedCodes(tx, ids, now))) throw codesUsed();
    return request;
  });
}

/** «Изменить» surname, name, patronymic and birth date: a request for an operator, one at a time. */
export async function createNameRequest(
  db: Db,
  clientId: string,
  input: {
    lastName: string;
    firstName: string;
    patronymic: string;
    noPatronymic: boolean;
    birthDate: string;
    reason: string;
  },
  now = new Date(),
): Promise<PersonalDataRequest> {
  const profile = await profileOf(db, clientId);
  const patronymic = input.noPatronymic || input.patronymic === "" ? null : input.patronymic;
  if (
    profile.lastName === input.lastName &&
    profile.firstName === input.firstName &&
    profile.patronymic === patronymic &&
    profile.birthDate === input.birthDate
  ) {
    throw new ValidationError([
      {
        field: "lastName",
        message: "Новые данные совпадают с текущими — измените хотя бы одно поле",
      },
    ]);
  }
  const request = await insertRequest(db, {
    clientId,
    kind: "name",
    lastName: input.lastName,
    firstName: input.firstName,
    patronymic,
    birthDate: input.birthDate,
    reason: input.reason,
    createdAt: now,
  });
  if (!request) throw oneOpenAtATime();
  return request;
}
