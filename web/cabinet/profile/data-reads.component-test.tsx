import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { DataRead, DataReadsPage } from "../../../common/staff/data-reads.schema.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { DataReadsPage as Screen } from "./data-reads.page.tsx";

const PATH = "/cabinet/profile/data-reads";

function read(overrides: Partial<DataRead> = {}): DataRead {
  return {
    id: crypto.randomUUID(),
    at: "2026-12-03T09:05:00.000000Z",
    staff: { role: "operator", fullName: "Операторова Ольга Петровна" },
    action: "contract.view",
    contractNumber: "11/12345678",
    orderNumber: null,
    personName: null,
    reason: null,
    ...overrides,
  };
}

function answering(pages: Record<string, DataReadsPage>) {
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), "http://localhost");
    const page = pages[url.searchParams.get("cursor") ?? ""];
    return page ? jsonAnswer(200, page) : jsonAnswer(404, { title: "Не найдено", status: 404 });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("«Кто смотрел мои данные»", () => {
  it("lists each read with what was seen, the staff member's role and name, and the Moscow time", async () => {
    answering({
      "": {
        items: [
          read({
            action: "medcard.open",
            staff: { role: "doctor", fullName: "Врачёва Вера Ивановна" },
            reason: "Уточнить аллергии",
            contractNumber: null,
            at: "2026-12-03T10:30:00.000000Z",
          }),
          read(),
        ],
        nextCursor: null,
      },
    });
    renderScreen(<Screen />, { path: PATH });

    const list = await screen.findByRole("list");
    const [medcard, contract] = within(list).getAllByRole("listitem");
    expect(medcard?.textContent).toContain("Открыл(а) медкарту: Уточнить аллергии");
    expect(medcard?.textContent).toContain("Врач Врачёва Вера Ивановна");
    // 10:30 UTC is 13:30 in Moscow.
    expect(medcard?.textContent).toContain("03.12.2026 13:30");
    expect(contract?.textContent).toContain("Просмотр договора № 11/12345678");
    expect(contract?.textContent).toContain("Оператор Операторова Ольга Петровна");
    expect(screen.queryByRole("button", { name: "Показать ещё" })).toBeNull();
  });

  it("says no one has opened the data yet when the log has nothing of the account", async () => {
    answering({ "": { items: [], nextCursor: null } });
    renderScreen(<Screen />, { path: PATH });

    expect(
      await screen.findByRole("heading", {
        name: "Сотрудники компании ещё не открывали ваши данные",
      }),
    ).toBeTruthy();
    expect(screen.queryByRole("list")).toBeNull();
  });

  it("loads the older reads after the last one on «Показать ещё»", async () => {
    const fetch = answering({
      "": { items: [read({ contractNumber: "11/00000001" })], nextCursor: "next-page" },
      "next-page": {
        items: [read({ action: "order.view", contractNumber: null, orderNumber: 100123 })],
        nextCursor: null,
      },
    });
    const { user } = renderScreen(<Screen />, { path: PATH });

    await user.click(await screen.findByRole("button", { name: "Показать ещё" }));

    expect(await screen.findByText("Просмотр заказа № 100123")).toBeTruthy();
    expect(screen.getByText("Просмотр договора № 11/00000001")).toBeTruthy();
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    expect(String(fetch.mock.calls.at(-1)?.[0])).toContain("cursor=next-page");
    expect(screen.queryByRole("button", { name: "Показать ещё" })).toBeNull();
  });

  it("says the list failed to load and offers to try again", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => jsonAnswer(500, { title: "Ошибка сервера", status: 500 })),
    );
    renderScreen(<Screen />, { path: PATH });

    // Reads are retried once (a second later) before the failure is shown.
    expect(
      await screen.findByText("Не удалось загрузить список", undefined, { timeout: 4000 }),
    ).toBeTruthy();
    expect(screen.getByRole("button", { name: "Загрузить ещё раз" })).toBeTruthy();
  });
});
