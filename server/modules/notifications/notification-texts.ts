import { company } from "../../../common/company.ts";
import type { ContractKind } from "../../../common/contracts/import.schema.ts";
import { formatMoscowDateTime } from "../../../common/format/date.ts";
import type { AppointmentNoticeKind, Email } from "./appointment-texts.ts";

// The notification centre's and the pushes' texts. A push and an inbox row show on a locked
// screen and a shared tablet: they name what happened, never a diagnosis, a reply's text or a sum
// of a medical service beyond what the client paid.

/** An inbox row's (and a push's) title and body. */
export interface InboxText {
  title: string;
  body: string;
}

/**
 * An inbox row's body made from an SMS's text: without its «РМС:», without a first sentence that
 * only repeats the row's title («запись подтверждена.» under «Запись подтверждена»), and begun
 * with a capital letter as a sentence on a screen is.
 */
function bodyFromSms(smsText: string, title: string): string {
  let body = smsText.replace(/^РМС:\s*/u, "");
  const repeated = `${title.toLowerCase()}.`;
  if (body.toLowerCase().startsWith(repeated)) body = body.slice(repeated.length).trimStart();
  return body.charAt(0).toLocaleUpperCase("ru-RU") + body.slice(1);
}

function rubles(kopecks: number): string {
  const amount = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2 }).format(kopecks / 100);
  return `${amount} ₽`;
}

function contractName(contract: { kind: ContractKind; number: string }, form: "of" | "by"): string {
  if (contract.kind === "certificate") {
    return form === "of" ? `сертификата ${contract.number}` : `сертификату ${contract.number}`;
  }
  return form === "of" ? `полиса ДМС ${contract.number}` : `полису ДМС ${contract.number}`;
}

/** «Чат с врачом»: a doctor answered. */
export function chatReplyInbox(): InboxText {
  return { title: "Врач ответил в чате", body: "Откройте «Чат с врачом», чтобы прочитать ответ." };
}

/** The e-mail of a doctor's answer, when the client asked for chat replies by e-mail. */
export function chatReplyEmail(link: string): Email {
  return {
    subject: "РМС: врач ответил в «Чате с врачом»",
    text: [
      "Здравствуйте!",
      "",
      "Врач ответил вам в «Чате с врачом» личного кабинета РМС.",
      `Прочитать ответ: ${link}`,
    ].join("\n"),
  };
}

/** The contact centre answered a message («Отправить сообщение»). */
export function messageReplyInbox(contractNumber: string): InboxText {
  return {
    title: "Ответ на ваше сообщение",
    body: `Контакт-центр ответил на сообщение по договору ${contractNumber}.`,
  };
}

/** The SMS of that answer, when the client asked for it. */
export function messageReplySms(link: string): string {
  return `РМС: контакт-центр ответил на ваше сообщение. ${link}`;
}

const APPOINTMENT_TITLES: Record<AppointmentNoticeKind, string> = {
  booked: "Запись подтверждена",
  awaiting_letter: "Запись ждёт гарантийного письма",
  pending: "Запись ждёт подтверждения клиники",
  requested: "Заявка на запись принята",
  scheduled: "Вас записали к врачу",
  confirmed: "Запись подтверждена",
  letter_issued: "Гарантийное письмо отправлено, запись подтверждена",
  cancelled_by_clinic: "Клиника отменила запись",
  moved: "Запись перенесена",
};

/** One step of an appointment; the body is the SMS's text without its «РМС:». */
export function appointmentInbox(kind: AppointmentNoticeKind, smsText: string): InboxText {
  const title = APPOINTMENT_TITLES[kind];
  return { title, body: bodyFromSms(smsText, title) };
}

/** An earlier time from the waitlist. */
export function waitlistOfferInbox(smsText: string): InboxText {
  const title = "Освободилось более раннее время";
  return { title, body: bodyFromSms(smsText, title) };
}

/** A reminder of a visit. */
export function reminderInbox(smsText: string): InboxText {
  const title = "Напоминание о приёме";
  return { title, body: bodyFromSms(smsText, title) };
}

/** «Изменить: Пациент 1» decided. */
export function replacementInbox(
  contract: { kind: ContractKind; number: string },
  approved: boolean,
): InboxText {
  return {
    title: approved ? "Замена Пациента 1 одобрена" : "Замена Пациента 1 отклонена",
    body: `Заявка на замену Пациента 1 по ${contractName(contract, "by")} ${approved ? "одобрена" : "отклонена"}.`,
  };
}

export function replacementEmail(smsText: string): Email {
  return {
    subject: "РМС: решение по заявке на замену Пациента 1",
    text: ["Здравствуйте!", "", smsText.replace(/^РМС:\s*/u, "")].join("\n"),
  };
}

