import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_ATTACHMENTS_BYTES } from "../../../common/contact/contact.schema.ts";
import { useSignOut } from "../identity/session.ts";
import { useCabinetLiveUpdates } from "../shell/live-updates.ts";
import {
  clientMessage,
  conversationId,
  conversationOf,
  doctorMessage,
  FakeXhr,
  messageFrom,
  sentForm,
  stubApi,
  stubXhr,
} from "../test/chat-fakes.ts";
import { renderScreen } from "../test/render.tsx";
import { ConversationPage } from "./conversation.page.tsx";
import { resetOutboxesForTests } from "./unsent.ts";

/** «Выйти» as the cabinet's header has it. */
function SignOut() {
  const signOut = useSignOut();
  return (
    <button type="button" onClick={() => signOut.mutate()}>
      Выйти
    </button>
  );
}

/** The cabinet's one live stream, as its frame keeps it. */
function LiveStream() {
  useCabinetLiveUpdates(true);
  return null;
}

/** The browser's EventSource, driven by the test: `emit` delivers a message as the server sent it. */
class FakeEventSource {
  static CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 1;
  onopen?: () => void;
  onmessage?: (message: { data: string; lastEventId: string }) => void;
  onerror?: () => void;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener() {}
  close() {}
  emit(type: string, payload: Record<string, string>, lastEventId = "") {
    this.onmessage?.({ data: JSON.stringify({ type, payload }), lastEventId });
  }
}

const tooLarge = "Общий размер файлов не должен превышать 25 МБ. Удалите часть файлов.";

function renderConversation() {
  const view = renderScreen(<ConversationPage />, {
    path: `/cabinet/chat/${conversationId}`,
    route: "/cabinet/chat/:id",
  });
  return view;
}

function fileOf(name: string, size: number, type = "application/pdf"): File {
  const file = new File(["%PDF-1.4"], name, { type });
  Object.defineProperty(file, "size", { value: size });
  return file;
}

function thread() {
  return within(screen.getByRole("log", { name: "Сообщения" }));
}

beforeEach(() => {
  localStorage.clear();
  resetOutboxesForTests();
  stubXhr();
});

afterEach(() => localStorage.clear());

