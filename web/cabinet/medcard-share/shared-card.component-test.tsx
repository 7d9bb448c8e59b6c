import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type {
  MedcardDocument,
  MedcardSharedView,
  MedcardShareStatus,
} from "../../../common/medcard/medcard.schema.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { SharedCardPage } from "./shared-card.page.tsx";

const TOKEN = "tok_ABCdef0123456789-abcdefghijklmnopqrstuvwx";
const PATH = `/medcard-share/${TOKEN}`;
const ROUTE = "/medcard-share/:token";
const API = `/api/medcard-shares/${TOKEN}`;

// 15:30 in Moscow on 05.12.2026.
const EXPIRES = "2026-12-05T12:30:00.000Z";

function medcardDocument(overrides: Partial<MedcardDocument>): MedcardDocument {
  return {
    id: crypto.randomUUID(),
    type: "test_result",
    title: "Общий анализ крови",
    documentDate: "2026-11-20",
    author: { source: "patient", name: null },
    fileName: "анализ.pdf",
    mediaType: "application/pdf",
    sizeBytes: 2048,
    createdAt: "2026-11-21T08:00:00.000Z",
    removable: false,
    ...overrides,
  };
}

const pdf = medcardDocument({ id: "11111111-1111-4111-8111-111111111111" });
const scan = medcardDocument({
  id: "22222222-2222-4222-8222-222222222222",
  type: "conclusion",
  title: "Заключение кардиолога",
  fileName: "заключение.png",
  mediaType: "image/png",
  author: { source: "clinic", name: "Клиника «Здоровье»" },
});

const wholeCard: MedcardSharedView = {
  card: {
    id: "33333333-3333-4333-8333-333333333333",
    subject: "self",
    fullName: "Смирнова Ольга Петровна",
    birthDate: "1988-11-02",
  },
  summary: [
    {
      id: "44444444-4444-4444-8444-444444444444",
      kind: "allergy",
      text: "Пенициллин",
      note: "Крапивница",
      author: { source: "patient", name: null },
      createdAt: "2026-11-01T08:00:00.000Z",
      updatedAt: "2026-11-01T08:00:00.000Z",
      editable: false,
    },
    {
      id: "55555555-5555-4555-8555-555555555555",
      kind: "blood_group",
      text: "A(II) Rh+",
      note: null,
      author: { source: "doctor", name: "Врачёва Вера Ивановна" },
      createdAt: "2026-11-01T08:00:00.000Z",
      updatedAt: "2026-11-01T08:00:00.000Z",
      editable: false,
    },
  ],
  timeline: [
    {
      id: "chat:66666666-6666-4666-8666-666666666666",
      kind: "chat",
      at: "2026-11-15T07:00:00.000Z",
      title: "Консультация в чате",
      doctorName: "Врачёва Вера Ивановна",
      clinicName: null,
      conclusion: "ОРВИ, обильное питьё.",
    },
  ],
  documents: [pdf, scan],
  expiresAt: EXPIRES,
  scope: "card",
};

/** The public API of one link: its status, then the answer to each «Открыть» in turn. */
function answering(status: MedcardShareStatus | 404, opens: Response[] = []) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    if (path === API && (init?.method ?? "GET") === "GET") {
      return status === 404
        ? jsonAnswer(404, { type: "medcard-share-not-found", title: "Ссылка не найдена", status })
        : jsonAnswer(200, status);
    }
    if (path === `${API}/open` && init?.method === "POST") {
      const next = opens.shift();
      if (next) return next;
    }
    return jsonAnswer(500, { type: "unexpected", title: "Ошибка", status: 500 });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const active: MedcardShareStatus = { status: "active", expiresAt: EXPIRES };

