import { formatRuDate, todayInMoscow } from "../../../common/format/date.ts";

/**
 * The reply opens with a greeting or an address of its own: «Здравствуйте», «Добрый день»,
 * «Доброе утро», «Доброго времени суток», «Приветствую», «Уважаемая …».
 */
const OWN_GREETING =
  /^[\s«"]*(здравствуй|добр(ый|ое|ой|ого)\s+(день|утро|вечер|ночи|времени)|доброго\s|приветствую|привет|уважаем)/iu;

export function opensWithGreeting(text: string): boolean {
  return OWN_GREETING.test(text);
}

/**
 * The e-mail that carries a staff reply to the client: the reply, the client's own message
 * quoted, who answered. «Здравствуйте!» is added only when the reply does not greet already, so
 * the client is never greeted twice.
 */
export function replyEmail(input: {
  contractNumber: string;
  reply: string;
  message: { body: string; createdAt: Date };
  authorName: string;
}): { subject: string; text: string } {
  return {
    subject: `РМС: ответ на ваше сообщение по договору ${input.contractNumber}`,
    text: [
      ...(opensWithGreeting(input.reply) ? [] : ["Здравствуйте!", ""]),
      input.reply,
      "",
      // The day the client sent it, in Moscow (an ISO moment's own date is UTC's).
      `Ваше сообщение от ${formatRuDate(todayInMoscow(input.message.createdAt))}:`,
      ...input.message.body.split("\n").map((line) => `> ${line}`),
      "",
      `${input.authorName}, РМС (Регион Мед-Сервис)`,
      "Ответ также виден в личном кабинете.",
    ].join("\n"),
  };
}