describe("a conversation with the doctor", () => {
  it("shows the history oldest first with the sender, the doctor's specialty and the client's read mark, as text", async () => {
    stubApi({
      conversation: conversationOf({
        messages: [{ ...clientMessage, body: "<b>жирный</b> текст" }, doctorMessage],
      }),
    });
    renderConversation();

    const items = await waitFor(() => {
      const found = thread().getAllByRole("listitem");
      expect(found).toHaveLength(2);
      return found;
    });
    expect(items[0]?.textContent).toContain("Вы");
    expect(items[0]?.textContent).toContain("<b>жирный</b> текст");
    expect(items[0]?.querySelector("b")).toBeNull();
    expect(items[0]?.textContent).toContain("02.12.2026 10:00 (мск)");
    expect(items[0]?.textContent).toContain("Прочитано");
    expect(items[1]?.textContent).toContain("Петрова Анна Сергеевна, терапевт");
    expect(
      screen.getByRole("link", { name: "Позвонить в скорую помощь: 103" }).getAttribute("href"),
    ).toBe("tel:103");
    expect(
      screen.getByRole("link", { name: "Позвонить в службу спасения: 112" }).getAttribute("href"),
    ).toBe("tel:112");
  });

  it("keeps a message sent with no network as «Не отправлено» and retries it under the same id, once in the thread", async () => {
    const state = { conversation: conversationOf() };
    stubApi(state);
    const { user } = renderConversation();

    await user.type(await screen.findByRole("textbox", { name: "Сообщение" }), "Температура 38,2");
    await user.click(screen.getByRole("button", { name: "Отправить" }));
    const [first] = FakeXhr.sent;
    expect(first?.path).toBe(`/api/chat/conversations/${conversationId}/messages`);
    const clientMessageId = String(first?.body?.get("clientMessageId"));
    expect(clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
    first?.failNetwork();

    expect(await thread().findByText("Не отправлено")).toBeTruthy();
    expect(thread().getByText("Температура 38,2")).toBeTruthy();
    // The composer is free for the next message; the unsent one survives a reload.
    expect((screen.getByRole("textbox", { name: "Сообщение" }) as HTMLTextAreaElement).value).toBe(
      "",
    );
    expect(localStorage.getItem(`rms.chat.unsent.${conversationId}`)).toContain("Температура 38,2");

    await user.click(thread().getByRole("button", { name: "Повторить" }));
    const second = FakeXhr.sent[1];
    expect(second?.body?.get("clientMessageId")).toBe(clientMessageId);
    expect(second?.body?.get("body")).toBe("Температура 38,2");
    const stored = messageFrom(sentForm(second));
    state.conversation = conversationOf({ messages: [...conversationOf().messages, stored] });
    second?.answer(201, stored);

    await waitFor(() => expect(thread().queryByText("Не отправлено")).toBeNull());
    expect(thread().getAllByText("Температура 38,2")).toHaveLength(1);
    expect(FakeXhr.sent).toHaveLength(2);
    expect(localStorage.getItem(`rms.chat.unsent.${conversationId}`)).toBeNull();
  });

  it("drops an unsent message the server turns out to have stored when its answer was lost", async () => {
    const state = { conversation: conversationOf() };
    stubApi(state);
    const { user } = renderConversation();

    await user.type(await screen.findByRole("textbox", { name: "Сообщение" }), "Ещё вопрос");
    await user.click(screen.getByRole("button", { name: "Отправить" }));
    const [first] = FakeXhr.sent;
    first?.failNetwork();
    expect(await thread().findByText("Не отправлено")).toBeTruthy();

    // It had arrived: the history, read again, holds it under the browser's id.
    state.conversation = conversationOf({
      messages: [...conversationOf().messages, messageFrom(sentForm(first))],
    });
    resetOutboxesForTests();
    renderConversation();

    await waitFor(() => expect(screen.queryAllByText("Не отправлено")).toHaveLength(0));
    expect(localStorage.getItem(`rms.chat.unsent.${conversationId}`)).toBeNull();
  });

  it("brings an unsent text back after a reload and says its files are gone", async () => {
    localStorage.setItem(
      `rms.chat.unsent.${conversationId}`,
      JSON.stringify([
        {
          clientMessageId: "00000000-0000-4000-8000-0000000000b7",
          body: "Вот анализы",
          createdAt: "2026-12-02T07:09:00.000Z",
          fileNames: ["analysis.pdf"],
        },
      ]),
    );
    stubApi({ conversation: conversationOf() });
    const { user } = renderConversation();

    await screen.findByRole("log", { name: "Сообщения" });
    expect(await thread().findByText("Вот анализы")).toBeTruthy();
    expect(thread().getByText("Не отправлено")).toBeTruthy();
    expect(thread().getByText(/analysis\.pdf.*не сохранились после перезагрузки/)).toBeTruthy();

    await user.click(thread().getByRole("button", { name: "Повторить" }));
    expect(FakeXhr.sent[0]?.body?.get("clientMessageId")).toBe(
      "00000000-0000-4000-8000-0000000000b7",
    );
  });

  it("forgets the unsent texts on this device when the client signs out", async () => {
    localStorage.setItem(
      `rms.chat.unsent.${conversationId}`,
      JSON.stringify([
        {
          clientMessageId: "00000000-0000-4000-8000-0000000000b8",
          body: "Личное",
          createdAt: "2026-12-02T07:09:00.000Z",
          fileNames: [],
        },
      ]),
    );
    stubApi({ conversation: conversationOf() }, ({ method, path }) =>
      method === "POST" && path === "/api/auth/sign-out"
        ? new Response(null, { status: 204 })
        : undefined,
    );
    const { user } = renderScreen(
      <>
        <SignOut />
        <ConversationPage />
      </>,
      { path: `/cabinet/chat/${conversationId}`, route: "/cabinet/chat/:id" },
    );
    await screen.findByText("Личное");

    await user.click(screen.getByRole("button", { name: "Выйти" }));

    await waitFor(() =>
      expect(localStorage.getItem(`rms.chat.unsent.${conversationId}`)).toBeNull(),
    );
  });

  it("shows «Врач печатает…» on the doctor's typing signal and, when the answer comes by the stream, shows it and reports it delivered", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    const state = { conversation: conversationOf({ messages: [clientMessage] }) };
    const fetch = stubApi(state);
    renderScreen(
      <>
        <LiveStream />
        <ConversationPage />
      </>,
      { path: `/cabinet/chat/${conversationId}`, route: "/cabinet/chat/:id" },
    );
    await screen.findByText(clientMessage.body);
    const stream = FakeEventSource.last;
    if (!stream) throw new Error("no live stream");
    expect(stream.url).toBe("/api/events");

    // The client's own typing echoed back is not the doctor's.
    act(() => stream.emit("chat.typing", { conversationId, side: "client" }));
    expect(screen.queryByText("Врач печатает…")).toBeNull();
    act(() => stream.emit("chat.typing", { conversationId, side: "doctor" }));
    expect(await screen.findByText("Врач печатает…")).toBeTruthy();

    state.conversation = conversationOf({
      messages: [clientMessage, { ...doctorMessage, delivery: "sent" }],
    });
    act(() =>
      stream.emit(
        "chat.message",
        { conversationId, messageId: doctorMessage.id, author: "doctor" },
        "41",
      ),
    );

    expect(await screen.findByText(doctorMessage.body)).toBeTruthy();
    expect(screen.queryByText("Врач печатает…")).toBeNull();
    const receipts = fetch.mock.calls
      .filter(([path]) => String(path).endsWith("/receipts"))
      .map(
        ([, init]) => JSON.parse(String(init?.body)) as { state: string; upToMessageId: string },
      );
    expect(receipts).toContainEqual({ upToMessageId: doctorMessage.id, state: "delivered" });
  });

  it("refuses a sixth file and files over 25 MB in all before a byte is sent", async () => {
    stubApi({ conversation: conversationOf() });
    const { user, container } = renderConversation();
    await screen.findByRole("textbox", { name: "Сообщение" });
    const input = container.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("no file input");

    await user.upload(
      input,
      ["1", "2", "3", "4", "5", "6"].map((n) => fileOf(`scan-${n}.pdf`, 1024)),
    );
    await user.click(screen.getByRole("button", { name: "Отправить" }));
    expect(screen.getByRole("alert").textContent).toBe("Можно приложить не больше 5 файлов.");
    expect(FakeXhr.sent).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Удалить файл scan-6.pdf" }));
    await user.click(screen.getByRole("button", { name: "Удалить файл scan-5.pdf" }));
    expect(screen.queryByRole("alert")).toBeNull();
    await user.upload(input, [fileOf("big.pdf", MAX_ATTACHMENTS_BYTES)]);
    await user.click(screen.getByRole("button", { name: "Отправить" }));
    expect(screen.getByRole("alert").textContent).toBe(tooLarge);
    expect(FakeXhr.sent).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Удалить файл scan-1.pdf" }));
    await user.click(screen.getByRole("button", { name: "Удалить файл scan-2.pdf" }));
    await user.click(screen.getByRole("button", { name: "Удалить файл scan-3.pdf" }));
    await user.click(screen.getByRole("button", { name: "Удалить файл scan-4.pdf" }));
    await user.click(screen.getByRole("button", { name: "Отправить" }));
    expect(FakeXhr.sent).toHaveLength(1);
    expect(FakeXhr.sent[0]?.body?.getAll("files").map((file) => (file as File).name)).toEqual([
      "big.pdf",
    ]);
  });

  it("shows an image as a preview from the checked download and another file as a download", async () => {
    stubApi({
      conversation: conversationOf({
        messages: [
          clientMessage,
          {
            ...doctorMessage,
            files: [
              {
                id: "00000000-0000-4000-8000-0000000000a7",
                name: "throat.jpg",
                mediaType: "image/jpeg",
                sizeBytes: 2048,
              },
              {
                id: "00000000-0000-4000-8000-0000000000a8",
                name: "advice.pdf",
                mediaType: "application/pdf",
                sizeBytes: 1024,
              },
            ],
          },
        ],
      }),
    });
    renderConversation();

    const image = await screen.findByRole("img", { name: "Фото: throat.jpg" });
    expect(image.getAttribute("src")).toBe(
      `/api/chat/conversations/${conversationId}/files/00000000-0000-4000-8000-0000000000a7`,
    );
    const download = screen.getByRole("link", { name: "Скачать advice.pdf (1\u00a0КБ)" });
    expect(download.getAttribute("href")).toBe(
      `/api/chat/conversations/${conversationId}/files/00000000-0000-4000-8000-0000000000a8`,
    );
  });

  it("tells the doctor the newest message was read while the conversation is on the screen", async () => {
    const unread = { ...doctorMessage, delivery: "sent" as const };
    const fetch = stubApi({ conversation: conversationOf({ messages: [clientMessage, unread] }) });
    renderConversation();

    await waitFor(() =>
      expect(fetch.mock.calls.find(([path]) => String(path).endsWith("/receipts"))?.[1]?.body).toBe(
        JSON.stringify({ upToMessageId: unread.id, state: "read" }),
      ),
    );
  });
});

