import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type {
  PersonalData,
  PersonalDataRequest,
} from "../../../common/identity/personal-data.schema.ts";
import { demoClient, jsonAnswer, renderScreen } from "../test/render.tsx";
import { PersonalDataPage } from "./personal-data.page.tsx";

const PATH = "/cabinet/profile/personal-data";

function data(overrides: Partial<PersonalData> = {}): PersonalData {
  return { profile: demoClient, nameRequest: null, phoneRequest: null, ...overrides };
}

function nameRequest(overrides: Partial<PersonalDataRequest> = {}): PersonalDataRequest {
  return {
    id: crypto.randomUUID(),
    kind: "name",
    status: "pending",
    lastName: "Петров",
    firstName: "Евгений",
    patronymic: "Александрович",
    birthDate: "1985-05-20",
    phone: null,
    reason: "Ошибка в фамилии",
    comment: null,
    createdAt: "2026-12-03T09:00:00.000Z",
    decidedAt: null,
    ...overrides,
  };
}

type Handler = (body: unknown) => Response;

/** The server: GET answers `current()`, a POST to a path answers its handler. */
function server(current: () => PersonalData, posts: Record<string, Handler> = {}) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    if ((init?.method ?? "GET") === "GET") return jsonAnswer(200, current());
    const handler = posts[url.pathname];
    if (!handler) return jsonAnswer(404, { title: "Не найдено", status: 404 });
    return handler(init?.body ? JSON.parse(String(init.body)) : undefined);
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("«Личные данные»", () => {
  it("shows the surname, name, patronymic, birth date, phone and e-mail under their labels", async () => {
    server(() => data());
    renderScreen(<PersonalDataPage />, { path: PATH });
    await screen.findByText("Фамилия", { selector: "dt" });
    const shownAs = (label: string) =>
      screen.getByText(label, { selector: "dt" }).nextElementSibling?.textContent;
    expect(shownAs("Фамилия")).toBe("Иванов");
    expect(shownAs("Имя")).toBe("Евгений");
    expect(shownAs("Отчество")).toBe("Александрович");
    expect(shownAs("Дата рождения")).toBe("20.05.1985");
    expect(shownAs("Телефон")).toBe("+7 926 111-11-11");
    expect(shownAs("E-mail")).toBe("client@example.ru");
    expect(screen.getByRole("button", { name: "Изменить" })).toBeDefined();
    expect(screen.getByRole("button", { name: "Нет доступа к старому номеру" })).toBeDefined();
  });

  it("changes the e-mail with the code sent to the new address", async () => {
    let current = data();
    const fetch = server(() => current, {
      "/api/profile/personal-data/email/code": () =>
        jsonAnswer(202, { resendAfterSeconds: 60, expiresInSeconds: 300 }),
      "/api/profile/personal-data/email": (body) => {
        const { code, email } = body as { code: string; email: string };
        if (code !== "123456") {
          return jsonAnswer(400, {
            type: "validation",
            title: "Проверьте введённые данные",
            status: 400,
            errors: [{ field: "code", message: "Неверный код. Осталось попыток: 4." }],
          });
        }
        current = data({ profile: { ...demoClient, email } });
        return jsonAnswer(200, current);
      },
    });
    const { user } = renderScreen(<PersonalDataPage />, { path: PATH });
    await user.click(await screen.findByRole("button", { name: "Изменить e-mail" }));
    await user.type(screen.getByLabelText("Новый e-mail"), "New@Example.ru");
    await user.click(screen.getByRole("button", { name: "Выслать код" }));

    expect(
      await screen.findByText("Мы отправили код на new@example.ru. Он действует 5 минут."),
    ).toBeDefined();
    const code = screen.getByLabelText("Код из письма");
    await user.type(code, "000000");
    await user.click(screen.getByRole("button", { name: "Подтвердить" }));
    expect(await screen.findByText("Неверный код. Осталось попыток: 4.")).toBeDefined();
    expect(code.getAttribute("aria-invalid")).toBe("true");

    await user.clear(code);
    await user.type(code, "123456");
    await user.click(screen.getByRole("button", { name: "Подтвердить" }));
    expect(
      await screen.findByText("E-mail изменён. На прежний адрес отправлено уведомление."),
    ).toBeDefined();
    expect((await screen.findByText("new@example.ru")).previousElementSibling?.textContent).toBe(
      "E-mail",
    );
    const sent = fetch.mock.calls.find(([url]) => String(url).endsWith("/email/code"));
    expect(JSON.parse(String(sent?.[1]?.body))).toEqual({ email: "new@example.ru" });
  });

  it("asks for both SMS codes to change the phone", async () => {
    const fetch = server(() => data(), {
      "/api/profile/personal-data/phone/codes": () =>
        jsonAnswer(202, { resendAfterSeconds: 60, expiresInSeconds: 300 }),
      "/api/profile/personal-data/phone": () =>
        jsonAnswer(409, {
          type: "conflict",
          title: "Действие невозможно",
          status: 409,
          detail: "Этот номер нельзя указать для вашей учётной записи.",
        }),
    });
    const { user } = renderScreen(<PersonalDataPage />, { path: PATH });
    await user.click(await screen.findByRole("button", { name: "Изменить телефон" }));
    await user.type(screen.getByLabelText("Новый номер телефона"), "9031234567");
    await user.click(screen.getByRole("button", { name: "Выслать коды" }));
    await user.type(await screen.findByLabelText("Код из SMS на текущий номер"), "111111");
    await user.click(screen.getByRole("button", { name: "Подтвердить" }));
    // The new number's code is required too.
    expect(await screen.findByText("Введите 6 цифр кода из SMS")).toBeDefined();
    expect(fetch.mock.calls.some(([url]) => String(url).endsWith("/phone"))).toBe(false);

    await user.type(screen.getByLabelText("Код из SMS на новый номер"), "222222");
    await user.click(screen.getByRole("button", { name: "Подтвердить" }));
    expect(await screen.findByRole("alert")).toHaveProperty(
      "textContent",
      expect.stringContaining("Этот номер нельзя указать для вашей учётной записи."),
    );
    const change = fetch.mock.calls.find(([url]) => String(url).endsWith("/phone"));
    expect(JSON.parse(String(change?.[1]?.body))).toEqual({
      phone: "+79031234567",
      oldCode: "111111",
      newCode: "222222",
    });
  });

  it("sends a name change request with a reason and shows it «На рассмотрении»", async () => {
    let current = data();
    const fetch = server(() => current, {
      "/api/profile/personal-data/name-request": () => {
        current = data({ nameRequest: nameRequest() });
        return jsonAnswer(201, { request: current.nameRequest });
      },
    });
    const { user } = renderScreen(<PersonalDataPage />, { path: PATH });
    await user.click(await screen.findByRole("button", { name: "Изменить" }));
    const form = screen.getByRole("form", { name: "Изменить ФИО и дату рождения" });
    const lastName = within(form).getByLabelText("Фамилия");
    await user.clear(lastName);
    await user.type(lastName, "Петров");
    await user.click(within(form).getByRole("button", { name: "Отправить заявку" }));
    expect(await within(form).findByText("Укажите причину изменения")).toBeDefined();
    await user.type(within(form).getByLabelText("Причина изменения"), "Ошибка в фамилии");
    await user.click(within(form).getByRole("button", { name: "Отправить заявку" }));

    expect(await screen.findByText("На рассмотрении")).toBeDefined();
    expect(screen.getByText("Запрошено: Петров Евгений Александрович, 20.05.1985")).toBeDefined();
    expect(screen.queryByRole("button", { name: "Изменить" })).toBeNull();
    // The date goes as typed: the server parses it with the same schema.
    const sent = fetch.mock.calls.find(([url]) => String(url).endsWith("/name-request"));
    expect(JSON.parse(String(sent?.[1]?.body))).toMatchObject({
      lastName: "Петров",
      birthDate: "20.05.1985",
      reason: "Ошибка в фамилии",
    });
  });

  it("shows a rejected request with the operator's comment and lets a new one be sent", async () => {
    server(() =>
      data({
        nameRequest: nameRequest({
          status: "rejected",
          comment: "Пришлите скан паспорта",
          decidedAt: "2026-12-03T10:00:00.000Z",
        }),
      }),
    );
    renderScreen(<PersonalDataPage />, { path: PATH });
    expect(await screen.findByText("Отклонено")).toBeDefined();
    expect(screen.getByText("Комментарий оператора: Пришлите скан паспорта")).toBeDefined();
    expect(screen.getByRole("button", { name: "Изменить" })).toBeDefined();
  });
});
