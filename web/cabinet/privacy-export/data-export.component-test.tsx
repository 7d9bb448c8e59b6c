import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { DataExport } from "../../../common/data-export/data-export.schema.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { DataExportPage } from "./data-export.page.tsx";

const PATH = "/cabinet/profile/export";
const ID = "7a4e2c1b-1111-4222-8333-944455556666";

function exportOf(status: DataExport["status"]): DataExport {
  const ready = status === "ready" || status === "expired";
  return {
    id: ID,
    status,
    requestedAt: "2026-12-03T09:00:00.000Z",
    readyAt: ready ? "2026-12-03T09:00:05.000Z" : null,
    expiresAt: ready ? "2026-12-04T09:00:05.000Z" : null,
    failedAt: status === "failed" ? "2026-12-03T09:00:05.000Z" : null,
    files:
      status === "ready"
        ? {
            json: { url: `/api/profile/data-exports/${ID}/json`, sizeBytes: 20_480 },
            pdf: { url: `/api/profile/data-exports/${ID}/pdf`, sizeBytes: 40_960 },
          }
        : null,
  };
}

/** The server: the list answers from `states` one after another (the last repeats). */
function answering(states: DataExport[][], post?: () => Response) {
  let read = 0;
  const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method === "POST")
      return post ? post() : jsonAnswer(202, { export: exportOf("queued") });
    const exports = states[Math.min(read, states.length - 1)] ?? [];
    read++;
    return jsonAnswer(200, { exports });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("«Выгрузить мои данные»", () => {
  it("queues an export with «Подготовить выгрузку» and offers the files once the job has made them", async () => {
    const fetch = answering([[], [exportOf("preparing")], [exportOf("ready")]]);
    renderScreen(<DataExportPage />, { path: PATH });

    fireEvent.click(await screen.findByRole("button", { name: "Подготовить выгрузку" }));
    expect(await screen.findByText("Готовится")).toBeTruthy();
    expect(screen.getByText(/страница обновится сама/)).toBeTruthy();
    // Asked again while it is being prepared, without a reload.
    const pdf = await screen.findByRole("link", { name: /Скачать PDF/ }, { timeout: 5_000 });
    expect(pdf.getAttribute("href")).toBe(`/api/profile/data-exports/${ID}/pdf`);
    expect(screen.getByRole("link", { name: /Скачать JSON/ }).getAttribute("href")).toBe(
      `/api/profile/data-exports/${ID}/json`,
    );
    // 09:00:05 UTC the next day is 12:00 in Moscow.
    expect(screen.getByText(/Файлы можно скачать до 04\.12\.2026 12:00/)).toBeTruthy();
    expect(fetch.mock.calls.some(([, init]) => init?.method === "POST")).toBe(true);
  }, 10_000);

  it("offers «Попробовать снова» after a failed export", async () => {
    answering([[exportOf("failed")]]);
    renderScreen(<DataExportPage />, { path: PATH });

    expect(await screen.findByText("Не удалось подготовить")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Попробовать снова" })).toBeTruthy();
    expect(screen.queryByRole("link", { name: /Скачать/ })).toBeNull();
  });

  it("says an expired export's files are gone and offers a new one", async () => {
    answering([[exportOf("expired")]]);
    renderScreen(<DataExportPage />, { path: PATH });

    expect(await screen.findByText("Срок скачивания истёк")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Подготовить выгрузку" })).toBeTruthy();
    expect(screen.queryByRole("link", { name: /Скачать/ })).toBeNull();
  });

  it("shows the server's Russian refusal when the day's exports are used up", async () => {
    answering([[]], () =>
      jsonAnswer(429, {
        type: "too-many-requests",
        title: "Слишком много выгрузок",
        status: 429,
        detail: "Выгрузку можно подготовить не больше 5 раз за сутки.",
      }),
    );
    renderScreen(<DataExportPage />, { path: PATH });

    fireEvent.click(await screen.findByRole("button", { name: "Подготовить выгрузку" }));
    expect(await screen.findByText("Не удалось начать выгрузку")).toBeTruthy();
    expect(screen.getByText(/не больше 5 раз за сутки/)).toBeTruthy();
  });
});
