import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { StaffPrivacyRequest } from "../../../common/privacy/privacy.schema.ts";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { PrivacyRequestsPage } from "./privacy-requests.page.tsx";

const PATH = "/staff/privacy-requests";

function request(overrides: Partial<StaffPrivacyRequest> = {}): StaffPrivacyRequest {
  return {
    id: "5f1d3a0e-2b7c-4c55-9e61-0a4f6c2b9d10",
    kind: "objection",
    text: "Возражаю против рассылок по e-mail.",
    status: "new",
    dueDate: "2026-12-17",
    answer: null,
    createdAt: "2026-12-03T09:00:00.000Z",
    closedAt: null,
    client: {
      id: "00000000-0000-4000-8000-000000000001",
      lastName: "Петрова",
      firstName: "Анна",
      patronymic: "Сергеевна",
      phone: "+79261234567",
      deleted: false,
    },
    assignedToName: null,
    closedByName: null,
    overdue: false,
    ...overrides,
  };
}

describe("«Запросы по 152-ФЗ»", () => {
  it("shows each request's deadline, marks the overdue one and names a deleted account", async () => {
    const late = request({
      id: "1a2b3c4d-0000-4000-8000-000000000002",
      dueDate: "2026-11-20",
      overdue: true,
      status: "in_progress",
      assignedToName: "Ответова Нина",
    });
    const gone = request({
      id: "1a2b3c4d-0000-4000-8000-000000000003",
      client: {
        ...request().client,
        lastName: "Учётная запись удалена",
        firstName: "",
        phone: "",
        deleted: true,
      },
    });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => jsonAnswer(200, { requests: [late, request(), gone], hasMore: false })),
    );
    renderConsoleForm(<PrivacyRequestsPage />, { path: PATH });
    const table = await screen.findByRole("table", { name: "Запросы" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(within(rows[0] as HTMLElement).getByText("20.11.2026")).toBeDefined();
    expect(within(rows[0] as HTMLElement).getByText("Просрочен")).toBeDefined();
    expect(within(rows[0] as HTMLElement).getByText("В работе у: Ответова Нина")).toBeDefined();
    expect(within(rows[1] as HTMLElement).getByText("17.12.2026")).toBeDefined();
    expect(within(rows[1] as HTMLElement).queryByText("Просрочен")).toBeNull();
    expect(within(rows[1] as HTMLElement).getByText("Петрова Анна Сергеевна")).toBeDefined();
    expect(within(rows[2] as HTMLElement).getByText("Учётная запись удалена")).toBeDefined();
  });

  it("closes a request only with an answer of 10 characters or more, and sends that answer", async () => {
    const open = request();
    const posts: { url: string; body: unknown }[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), "http://localhost");
        if (init?.method === "POST") {
          posts.push({ url: url.pathname, body: init.body ? JSON.parse(String(init.body)) : null });
          return jsonAnswer(200, { request: { ...open, status: "closed", answer: "ok" } });
        }
        if (url.pathname.endsWith(open.id)) return jsonAnswer(200, { request: open });
        return jsonAnswer(200, { requests: [open], hasMore: false });
      }),
    );
    const { user } = renderConsoleForm(<PrivacyRequestsPage />, { path: PATH });
    const table = await screen.findByRole("table", { name: "Запросы" });
    await user.click(within(table).getByRole("button", { name: /^Открыть/ }));
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText("Возражаю против рассылок по e-mail.")).toBeDefined();
    await user.click(within(dialog).getByRole("button", { name: "Ответить и закрыть" }));
    expect(
      within(dialog).getByText("Напишите ответ клиенту — не короче 10 символов"),
    ).toBeDefined();
    expect(posts).toEqual([]);
    await user.type(
      within(dialog).getByLabelText(/Ответ клиенту/),
      "Рассылки по e-mail отключены.",
    );
    await user.click(within(dialog).getByRole("button", { name: "Ответить и закрыть" }));
    expect(await screen.findByText("Ответ отправлен, запрос закрыт.")).toBeDefined();
    expect(posts).toEqual([
      {
        url: `/api/staff/privacy-requests/${open.id}/close`,
        body: { answer: "Рассылки по e-mail отключены." },
      },
    ]);
  });
});