function problem(status: number, body: object, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify({ status, ...body }), {
    status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

describe("the shared card a doctor opens with the patient's link («Показать врачу»)", () => {
  it("asks for the code, and once it is right shows the card read-only with its three parts", async () => {
    const fetch = answering(active, [jsonAnswer(200, wholeCard)]);
    const { user } = renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });

    expect(screen.getByRole("heading", { level: 1, name: "Медкарта пациента" })).toBeTruthy();
    expect(await screen.findByText("Ссылка действует до 05.12.2026 15:30 (МСК).")).toBeTruthy();
    await user.type(screen.getByRole("textbox", { name: /Код доступа/ }), "123456");
    await user.click(screen.getByRole("button", { name: "Открыть" }));

    expect(await screen.findByText("Смирнова Ольга Петровна")).toBeTruthy();
    expect(screen.getByText("Дата рождения: 02.11.1988")).toBeTruthy();
    expect(screen.getByText("Доступ открыт до 05.12.2026 15:30")).toBeTruthy();
    const [, init] = fetch.mock.calls.find(([path]) => path === `${API}/open`) ?? [];
    expect(JSON.parse(String(init?.body))).toEqual({ code: "123456" });

    const summary = screen.getByRole("region", { name: "Сводка" });
    expect(within(summary).getByText("Аллергии")).toBeTruthy();
    expect(within(summary).getByText("Пенициллин")).toBeTruthy();
    expect(within(summary).getByText("со слов пациента")).toBeTruthy();
    expect(within(summary).getByText("Группа крови")).toBeTruthy();
    expect(within(summary).getByText("Врач: Врачёва Вера Ивановна")).toBeTruthy();
    const timeline = screen.getByRole("region", { name: "Приёмы и консультации" });
    expect(within(timeline).getByText("Консультация в чате")).toBeTruthy();
    expect(within(timeline).getByText("ОРВИ, обильное питьё.")).toBeTruthy();

    const documents = screen.getByRole("region", { name: "Документы" });
    const open = within(documents).getByRole("link", {
      name: "Открыть PDF «Общий анализ крови» (откроется в новой вкладке)",
    });
    expect(open.getAttribute("href")).toBe(`${API}/documents/${pdf.id}/file`);
    expect(open.getAttribute("target")).toBe("_blank");
    const preview = within(documents).getByRole("img", {
      name: "Заключение кардиолога, изображение",
    });
    expect(preview.getAttribute("src")).toBe(`${API}/documents/${scan.id}/file`);
    const downloads = within(documents).getAllByRole("link", { name: /^Скачать/ });
    expect(downloads.map((link) => link.getAttribute("href"))).toEqual([
      `${API}/documents/${pdf.id}/file?download=1`,
      `${API}/documents/${scan.id}/file?download=1`,
    ]);
    expect(within(documents).getByText(/Из клиники: Клиника «Здоровье»/)).toBeTruthy();
    // Read-only: nothing to change, and no cabinet menu for a visitor without an account.
    expect(screen.queryByRole("button", { name: /Удалить|Изменить|Добавить/ })).toBeNull();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("tells a wrong code under the field with the tries left", async () => {
    answering(active, [
      problem(403, {
        type: "medcard-share-wrong-code",
        title: "Неверный код",
        detail: "Неверный код. Осталось попыток: 4.",
        errors: [{ field: "code", message: "Неверный код. Осталось попыток: 4." }],
      }),
    ]);
    const { user } = renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
    const field = await screen.findByRole("textbox", { name: /Код доступа/ });
    await user.type(field, "654321");
    await user.click(screen.getByRole("button", { name: "Открыть" }));
    expect(await screen.findByText("Неверный код. Осталось попыток: 4.")).toBeTruthy();
    expect(field.getAttribute("aria-invalid")).toBe("true");
  });

  it("refuses anything but six digits before sending", async () => {
    const fetch = answering(active);
    const { user } = renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
    await user.type(await screen.findByRole("textbox", { name: /Код доступа/ }), "12a4");
    await user.click(screen.getByRole("button", { name: "Открыть" }));
    expect(await screen.findByText("Введите 6 цифр кода")).toBeTruthy();
    expect(fetch.mock.calls.some(([path]) => path === `${API}/open`)).toBe(false);
  });

  it("says when to try again once wrong codes are throttled", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-04T09:00:00.000Z") });
    try {
      answering(active, [
        problem(
          429,
          {
            type: "too-many-requests",
            title: "Слишком много неверных кодов",
            detail: "По этой ссылке введено слишком много неверных кодов. Повторите через 15 мин.",
          },
          { "retry-after": "900" },
        ),
      ]);
      const { user } = renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
      await user.type(await screen.findByRole("textbox", { name: /Код доступа/ }), "111111");
      await user.click(screen.getByRole("button", { name: "Открыть" }));
      const alert = await screen.findByRole("alert");
      expect(
        within(alert).getByText(
          "По этой ссылке введено слишком много неверных кодов. Повторите через 15 мин.",
        ),
      ).toBeTruthy();
      expect(within(alert).getByText("Следующая попытка — после 12:15 (МСК).")).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows only the chosen documents of a documents link", async () => {
    answering(active, [
      jsonAnswer(200, {
        ...wholeCard,
        scope: "documents",
        summary: [],
        timeline: [],
        documents: [pdf],
      }),
    ]);
    const { user } = renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
    await user.type(await screen.findByRole("textbox", { name: /Код доступа/ }), "123456");
    await user.click(screen.getByRole("button", { name: "Открыть" }));
    expect(await screen.findByRole("region", { name: "Документы" })).toBeTruthy();
    expect(screen.queryByRole("region", { name: "Сводка" })).toBeNull();
    expect(screen.queryByRole("region", { name: "Приёмы и консультации" })).toBeNull();
    expect(screen.getByText(/Пациент открыл доступ только к выбранным документам/)).toBeTruthy();
  });

  it("says clearly that a link has expired, was revoked, or is unknown", async () => {
    answering({ status: "expired", expiresAt: EXPIRES });
    const expired = renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
    expect(await screen.findByText("Срок действия ссылки истёк")).toBeTruthy();
    expect(screen.getByText(/Ссылка действовала до 05\.12\.2026 15:30/)).toBeTruthy();
    expect(screen.queryByRole("textbox", { name: /Код доступа/ })).toBeNull();
    expired.unmount();

    answering({ status: "revoked", expiresAt: EXPIRES });
    const revoked = renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
    expect(await screen.findByText("Доступ по ссылке отозван")).toBeTruthy();
    revoked.unmount();

    answering(404);
    renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
    expect(await screen.findByText("Ссылка не найдена")).toBeTruthy();
  });

  it("turns to «Доступ по ссылке отозван» when the link is revoked while the code is typed", async () => {
    let status: MedcardShareStatus = active;
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) === `${API}/open`) {
        status = { status: "revoked", expiresAt: EXPIRES };
        return problem(404, {
          type: "medcard-share-revoked",
          title: "Доступ по ссылке отозван",
          detail: "Пациент закрыл доступ по этой ссылке.",
        });
      }
      expect(init?.method ?? "GET").toBe("GET");
      return jsonAnswer(200, status);
    });
    vi.stubGlobal("fetch", fetch);
    const { user } = renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
    await user.type(await screen.findByRole("textbox", { name: /Код доступа/ }), "123456");
    await user.click(screen.getByRole("button", { name: "Открыть" }));
    expect(await screen.findByText("Доступ по ссылке отозван")).toBeTruthy();
    expect(screen.queryByRole("textbox", { name: /Код доступа/ })).toBeNull();
  });

  it("closes the open card when its link ends while the doctor reads it", async () => {
    const soon = new Date(Date.now() + 2000).toISOString();
    answering({ status: "active", expiresAt: soon }, [
      jsonAnswer(200, { ...wholeCard, expiresAt: soon }),
    ]);
    const { user } = renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
    await user.type(await screen.findByRole("textbox", { name: /Код доступа/ }), "123456");
    await user.click(screen.getByRole("button", { name: "Открыть" }));
    expect(await screen.findByText("Смирнова Ольга Петровна")).toBeTruthy();
    expect(
      await screen.findByText("Срок действия ссылки истёк", {}, { timeout: 4000 }),
    ).toBeTruthy();
    expect(screen.queryByText("Смирнова Ольга Петровна")).toBeNull();
  });

  it("asks search engines not to index the page", async () => {
    answering(active);
    renderScreen(<SharedCardPage />, { path: PATH, route: ROUTE });
    await screen.findByRole("textbox", { name: /Код доступа/ });
    const robots = document.querySelector('meta[name="robots"]');
    expect(robots?.getAttribute("content")).toBe("noindex");
  });
});
