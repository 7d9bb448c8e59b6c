import { describe, expect, it } from "vitest";
import { opensWithGreeting, replyEmail } from "./reply-email.ts";

const message = {
  body: "Нужна расшифровка анализа крови.\nФайл приложен.",
  // 00:30 in Moscow on 5 March is still 4 March in UTC.
  createdAt: new Date("2026-03-04T21:30:00Z"),
};

function email(reply: string) {
  return replyEmail({
    contractNumber: "11/30117742",
    reply,
    message,
    authorName: "Кузнецов Андрей Викторович",
  });
}

describe("replyEmail", () => {
  it("greets the client once when the reply has no greeting of its own", () => {
    expect(email("Гемоглобин в норме, повторять анализ не нужно.")).toEqual({
      subject: "РМС: ответ на ваше сообщение по договору 11/30117742",
      text: [
        "Здравствуйте!",
        "",
        "Гемоглобин в норме, повторять анализ не нужно.",
        "",
        "Ваше сообщение от 05.03.2026:",
        "> Нужна расшифровка анализа крови.",
        "> Файл приложен.",
        "",
        "Кузнецов Андрей Викторович, РМС (Регион Мед-Сервис)",
        "Ответ также виден в личном кабинете.",
      ].join("\n"),
    });
  });

  it("adds no greeting when the operator's reply starts with one", () => {
    const text = email("Здравствуйте, Анна Сергеевна!\nГемоглобин в норме.").text;
    expect(text.startsWith("Здравствуйте, Анна Сергеевна!\nГемоглобин в норме.\n")).toBe(true);
    expect(text.match(/Здравствуйте/g)).toHaveLength(1);
  });
});

describe("opensWithGreeting", () => {
  it("knows the usual Russian greetings and addresses, in any case", () => {
    for (const reply of [
      "Здравствуйте!",
      "  здравствуйте, Иван Иванович.",
      "Добрый день! Результаты готовы.",
      "ДОБРЫЙ ВЕЧЕР",
      "Доброе утро, Анна.",
      "Доброго времени суток.",
      "Приветствую!",
      "Уважаемая Анна Сергеевна, ответ ниже.",
    ]) {
      expect(opensWithGreeting(reply), reply).toBe(true);
    }
  });

  it("does not take a reply that merely mentions a greeting for one", () => {
    for (const reply of [
      "Гемоглобин в норме.",
      "Анализ добрый, не переживайте.",
      "Передайте «здравствуйте» врачу.",
      "Добро пожаловать в РМС.",
    ]) {
      expect(opensWithGreeting(reply), reply).toBe(false);
    }
  });
});
