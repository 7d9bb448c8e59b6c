import { act, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderScreen } from "../test/render.tsx";
import { keptReadOf, OfflineBanner } from "./offline-banner.tsx";

const contract = "0b5e8f1e-6a55-4f0e-9a47-5b8f6f7b2c11";

/** Cache storage holding one kept answer, saved at `savedAt`, as the service worker stores it. */
function stubKeptAnswer(path: string, savedAt: string) {
  vi.stubGlobal("caches", {
    match: async (url: string, options?: { cacheName?: string }) =>
      url === path && options?.cacheName === "rms-offline-data"
        ? new Response("{}", { headers: { "x-rms-saved-at": savedAt } })
        : undefined,
  });
}

function goOffline() {
  act(() => {
    window.dispatchEvent(new Event("offline"));
  });
}

function goOnline() {
  act(() => {
    window.dispatchEvent(new Event("online"));
  });
}

describe("the offline banner", () => {
  it("says nothing while the network is there", () => {
    renderScreen(<OfflineBanner />, { path: "/cabinet/contracts" });
    expect(screen.getByRole("status").textContent).toBe("");
  });

  it("shows when the contract on screen was saved, in Moscow time, and the medpult's phone", async () => {
    stubKeptAnswer(`/api/contracts/${contract}`, "2026-12-03T15:44:00.000Z");
    renderScreen(<OfflineBanner />, { path: `/cabinet/contracts/${contract}` });
    goOffline();
    const banner = screen.getByRole("status");
    expect(
      await screen.findByText(
        "Нет подключения к интернету. Показаны данные, сохранённые 03.12.2026 18:44",
      ),
    ).toBeTruthy();
    expect(banner.textContent).toContain("можно, когда связь вернётся");
    const call = screen.getByRole("link", { name: /Позвонить в медпульт/ });
    expect(call.getAttribute("href")).toBe("tel:+78007707094");
    goOnline();
    expect(banner.textContent).toBe("");
  });

  it("on a screen with nothing kept, says what opens without a network", () => {
    stubKeptAnswer("/api/contracts", "2026-12-03T15:44:00.000Z");
    renderScreen(<OfflineBanner />, { path: "/cabinet/chat" });
    goOffline();
    expect(screen.getByText("Нет подключения к интернету.")).toBeTruthy();
    expect(screen.getByText(/Без сети открываются «Мои договоры»/)).toBeTruthy();
    expect(screen.getByRole("link", { name: /Позвонить в медпульт/ })).toBeTruthy();
    goOnline();
  });

  it("knows the kept read of «Мои договоры» and of a contract's page, and of nothing else", () => {
    expect(keptReadOf("/cabinet/contracts")).toBe("/api/contracts");
    expect(keptReadOf(`/cabinet/contracts/${contract}`)).toBe(`/api/contracts/${contract}`);
    expect(keptReadOf(`/cabinet/contracts/${contract}/print`)).toBeNull();
    expect(keptReadOf("/cabinet/contracts/add")).toBeNull();
    expect(keptReadOf("/cabinet/medcard")).toBeNull();
  });
});