describe("a closed conversation", () => {
  const closed = conversationOf({
    status: "closed",
    conclusion: {
      outcome: "in_person",
      specialty: "оториноларинголог",
      text: "Полоскания, обильное питьё. Очный осмотр ЛОР-врача в течение недели.",
      doctorName: "Петрова Анна Сергеевна",
      closedAt: "2026-12-02T07:30:00.000Z",
    },
  });

  it("shows the «Заключение» as its own card and no composer", async () => {
    stubApi({ conversation: closed });
    renderConversation();

    const card = await screen.findByRole("region", { name: "Заключение" });
    expect(within(card).getByText("Нужна очная консультация")).toBeTruthy();
    expect(within(card).getByText("оториноларинголог")).toBeTruthy();
    expect(within(card).getByText(/Полоскания, обильное питьё/)).toBeTruthy();
    expect(within(card).getByText("Петрова Анна Сергеевна")).toBeTruthy();
    expect(within(card).getByText("02.12.2026 10:30 (мск)")).toBeTruthy();
    expect(screen.queryByRole("textbox", { name: "Сообщение" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Отправить" })).toBeNull();
  });

  it("asks for a score before rating, then sends the score and the comment", async () => {
    const posted: unknown[] = [];
    stubApi({ conversation: closed }, ({ method, path, body }) => {
      if (method !== "POST" || path !== `/api/chat/conversations/${conversationId}/rating`) return;
      posted.push(body);
      return new Response(
        JSON.stringify({ ...closed, rating: { score: 4, comment: "Спасибо, помогло" } }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    });
    const { user } = renderConversation();

    await user.click(await screen.findByRole("button", { name: "Оценить консультацию" }));
    expect(await screen.findByText("Поставьте оценку от 1 до 5")).toBeTruthy();
    expect(posted).toEqual([]);

    await user.click(screen.getByRole("radio", { name: "4 из 5" }));
    await user.type(screen.getByRole("textbox", { name: /Комментарий/ }), "Спасибо, помогло");
    await user.click(screen.getByRole("button", { name: "Оценить консультацию" }));

    expect(await screen.findByText("Ваша оценка: 4 из 5")).toBeTruthy();
    expect(screen.getByText("Спасибо за оценку!")).toBeTruthy();
    expect(posted).toEqual([{ score: 4, comment: "Спасибо, помогло" }]);
  });
});
