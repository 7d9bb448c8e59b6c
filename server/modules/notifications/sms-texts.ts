import { company } from "../../../common/company.ts";
import type { ContractKind } from "../../../common/contracts/import.schema.ts";

/**
 * What a phone code is for: signing up, restoring a forgotten password, a visitor's call-back, or
 * «Личные данные»'s phone change (a code to the old number and one to the new).
 */
export type PhoneCodePurpose =
  | "registration"
  | "recovery"
  | "callback"
  | "phone_change_old"
  | "phone_change_new"
  | "account_deletion";

/**
 * The SMS that answers «Выслать код», or null when none is sent (recovery for a phone with no
 * account). A registered phone asking to register is told so instead of getting a code.
 */
export function phoneCodeSms(
  purpose: PhoneCodePurpose,
  code: string,
  registered: boolean,
): string | null {
  const phone = company.phones.contactCentre.display;
  if (purpose === "callback") {
    return `РМС: код для заявки на обратный звонок ${code}. Никому не сообщайте его. Действует 5 минут.`;
  }
  if (purpose === "phone_change_old") {
    return `РМС: код для смены номера телефона в личном кабинете ${code}. Если вы не меняете номер, никому не сообщайте код и позвоните: ${phone}`;
  }
  if (purpose === "phone_change_new") {
    return `РМС: код для подтверждения нового номера в личном кабинете ${code}. Никому не сообщайте его. Действует 5 минут.`;
  }
  if (purpose === "account_deletion") {
    return `РМС: код для удаления учётной записи личного кабинета ${code}. Если вы не удаляете её, никому не сообщайте код и позвоните: ${phone}`;
  }
  if (purpose === "registration") {
    return registered
      ? `РМС: этот номер уже зарегистрирован в личном кабинете. Если вы забыли пароль, нажмите «Забыли пароль?» на странице входа. Вопросы: ${phone}`
      : `РМС: код для регистрации ${code}. Никому не сообщайте его. Действует 5 минут.`;
  }
  return registered
    ? `РМС: код для восстановления пароля ${code}. Никому не сообщайте его. Действует 5 минут.`
    : null;
}

/** The SMS that tells the client how «Изменить: Пациент 1» was decided, with the comment if any. */
export function replacementDecisionSms(
  contract: { kind: ContractKind; number: string },
  approved: boolean,
  comment: string | null,
): string {
  const which =
    contract.kind === "certificate"
      ? `сертификату ${contract.number}`
      : `полису ДМС ${contract.number}`;
  const verdict = approved ? "одобрена" : "отклонена";
  const note = comment ? ` ${approved ? "Комментарий" : "Причина"}: ${comment}` : "";
  return `РМС: заявка на замену Пациента 1 по ${which} ${verdict}.${note}`;
}

/**
 * «Чат с врачом»: the doctor answered while the cabinet was closed (at most one an hour per chat).
 * Short, and nothing of the consultation in it: an SMS shows on a locked screen.
 */
export function chatReplySms(link: string): string {
  return `РМС: врач ответил вам в «Чате с врачом». ${link}`;
}
