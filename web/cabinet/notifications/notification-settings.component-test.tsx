import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import {
  CONFIGURABLE_NOTIFICATION_KINDS,
  type NotificationPreferences,
} from "../../../common/notifications/notifications.schema.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { NotificationSettingsPage } from "./notification-settings.page.tsx";
import { type PushEnvironment, PushEnvironmentContext } from "./push-subscription.ts";

const PATH = "/cabinet/profile/notifications";

function preferences(): NotificationPreferences {
  return {
    // The server's order need not be the page's.
    kinds: [...CONFIGURABLE_NOTIFICATION_KINDS].reverse().map((kind) => ({
      kind,
      sms: true,
      email: true,
      push: kind === "chat_reply",
    })),
    quietHours: { enabled: true, start: "21:00", end: "09:00" },
  };
}

/** No push in this test browser: the form is what is tested here. */
const noPush: PushEnvironment = {
  pushManager: async () => null,
  permission: () => "default",
  requestPermission: vi.fn(async () => "default" as const),
};

function server(onPut: (body: NotificationPreferences) => Response) {
  let current = preferences();
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const method = init?.method ?? "GET";
    if (url.pathname === "/api/push/public-key") return jsonAnswer(200, { publicKey: null });
    if (url.pathname !== "/api/profile/notifications") {
      return jsonAnswer(404, { title: "Не найдено", status: 404 });
    }
    if (method === "GET") return jsonAnswer(200, current);
    const body = JSON.parse(String(init?.body)) as NotificationPreferences;
    const answer = onPut(body);
    if (answer.ok) current = body;
    return answer;
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function renderPage() {
  return renderScreen(
    <PushEnvironmentContext value={noPush}>
      <NotificationSettingsPage />
    </PushEnvironmentContext>,
    { path: PATH },
  );
}

describe("«Уведомления» in «Профиль»", () => {
  it("shows each kind as a group of SMS, E-mail and Push as the server has them, and the quiet hours", async () => {
    server(() => jsonAnswer(500, {}));
    renderPage();
    const reminders = await screen.findByRole("group", { name: "Напоминания о приёме" });
    expect(within(reminders).getByRole("checkbox", { name: "SMS" })).toHaveProperty(
      "checked",
      true,
    );
    expect(within(reminders).getByRole("checkbox", { name: "Push" })).toHaveProperty(
      "checked",
      false,
    );
    const chat = screen.getByRole("group", { name: "Ответ врача в чате" });
    expect(within(chat).getByRole("checkbox", { name: "Push" })).toHaveProperty("checked", true);
    expect(
      screen
        .getAllByRole("group")
        .map((group) => group.querySelector("legend")?.textContent)
        .slice(0, 7),
    ).toEqual([
      "Ответ врача в чате",
      "Ответ на сообщение в медпульт",
      "Записи к врачу: подтверждение, перенос, отмена",
      "Напоминания о приёме",
      "Замена пациента",
      "Оплаты и возвраты",
      "Новые документы в медкарте",
    ]);
    const quiet = screen.getByRole("group", { name: "Не беспокоить" });
    expect(within(quiet).getByLabelText("С")).toHaveProperty("value", "21:00");
    expect(within(quiet).getByLabelText("До")).toHaveProperty("value", "09:00");
    expect(within(quiet).getByText(/изменения записи к врачу на сегодня/)).toBeDefined();
    expect(
      screen.getByText(/о входе с нового устройства и о смене пароля — приходят всегда/),
    ).toBeDefined();
    expect(await screen.findByText("Этот браузер не поддерживает push-уведомления.")).toBeDefined();
  });

  it("saves SMS turned off for reminders and says so", async () => {
    const fetch = server((body) => jsonAnswer(200, body));
    const { user } = renderPage();
    const reminders = await screen.findByRole("group", { name: "Напоминания о приёме" });
    await user.click(within(reminders).getByRole("checkbox", { name: "SMS" }));
    await user.click(screen.getByRole("button", { name: "Сохранить" }));
    expect(await screen.findByText("Настройки уведомлений сохранены.")).toBeDefined();
    const put = fetch.mock.calls.find(([, init]) => init?.method === "PUT");
    const sent = JSON.parse(String(put?.[1]?.body)) as NotificationPreferences;
    expect(sent.kinds.find((entry) => entry.kind === "reminder")).toEqual({
      kind: "reminder",
      sms: false,
      email: true,
      push: false,
    });
    expect(sent.kinds.map((entry) => entry.kind)).toEqual(CONFIGURABLE_NOTIFICATION_KINDS);
    expect(within(reminders).getByRole("checkbox", { name: "SMS" })).toHaveProperty(
      "checked",
      false,
    );
  });

  it("shows the server's refusal on the field it names", async () => {
    server(() =>
      jsonAnswer(400, {
        type: "/problems/validation",
        title: "Проверьте введённые данные",
        status: 400,
        errors: [{ field: "quietHours.end", message: "Окончание не может совпадать с началом" }],
      }),
    );
    const { user } = renderPage();
    const end = await screen.findByLabelText("До");
    await user.click(screen.getByRole("button", { name: "Сохранить" }));
    expect(await screen.findByText("Окончание не может совпадать с началом")).toBeDefined();
    expect(end.getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByText("Настройки уведомлений сохранены.")).toBeNull();
  });

  it("refuses a time that is not ЧЧ:ММ before asking the server", async () => {
    const fetch = server((body) => jsonAnswer(200, body));
    const { user } = renderPage();
    const start = await screen.findByLabelText("С");
    await user.clear(start);
    await user.click(screen.getByRole("button", { name: "Сохранить" }));
    expect(await screen.findByText("Укажите время в виде ЧЧ:ММ")).toBeDefined();
    expect(fetch.mock.calls.some(([, init]) => init?.method === "PUT")).toBe(false);
  });
});
