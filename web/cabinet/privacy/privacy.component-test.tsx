import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { AccountConsent } from "../../../common/privacy/privacy.schema.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { PrivacyPage } from "./privacy.page.tsx";

const PATH = "/cabinet/profile/privacy";

function consent(overrides: Partial<AccountConsent>): AccountConsent {
  return {
    slug: "offer",
    title: "Договор оферты",
    version: 2,
    url: "/legal/offer",
    acceptedAt: "2026-11-20T09:00:00.000Z",
    required: true,
    withdrawnAt: null,
    ...overrides,
  };
}

const consents = [
  consent({}),
  consent({
    slug: "personal-data",
    title: "Согласие на обработку персональных данных",
    url: "/legal/personal-data",
  }),
  consent({
    slug: "health-data",
    title: "Согласие на обработку сведений о состоянии здоровья",
    url: "/legal/health-data",
    version: 1,
    required: false,
  }),
];

/** The server: the page's reads, and the POSTs a test answers. */
function server(posts: Record<string, (body: unknown) => Response> = {}) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), "http://localhost").pathname;
    if ((init?.method ?? "GET") === "GET") {
      if (path === "/api/legal/consents") return jsonAnswer(200, { consents });
      if (path === "/api/privacy/requests") return jsonAnswer(200, { requests: [] });
      if (path === "/api/privacy/account-deletion") {
        return jsonAnswer(200, { phone: "+79261111111", blockers: [] });
      }
    }
    const handler = posts[path];
    if (!handler) return jsonAnswer(404, { title: "Не найдено", status: 404 });
    return handler(init?.body ? JSON.parse(String(init.body)) : undefined);
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const item = (title: string) =>
  screen.getByRole("heading", { level: 3, name: title }).closest("li") as HTMLElement;

describe("«Мои данные и согласия»", () => {
  it("lists each accepted document with its version, date, whether it is required and a link to its text", async () => {
    server();
    renderScreen(<PrivacyPage />, { path: PATH });
    await screen.findByRole("heading", { level: 3, name: "Договор оферты" });
    const offer = within(item("Договор оферты"));
    expect(offer.getByText("Редакция 2, принята 20.11.2026")).toBeDefined();
    expect(offer.getByText("Обязательный")).toBeDefined();
    expect(
      offer
        .getByRole("link", { name: "Открыть текст документа «Договор оферты»" })
        .getAttribute("href"),
    ).toBe("/legal/offer");
    expect(offer.queryByRole("button", { name: "Отозвать согласие" })).toBeNull();
    const health = within(item("Согласие на обработку сведений о состоянии здоровья"));
    expect(health.getByText("Необязательный")).toBeDefined();
    expect(screen.getByRole("link", { name: "Выгрузить мои данные" }).getAttribute("href")).toBe(
      "/cabinet/profile/export",
    );
  });

  it("explains withdrawing the personal-data consent as closing the account and opens the deletion", async () => {
    const fetch = server();
    const user = userEvent.setup();
    renderScreen(<PrivacyPage />, { path: PATH });
    await screen.findByRole("heading", { level: 3, name: "Договор оферты" });
    const personal = within(item("Согласие на обработку персональных данных"));
    await user.click(personal.getByRole("button", { name: "Отозвать согласие" }));
    expect(personal.getByText(/отозвать его — значит закрыть учётную запись/)).toBeDefined();
    await user.click(personal.getByRole("button", { name: "Перейти к удалению учётной записи" }));
    expect(
      await screen.findByRole("heading", { name: "Что компания обязана хранить" }),
    ).toBeDefined();
    expect(screen.getByText(/Платежи, возвраты и кассовые чеки/)).toBeDefined();
    // Nothing was withdrawn on the way.
    const posted = fetch.mock.calls.filter(([, init]) => init?.method === "POST");
    expect(posted).toEqual([]);
  });

  it("withdraws the health-data consent after asking, and says where to give it again", async () => {
    const withdrawn = consents.map((c) =>
      c.slug === "health-data" ? { ...c, withdrawnAt: "2026-12-03T10:00:00.000Z" } : c,
    );
    server({
      "/api/legal/consents/health-data/withdraw": () => jsonAnswer(200, { consents: withdrawn }),
    });
    const user = userEvent.setup();
    renderScreen(<PrivacyPage />, { path: PATH });
    await screen.findByRole("heading", { level: 3, name: "Договор оферты" });
    const title = "Согласие на обработку сведений о состоянии здоровья";
    await user.click(within(item(title)).getByRole("button", { name: "Отозвать согласие" }));
    expect(within(item(title)).getByText(/«Медкарта» закроется сразу/)).toBeDefined();
    await user.click(within(item(title)).getByRole("button", { name: "Отозвать" }));
    expect(await screen.findByText(`Согласие «${title}» отозвано.`)).toBeDefined();
    expect(within(item(title)).getByText("Отозвано 03.12.2026")).toBeDefined();
    expect(within(item(title)).getByRole("link", { name: "Открыть «Медкарту»" })).toBeDefined();
  });

  it("asks for the kind and a longer text of a request, in Russian, before sending it", async () => {
    const fetch = server();
    const user = userEvent.setup();
    renderScreen(<PrivacyPage />, { path: PATH });
    const send = await screen.findByRole("button", { name: "Отправить запрос" });
    await user.type(screen.getByLabelText("Текст запроса"), "коротко");
    await user.click(send);
    expect(await screen.findByText("Выберите, что вы хотите сделать")).toBeDefined();
    expect(screen.getByText("Опишите запрос — не короче 10 символов")).toBeDefined();
    expect(screen.getByLabelText("Текст запроса").getAttribute("aria-invalid")).toBe("true");
    expect(fetch.mock.calls.filter(([, init]) => init?.method === "POST")).toEqual([]);
  });
});