/** A payment taken, or money returned. */
export type PaymentFact =
  | { kind: "paid"; orderNumber: number; amountKopecks: number }
  | { kind: "refunded"; orderNumber: number; amountKopecks: number; whole: boolean };

export function paymentInbox(fact: PaymentFact): InboxText {
  if (fact.kind === "paid") {
    return {
      title: "Оплата прошла",
      body: `Заказ № ${fact.orderNumber} оплачен: ${rubles(fact.amountKopecks)}.`,
    };
  }
  return {
    title: fact.whole ? "Деньги возвращены" : "Часть денег возвращена",
    body: `По заказу № ${fact.orderNumber} возвращено ${rubles(fact.amountKopecks)}. Деньги придут на карту или счёт в срок, который назначит ваш банк.`,
  };
}

export function paymentSms(fact: PaymentFact): string {
  return fact.kind === "paid"
    ? `РМС: заказ № ${fact.orderNumber} оплачен, ${rubles(fact.amountKopecks)}.`
    : `РМС: по заказу № ${fact.orderNumber} возвращено ${rubles(fact.amountKopecks)}.`;
}

export function paymentEmail(fact: PaymentFact, link: string): Email {
  const { title, body } = paymentInbox(fact);
  return {
    subject: `РМС: ${title.toLowerCase()}`,
    text: ["Здравствуйте!", "", body, "", `Мои платежи: ${link}`].join("\n"),
  };
}

/**
 * A doctor or a clinic added a document to the medical card. Its title is not named: a push shows
 * on a locked screen, and «Заключение онколога» tells too much there.
 */
export function documentInbox(from: "doctor" | "clinic"): InboxText {
  return {
    title: "Новый документ в медкарте",
    body: `${from === "doctor" ? "Врач добавил" : "Клиника добавила"} документ в вашу медкарту. Откройте «Медкарту», чтобы посмотреть.`,
  };
}

/** The SMS names no document: a title may tell of a diagnosis on a locked screen. */
export function documentSms(link: string): string {
  return `РМС: в вашу медкарту добавлен новый документ. ${link}`;
}

export function documentEmail(link: string): Email {
  return {
    subject: "РМС: новый документ в медкарте",
    text: [
      "Здравствуйте!",
      "",
      "В вашу медкарту в личном кабинете РМС добавлен новый документ.",
      `Посмотреть: ${link}`,
    ].join("\n"),
  };
}

/** What a security message tells of. */
export type SecurityFact =
  | { kind: "new_device"; at: Date }
  | { kind: "password_changed"; at: Date }
  | { kind: "phone_changed"; at: Date }
  | { kind: "email_changed"; at: Date };

const SECURITY_TITLES: Record<SecurityFact["kind"], string> = {
  new_device: "Вход с нового устройства",
  password_changed: "Пароль изменён",
  phone_changed: "Номер телефона изменён",
  email_changed: "E-mail изменён",
};

function securityWhat(fact: SecurityFact): string {
  const when = formatMoscowDateTime(fact.at);
  switch (fact.kind) {
    case "new_device":
      return `${when} (МСК) выполнен вход в личный кабинет с нового устройства.`;
    case "password_changed":
      return `${when} (МСК) изменён пароль личного кабинета.`;
    case "phone_changed":
      return `${when} (МСК) изменён номер телефона в личном кабинете.`;
    case "email_changed":
      return `${when} (МСК) изменён e-mail в личном кабинете.`;
  }
}

export function securityInbox(fact: SecurityFact): InboxText {
  return {
    title: SECURITY_TITLES[fact.kind],
    body: `${securityWhat(fact)} Если это были не вы, смените пароль в разделе «Безопасность» и позвоните нам: ${company.phones.contactCentre.display}.`,
  };
}

export function securitySms(fact: SecurityFact): string {
  const phone = company.phones.contactCentre.display;
  switch (fact.kind) {
    case "new_device":
      return `РМС: вход в личный кабинет с нового устройства. Если это были не вы, смените пароль и позвоните: ${phone}`;
    case "password_changed":
      return `РМС: пароль личного кабинета изменён. Если это были не вы, позвоните: ${phone}`;
    case "phone_changed":
      return `РМС: номер телефона в личном кабинете изменён. Если это сделали не вы, позвоните: ${phone}`;
    case "email_changed":
      return `РМС: e-mail в личном кабинете изменён. Если это сделали не вы, позвоните: ${phone}`;
  }
}

export function securityEmail(fact: SecurityFact): Email {
  return {
    subject: `РМС: ${SECURITY_TITLES[fact.kind].toLowerCase()}`,
    text: ["Здравствуйте!", "", securityInbox(fact).body].join("\n"),
  };
}
