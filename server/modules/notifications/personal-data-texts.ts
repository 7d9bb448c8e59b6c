import { company } from "../../../common/company.ts";
import type { EmailMessage } from "../../integrations/email/email-provider.ts";

/** «Личные данные»: the code that confirms a new e-mail address. */
export function emailChangeCodeEmail(to: string, code: string): EmailMessage {
  return {
    to,
    subject: "РМС: код для подтверждения e-mail",
    text: [
      "Здравствуйте!",
      "",
      `Код для подтверждения нового e-mail в личном кабинете РМС: ${code}`,
      "Код действует 5 минут. Никому не сообщайте его.",
      "",
      "Если вы не меняли e-mail, просто не отвечайте на это письмо.",
    ].join("\n"),
  };
}

/**
 * The security notice to the old address after a change: the address itself is not named (the
 * old mailbox may be read by someone else now), only what to do if it was not the owner.
 */
export function emailChangedNoticeEmail(to: string): EmailMessage {
  const phone = company.phones.contactCentre.display;
  return {
    to,
    subject: "РМС: e-mail в личном кабинете изменён",
    text: [
      "Здравствуйте!",
      "",
      "В личном кабинете РМС изменён e-mail для писем. Этот адрес больше не используется.",
      `Если это сделали не вы, смените пароль в разделе «Безопасность» и позвоните нам: ${phone}.`,
    ].join("\n"),
  };
}

/** The SMS to the old number after the phone was changed. */
export function phoneChangedSms(): string {
  const phone = company.phones.contactCentre.display;
  return `РМС: номер телефона в личном кабинете изменён. Если это сделали не вы, позвоните: ${phone}`;
}
