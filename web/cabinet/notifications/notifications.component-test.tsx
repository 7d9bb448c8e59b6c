import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { InboxNotification } from "../../../common/notifications/notifications.schema.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { NotificationsPage } from "./notifications.page.tsx";
import { NotificationsBell } from "./notifications-bell.tsx";

const PATH = "/cabinet/notifications";

function notification(
  index: number,
  overrides: Partial<InboxNotification> = {},
): InboxNotification {
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    kind: "appointment",
    title: `Запись подтверждена ${index}`,
    body: "Терапевт, 10.12.2026 в 10:00",
    link: `/cabinet/appointments/a${index}`,
    // Newest first: a higher index is older.
    createdAt: new Date(Date.UTC(2026, 11, 3, 9, 0) - index * 60_000).toISOString(),
    readAt: null,
    ...overrides,
  };
}

/** The server of the centre: pages of `limit` before a cursor, read marks, the unread count. */
function server(initial: InboxNotification[]) {
  const items = [...initial];
  const unread = () => items.filter((item) => item.readAt === null).length;
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const method = init?.method ?? "GET";
    if (method === "GET" && url.pathname === "/api/notifications/unread") {
      return jsonAnswer(200, { unread: unread() });
    }
    if (method === "GET" && url.pathname === "/api/notifications") {
      const before = url.searchParams.get("before");
      const limit = Number(url.searchParams.get("limit") ?? 20);
      const start = before ? items.findIndex((item) => item.id === before) + 1 : 0;
      const page = items.slice(start, start + limit);
      const last = page.at(-1);
      const more = start + limit < items.length;
      return jsonAnswer(200, {
        items: page,
        unread: unread(),
        nextBefore: more && last ? last.id : null,
      });
    }
    if (method === "POST" && url.pathname === "/api/notifications/read-all") {
      for (const item of items) item.readAt ??= "2026-12-03T10:00:00.000Z";
      return new Response(null, { status: 204 });
    }
    const read = /^\/api\/notifications\/([^/]+)\/read$/.exec(url.pathname);
    if (method === "POST" && read) {
      const item = items.find((candidate) => candidate.id === read[1]);
      if (!item) return jsonAnswer(404, { title: "Не найдено", status: 404 });
      item.readAt ??= "2026-12-03T10:00:00.000Z";
      return new Response(null, { status: 204 });
    }
    return jsonAnswer(404, { title: "Не найдено", status: 404 });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

/** The header's bell beside the centre, both staying on screen when a notification is opened. */
function renderCentre() {
  return renderScreen(
    <>
      <NotificationsBell />
      <NotificationsPage />
    </>,
    { path: PATH, route: "/cabinet/*" },
  );
}

describe("the notification centre", () => {
  it("names the header's «Уведомления» with the unread count and marks unread items, newest first, with Moscow time", async () => {
    server([
      notification(1),
      notification(2, { title: "Врач ответил в чате", kind: "chat_reply", link: null }),
      notification(3, { readAt: "2026-12-02T10:00:00.000Z", title: "Оплата получена" }),
    ]);
    renderCentre();
    expect(await screen.findByRole("link", { name: "Уведомления, 2 непрочитанных" })).toBeDefined();
    const list = await screen.findByRole("list");
    const items = within(list).getAllByRole("listitem");
    expect(items.map((item) => within(item).getByRole("heading").textContent)).toEqual([
      "Запись подтверждена 1",
      "Врач ответил в чате",
      "Оплата получена",
    ]);
    expect(within(items[0] as HTMLElement).getByText("Новое")).toBeDefined();
    expect(within(items[2] as HTMLElement).queryByText("Новое")).toBeNull();
    // 09:00 UTC less a minute is 11:59 in Moscow.
    expect(within(items[0] as HTMLElement).getByText("03.12.2026 11:59")).toBeDefined();
    expect(screen.getByText("2 непрочитанных.")).toBeDefined();
  });

  it("marks an item read when it is opened, and the header's count goes down with it", async () => {
    const fetch = server([notification(1), notification(2)]);
    const { user } = renderCentre();
    await screen.findByRole("link", { name: "Уведомления, 2 непрочитанных" });
    const opened = await screen.findByRole("link", { name: "Запись подтверждена 1" });
    expect(opened.getAttribute("href")).toBe("/cabinet/appointments/a1");
    await user.click(opened);
    await waitFor(() =>
      expect(
        fetch.mock.calls.some(
          ([url, init]) =>
            String(url) === `/api/notifications/${notification(1).id}/read` &&
            init?.method === "POST",
        ),
      ).toBe(true),
    );
    expect(await screen.findByRole("link", { name: "Уведомления, 1 непрочитанное" })).toBeDefined();
  });

  it("marks one without a link read with its own button", async () => {
    server([notification(1, { link: null })]);
    const { user } = renderCentre();
    await user.click(await screen.findByRole("button", { name: "Отметить как прочитанное" }));
    expect(await screen.findByRole("link", { name: "Уведомления" })).toBeDefined();
    await waitFor(() => expect(screen.queryByText("Новое")).toBeNull());
    expect(screen.getByText("Непрочитанных нет.")).toBeDefined();
  });

  it("«Отметить все как прочитанные» clears every unread mark and the header's count", async () => {
    const fetch = server([notification(1), notification(2), notification(3)]);
    const { user } = renderCentre();
    await screen.findByRole("link", { name: "Уведомления, 3 непрочитанных" });
    await user.click(await screen.findByRole("button", { name: "Отметить все как прочитанные" }));
    expect(await screen.findByRole("link", { name: "Уведомления" })).toBeDefined();
    await waitFor(() => expect(screen.queryAllByText("Новое")).toHaveLength(0));
    expect(screen.queryByRole("button", { name: "Отметить все как прочитанные" })).toBeNull();
    expect(
      fetch.mock.calls.some(
        ([url, init]) => String(url) === "/api/notifications/read-all" && init?.method === "POST",
      ),
    ).toBe(true);
  });

  it("shows older ones with «Показать ещё», from where the first page ended", async () => {
    const fetch = server(Array.from({ length: 25 }, (_, index) => notification(index + 1)));
    const { user } = renderCentre();
    await screen.findByRole("link", { name: "Запись подтверждена 20" });
    expect(screen.queryByRole("link", { name: "Запись подтверждена 21" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Показать ещё" }));
    expect(await screen.findByRole("link", { name: "Запись подтверждена 25" })).toBeDefined();
    expect(screen.queryByRole("button", { name: "Показать ещё" })).toBeNull();
    expect(
      fetch.mock.calls.some(([url]) => String(url).includes(`before=${notification(20).id}`)),
    ).toBe(true);
  });

  it("says what will appear here when there is nothing yet", async () => {
    server([]);
    renderCentre();
    expect(await screen.findByRole("heading", { name: "Уведомлений пока нет" })).toBeDefined();
    expect(screen.getByRole("link", { name: "Уведомления" })).toBeDefined();
  });
});
