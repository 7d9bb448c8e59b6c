import { screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import type { StaffChat, StaffChatSummary } from "../../../common/chat/chat.schema.ts";
import type { StaffProfile } from "../../../common/staff/staff-auth.schema.ts";
import { SignedInStaffContext } from "../auth/staff-session.ts";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { ChatPage } from "./chat.page.tsx";
import { ChatItem } from "./chats.page.tsx";
import { CloseForm } from "./close-chat-dialog.tsx";

const doctor: StaffProfile = {
  id: "6f1d1a52-3c55-4b0e-9d5e-1f2a3b4c5d6e",
  email: "doctor@rms.local",
  fullName: "Смирнов Олег Петрович",
  role: "doctor",
  totpEnabled: false,
};

const chatId = "0b7c9a3e-8f0d-4f4a-9c7e-2d1e3f4a5b6c";

const summary: StaffChatSummary = {
  id: chatId,
  status: "waiting",
  personName: "Иванов Иван Иванович",
  personAge: 41,
  programName: "Врач на связи",
  contractNumber: "СЕРТ-000123",
  doctor: null,
  createdAt: "2026-12-02T09:00:00.000Z",
  lastMessageAt: "2026-12-02T09:00:00.000Z",
  lastMessagePreview: "Болит голова третий день",
  waitingSince: "2026-12-02T09:00:00.000Z",
  overdue: true,
  unread: 1,
};

const closedChat: StaffChat = {
  id: chatId,
  status: "closed",
  personId: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
  personName: "Иванов Иван Иванович",
  personBirthDate: "1985-03-14",
  personAge: 41,
  contractId: "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a",
  contractNumber: "СЕРТ-000123",
  programName: "Врач на связи",
  clientName: "Иванов Иван Иванович",
  doctor: {
    id: "3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b",
    name: "Петрова Анна Сергеевна",
    specialty: "терапевт",
  },
  createdAt: "2026-12-01T09:00:00.000Z",
  waitingSince: null,
  overdue: false,
  messages: [
    {
      offeredSlots: [],
      id: "4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c",
      clientMessageId: "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
      author: "client",
      authorName: "Иванов Иван",
      authorSpecialty: null,
      body: "<b>Болит голова</b> третий день",
      files: [],
      createdAt: "2026-12-01T09:00:00.000Z",
      delivery: "read",
    },
  ],
  transfers: [],
  conclusion: {
    outcome: "recommendations",
    specialty: null,
    text: "Пить больше воды, измерять давление утром и вечером.",
    doctorName: "Петрова Анна Сергеевна",
    closedAt: "2026-12-01T10:00:00.000Z",
  },
  rating: null,
  canTake: false,
  canReply: false,
};

const activeChat: StaffChat = {
  ...closedChat,
  status: "active",
  doctor: { id: doctor.id, name: doctor.fullName, specialty: "терапевт" },
  conclusion: null,
  canReply: true,
};

function AsDoctor({ children }: { children: ReactNode }) {
  return <SignedInStaffContext value={doctor}>{children}</SignedInStaffContext>;
}

const problem = (status: number, detail: string, errors?: { field: string; message: string }[]) =>
  jsonAnswer(status, {
    type: "about:blank",
    title: status === 409 ? "Конфликт" : "Ошибка",
    status,
    detail,
    ...(errors ? { errors } : {}),
  });

function urlOf(input: unknown): string {
  return typeof input === "string" ? input : input instanceof Request ? input.url : String(input);
}

describe("«Взять в работу» in the chat queue", () => {
  it("shows the server's message with the holder's name when another doctor took the chat first", async () => {
    const fetch = vi.fn(async (input: unknown, _init?: RequestInit) => {
      if (urlOf(input).endsWith(`/api/staff/chats/${chatId}/take`)) {
        return problem(409, "Этот чат уже в работе у врача Петрова Анна Сергеевна.");
      }
      return jsonAnswer(200, {
        chats: [],
        counts: { queue: 0, mine: 0, overdue: 0 },
        targetReplyMinutes: 15,
      });
    });
    vi.stubGlobal("fetch", fetch);
    const { user } = renderConsoleForm(
      <AsDoctor>
        <ol>
          <ChatItem chat={summary} targetMinutes={15} />
        </ol>
      </AsDoctor>,
      { path: "/staff/chats" },
    );

    const item = screen.getByRole("listitem", { name: /Иванов Иван Иванович/ });
    expect(within(item).getByText("Просрочен: ждёт ответа дольше 15 минут")).toBeTruthy();
    await user.click(within(item).getByRole("button", { name: /^Взять в работу/ }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Не удалось взять чат в работу");
    expect(alert.textContent).toContain("Этот чат уже в работе у врача Петрова Анна Сергеевна.");
    expect(fetch).toHaveBeenCalledWith(
      `/api/staff/chats/${chatId}/take`,
      expect.objectContaining({ method: "POST" }),
    );
  });
});

// Two rounds of requests and a dialog: more than the default 5 s on a loaded two-core machine.
describe("opening a closed chat", { timeout: 20_000 }, () => {
  it("asks for the reason first, refuses an empty one, and reads the chat again with it", async () => {
    const asked: string[] = [];
    const fetch = vi.fn(async (input: unknown, _init?: RequestInit) => {
      const url = urlOf(input);
      asked.push(url);
      if (url.includes("/context")) {
        return jsonAnswer(200, {
          contract: {
            id: closedChat.contractId,
            number: "СЕРТ-000123",
            kind: "Сертификат",
            validFrom: "2026-01-01",
            validTo: "2026-12-31",
          },
          program: { name: "Врач на связи", coverage: "Консультации врача по телефону и в чате" },
          appeals: [],
          earlierChats: [],
        });
      }
      if (url === `/api/staff/chats/${chatId}`) {
        return problem(403, "Укажите причину просмотра: чат завершён.");
      }
      if (url.startsWith(`/api/staff/chats/${chatId}?reason=`)) return jsonAnswer(200, closedChat);
      return problem(404, "Нет такого адреса");
    });
    vi.stubGlobal("fetch", fetch);
    const { user } = renderConsoleForm(
      <AsDoctor>
        <ChatPage />
      </AsDoctor>,
      { path: `/staff/chats/${chatId}`, route: "/staff/chats/:id" },
    );

    const dialog = await screen.findByRole("dialog", { name: "Причина просмотра" });
    await user.click(within(dialog).getByRole("button", { name: "Открыть чат" }));
    const field = within(dialog).getByRole("textbox", { name: /^Причина/ });
    expect(await within(dialog).findByText("Напишите причину просмотра")).toBeTruthy();
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(asked.filter((url) => url.includes("reason="))).toEqual([]);

    await user.type(field, "Повторное обращение клиента");
    await user.click(within(dialog).getByRole("button", { name: "Открыть чат" }));

    expect(
      await screen.findByRole("heading", { level: 1, name: /Иванов Иван Иванович/ }),
    ).toBeTruthy();
    expect(asked).toContain(
      `/api/staff/chats/${chatId}?reason=${encodeURIComponent("Повторное обращение клиента").replaceAll("%20", "+")}`,
    );
    // The client's text is shown as text, never as HTML.
    expect(screen.getByText("<b>Болит голова</b> третий день")).toBeTruthy();
    expect(screen.getByText("Пить больше воды, измерять давление утром и вечером.")).toBeTruthy();
    await waitFor(() => expect(asked.some((url) => url.includes("/context?reason="))).toBe(true));
  });
});

describe("«Завершить консультацию»", () => {
  function renderClose(fetch = vi.fn()) {
    vi.stubGlobal("fetch", fetch);
    return renderConsoleForm(
      <AsDoctor>
        <CloseForm chat={activeChat} onCancel={() => undefined} onClosed={() => undefined} />
      </AsDoctor>,
      { path: `/staff/chats/${chatId}` },
    );
  }

  it("asks for the outcome and the conclusion before sending anything", async () => {
    const fetch = vi.fn();
    const { user } = renderClose(fetch);
    await user.click(screen.getByRole("button", { name: "Завершить консультацию" }));

    expect(await screen.findByText("Выберите итог консультации")).toBeTruthy();
    expect(screen.getByText("Напишите заключение")).toBeTruthy();
    expect(screen.getByRole("textbox", { name: /^Заключение/ }).getAttribute("aria-invalid")).toBe(
      "true",
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  const dermatology = "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e";
  const specialtiesAnswer = () =>
    jsonAnswer(200, {
      specialties: [
        { id: dermatology, name: "дерматолог" },
        { id: "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f", name: "терапевт" },
      ],
    });

  it("asks for the specialty from the network's list when an in-person visit is needed", async () => {
    const fetch = vi.fn(async (input: unknown, _init?: RequestInit) =>
      urlOf(input) === "/api/staff/chat-specialties"
        ? specialtiesAnswer()
        : jsonAnswer(200, activeChat),
    );
    const { user } = renderClose(fetch);
    await user.click(screen.getByRole("radio", { name: "Нужна очная консультация" }));
    await user.type(
      screen.getByRole("textbox", { name: /^Заключение/ }),
      "Нужен осмотр, запишитесь в клинику.",
    );
    await user.click(screen.getByRole("button", { name: "Завершить консультацию" }));

    expect(
      await screen.findByText("Выберите специальность врача для очной консультации"),
    ).toBeTruthy();
    const specialty = screen.getByRole("combobox", {
      name: /^Специальность врача для очной консультации/,
    });
    expect(specialty.getAttribute("aria-invalid")).toBe("true");
    expect(fetch.mock.calls.some(([input]) => urlOf(input).endsWith("/close"))).toBe(false);

    // Typing narrows the list; the choice sends the specialty's id.
    await user.type(specialty, "дерм");
    // The search leaves the one match (jsdom does not run the dropdown's transition, so it stays
    // display: none to the accessibility tree).
    const options = await screen.findAllByRole("option", { hidden: true });
    expect(options.map((option) => option.textContent)).toEqual(["дерматолог"]);
    await user.click(options[0] as HTMLElement);
    expect((specialty as HTMLInputElement).value).toBe("дерматолог");
    await user.click(screen.getByRole("button", { name: "Завершить консультацию" }));

    await waitFor(() =>
      expect(fetch.mock.calls.some(([input]) => urlOf(input).endsWith("/close"))).toBe(true),
    );
    const [, init] = fetch.mock.calls.find(([input]) => urlOf(input).endsWith("/close")) ?? [];
    expect(JSON.parse(String(init?.body))).toEqual({
      outcome: "in_person",
      specialtyId: dermatology,
      conclusion: "Нужен осмотр, запишитесь в клинику.",
    });
  });

  it("puts the server's field errors under their fields", async () => {
    const fetch = vi.fn(async (input: unknown, _init?: RequestInit) =>
      urlOf(input).endsWith("/close")
        ? problem(400, "Проверьте поля формы", [
            { field: "conclusion", message: "Заключение не должно быть длиннее 4000 символов" },
          ])
        : jsonAnswer(200, activeChat),
    );
    const { user } = renderClose(fetch);
    await user.click(screen.getByRole("radio", { name: "Рекомендации даны" }));
    const conclusion = screen.getByRole("textbox", { name: /^Заключение/ });
    await user.type(conclusion, "Пить больше воды.");
    await user.click(screen.getByRole("button", { name: "Завершить консультацию" }));

    expect(await screen.findByText("Заключение не должно быть длиннее 4000 символов")).toBeTruthy();
    await waitFor(() => expect(conclusion.getAttribute("aria-invalid")).toBe("true"));
    const [url, init] = fetch.mock.calls.find(([input]) => urlOf(input).endsWith("/close")) ?? [];
    expect(url).toBe(`/api/staff/chats/${chatId}/close`);
    expect(JSON.parse(String(init?.body))).toEqual({
      outcome: "recommendations",
      conclusion: "Пить больше воды.",
    });
  });
});

/** The browser's XMLHttpRequest as uploadForm uses it, answering each send as the test says. */
class FakeUpload {
  static sent: FakeUpload[] = [];
  status = 0;
  responseText = "";
  withCredentials = false;
  upload: { onprogress?: unknown; onload?: unknown } = {};
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onprogress: (() => void) | null = null;
  onloadend: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  url = "";
  body: FormData | null = null;
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  getResponseHeader(name: string) {
    return name.toLowerCase() === "content-type" ? "application/json" : null;
  }
  abort() {}
  send(body: FormData) {
    this.body = body;
    FakeUpload.sent.push(this);
  }
  fail() {
    this.onerror?.();
    this.onloadend?.();
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
    this.onloadend?.();
  }
}

describe("the doctor's composer", { timeout: 20_000 }, () => {
  it("shows «Не отправлено» with «Повторить» when the network fails, and retries under the same id", async () => {
    FakeUpload.sent = [];
    vi.stubGlobal("XMLHttpRequest", FakeUpload);
    let stored: StaffChat = activeChat;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: unknown) => {
        const url = urlOf(input);
        if (url.includes("/context")) {
          return jsonAnswer(200, {
            contract: {
              id: activeChat.contractId,
              number: "СЕРТ-000123",
              kind: "certificate",
              validFrom: "2026-01-01",
              validTo: "2026-12-31",
            },
            program: { name: "Врач на связи", coverage: "" },
            appeals: [],
            earlierChats: [],
          });
        }
        if (url === `/api/staff/chats/${chatId}`) return jsonAnswer(200, stored);
        return new Response(null, { status: 204 });
      }),
    );
    const { user } = renderConsoleForm(
      <AsDoctor>
        <ChatPage />
      </AsDoctor>,
      { path: `/staff/chats/${chatId}`, route: "/staff/chats/:id" },
    );

    await user.type(await screen.findByRole("textbox", { name: "Сообщение" }), "Пейте больше воды");
    await user.click(screen.getByRole("button", { name: "Отправить" }));
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(1));
    FakeUpload.sent[0]?.fail();
    expect(await screen.findByText(/^Не отправлено/)).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Повторить" }));
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(2));
    const [first, second] = FakeUpload.sent.map((upload) => upload.body?.get("clientMessageId"));
    expect(second).toBe(first);
    const message = {
      id: "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e",
      clientMessageId: String(first),
      author: "doctor" as const,
      authorName: doctor.fullName,
      authorSpecialty: "терапевт",
      body: "Пейте больше воды",
      files: [],
      createdAt: "2026-12-01T09:05:00.000Z",
      delivery: "sent" as const,
      offeredSlots: [],
    };
    stored = { ...activeChat, messages: [...activeChat.messages, message] };
    FakeUpload.sent[1]?.answer(201, message);

    await waitFor(() => expect(screen.queryByText(/^Не отправлено/)).toBeNull());
    expect(await screen.findByText("Отправлено")).toBeTruthy();
    expect(screen.getAllByText("Пейте больше воды")).toHaveLength(1);
  });
});
