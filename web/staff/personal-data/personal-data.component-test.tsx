import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { StaffPersonalDataRequest } from "../../../common/identity/personal-data.schema.ts";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { PersonalDataPage } from "./personal-data.page.tsx";

const PATH = "/staff/personal-data";

function request(overrides: Partial<StaffPersonalDataRequest> = {}): StaffPersonalDataRequest {
  return {
    id: "9b7c8c1e-64a6-4f07-9d37-3c8fb3b1d0a1",
    clientId: "00000000-0000-4000-8000-000000000001",
    kind: "name",
    status: "pending",
    lastName: "Петрова",
    firstName: "Анна",
    patronymic: "Сергеевна",
    birthDate: "1990-03-15",
    phone: null,
    reason: "Сменила фамилию",
    comment: null,
    createdAt: "2026-12-03T09:00:00.000Z",
    decidedAt: null,
    decidedByName: null,
    current: {
      lastName: "Иванова",
      firstName: "Анна",
      patronymic: "Сергеевна",
      birthDate: "1990-03-15",
      phone: "+79261234567",
    },
    ...overrides,
  };
}

describe("«Личные данные клиентов»", () => {
  it("shows a request beside the account's data, says contracts do not change, and rejects only with a comment", async () => {
    const pending = request();
    const posts: { url: string; body: unknown }[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), "http://localhost");
        if (init?.method === "POST") {
          posts.push({ url: url.pathname, body: JSON.parse(String(init.body)) });
          return jsonAnswer(200, {
            request: { ...pending, status: "rejected", comment: "Нет документов" },
          });
        }
        if (url.pathname.endsWith(pending.id)) return jsonAnswer(200, { request: pending });
        return jsonAnswer(200, { requests: [pending], hasMore: false });
      }),
    );
    const { user } = renderConsoleForm(<PersonalDataPage />, { path: PATH });
    const table = await screen.findByRole("table", { name: "Заявки" });
    expect(within(table).getByText("ФИО и дата рождения")).toBeDefined();
    await user.click(within(table).getByRole("button", { name: /Рассмотреть/ }));

    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText("Петрова Анна Сергеевна")).toBeDefined();
    expect(within(dialog).getByText(/Пациенты в договорах сами не меняются/)).toBeDefined();
    await user.click(within(dialog).getByRole("button", { name: "Отклонить" }));
    expect(within(dialog).getByText("Напишите клиенту, почему заявка отклонена")).toBeDefined();
    expect(posts).toEqual([]);

    await user.type(within(dialog).getByLabelText(/Комментарий/), "Нет документов");
    await user.click(within(dialog).getByRole("button", { name: "Отклонить" }));
    expect(await screen.findByText("Решение сохранено: заявка отклонена.")).toBeDefined();
    expect(posts).toEqual([
      {
        url: `/api/staff/personal-data-requests/${pending.id}/reject`,
        body: { comment: "Нет документов" },
      },
    ]);
  });
});
