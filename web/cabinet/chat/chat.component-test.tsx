import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { conversationOf, FakeXhr, personId, stubApi, stubXhr } from "../test/chat-fakes.ts";
import { renderScreen } from "../test/render.tsx";
import { ChatPage } from "./chat.page.tsx";
import { NewChatPage } from "./new-chat.page.tsx";
import { resetOutboxesForTests } from "./unsent.ts";

beforeEach(() => {
  localStorage.clear();
  resetOutboxesForTests();
  stubXhr();
});

afterEach(() => localStorage.clear());

describe("«Чат с врачом»", () => {
  it("says why there is no chat without a contract that includes it and offers the медпульт and the contracts", async () => {
    stubApi({ options: { persons: [], typicalReplyMinutes: null, targetReplyMinutes: 15 } });
    renderScreen(<ChatPage />, { path: "/cabinet/chat" });

    expect(await screen.findByRole("heading", { name: "Чат с врачом недоступен" })).toBeTruthy();
    expect(screen.getByText(/в программу которого входят консультации в чате/)).toBeTruthy();
    const call = screen.getByRole("link", { name: /Позвонить в медпульт/ });
    expect(call.getAttribute("href")).toBe("tel:+78007707094");
    expect(screen.getByRole("link", { name: "Мои договоры" }).getAttribute("href")).toBe(
      "/cabinet/contracts",
    );
    expect(screen.queryByRole("link", { name: "Новый чат" })).toBeNull();
  });

  it("lists open conversations before closed ones, with unread marks and the conclusion's outcome", async () => {
    const open = conversationOf({ unread: 2, lastMessagePreview: "Есть ли температура?" });
    const closed = conversationOf({
      id: "00000000-0000-4000-8000-00000000c4a8",
      status: "closed",
      conclusion: {
        outcome: "recommendations",
        specialty: null,
        text: "Пейте тёплое",
        doctorName: "Петрова Анна Сергеевна",
        closedAt: "2026-12-01T07:30:00.000Z",
      },
    });
    stubApi({}, ({ method, path }) =>
      method === "GET" && path === "/api/chat/conversations"
        ? new Response(JSON.stringify({ conversations: [open, closed] }), {
            headers: { "content-type": "application/json" },
          })
        : undefined,
    );
    renderScreen(<ChatPage />, { path: "/cabinet/chat" });

    const openSection = await screen.findByRole("region", { name: "Открытые" });
    expect(within(openSection).getByText("2 новых сообщения")).toBeTruthy();
    expect(within(openSection).getByText("Есть ли температура?")).toBeTruthy();
    const closedSection = screen.getByRole("region", { name: "Завершённые" });
    expect(within(closedSection).getByText("Заключение: Рекомендации даны")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Новый чат" }).getAttribute("href")).toBe(
      "/cabinet/chat/new",
    );
    expect(screen.getByText("Обычно врач отвечает в течение 7 минут")).toBeTruthy();
  });
});

describe("«Новый чат»", () => {
  it("shows the account holder as such, the notice before the first message and the usual reply time", async () => {
    stubApi({});
    renderScreen(<NewChatPage />, { path: "/cabinet/chat/new" });

    const holder = await screen.findByRole("radio", { name: /Иванов Евгений Александрович \(я\)/ });
    expect((holder as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/не является постановкой диагноза/)).toBeTruthy();
    expect(screen.getByText("Обычно врач отвечает в течение 7 минут")).toBeTruthy();
  });

  it("keeps a first message sent with no network and retries it with the same conversation and message ids", async () => {
    stubApi({});
    const { user, landed } = renderScreen(<NewChatPage />, { path: "/cabinet/chat/new" });

    await user.type(await screen.findByRole("textbox", { name: "Сообщение" }), "Болит горло");
    await user.click(screen.getByRole("button", { name: "Отправить" }));
    const [first] = FakeXhr.sent;
    expect(first?.path).toBe("/api/chat/conversations");
    expect(first?.body?.get("personId")).toBe(personId);
    first?.failNetwork();

    expect(await screen.findByText("Не отправлено")).toBeTruthy();
    expect(screen.getByText("Болит горло")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Повторить" }));
    const second = FakeXhr.sent[1];
    for (const field of ["clientConversationId", "clientMessageId", "personId", "body"]) {
      expect(second?.body?.get(field)).toBe(first?.body?.get(field));
    }
    second?.answer(201, conversationOf({ status: "waiting", doctor: null }));

    await waitFor(() => expect(landed()?.path).toBe(`/cabinet/chat/${conversationOf().id}`));
    expect(localStorage.getItem("rms.chat.unsent.new")).toBeNull();
  });
});
