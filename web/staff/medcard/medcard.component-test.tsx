import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { MedcardView } from "../../../common/medcard/medcard.schema.ts";
import type { StaffProfile } from "../../../common/staff/staff-auth.schema.ts";
import { SignedInStaffContext } from "../auth/staff-session.ts";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { MedcardButton } from "./medcard-button.tsx";

const doctor: StaffProfile = {
  id: "6f1d1a52-3c55-4b0e-9d5e-1f2a3b4c5d6e",
  email: "doctor@rms.local",
  fullName: "Смирнов Олег Петрович",
  role: "doctor",
  totpEnabled: false,
};
const operator: StaffProfile = { ...doctor, role: "operator", fullName: "Операторова Ольга" };

const chatId = "0b7c9a3e-8f0d-4f4a-9c7e-2d1e3f4a5b6c";
const cardId = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
const documentId = "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

const view: MedcardView = {
  card: {
    id: cardId,
    subject: "self",
    fullName: "Иванова Мария Петровна",
    birthDate: "1987-02-11",
  },
  summary: [
    {
      id: "8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a",
      kind: "allergy",
      text: "Пенициллин",
      note: "Крапивница",
      author: { source: "patient", name: null },
      createdAt: "2026-11-01T09:00:00.000Z",
      updatedAt: "2026-11-01T09:00:00.000Z",
      editable: false,
    },
  ],
  timeline: [
    {
      id: "chat:9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b",
      kind: "chat",
      at: "2026-11-20T12:00:00.000Z",
      title: "Консультация в чате",
      doctorName: "Петрова Анна Сергеевна",
      clinicName: null,
      conclusion: "ОРВИ, обильное питьё",
    },
  ],
  documents: [
    {
      id: documentId,
      type: "test_result",
      title: "Общий анализ крови",
      documentDate: "2026-10-05",
      author: { source: "clinic", name: "Клиника «Здоровье»" },
      fileName: "анализ.pdf",
      mediaType: "application/pdf",
      sizeBytes: 204_800,
      createdAt: "2026-10-06T08:00:00.000Z",
      removable: false,
    },
  ],
};

function renderButton(staff: StaffProfile) {
  return renderConsoleForm(
    <SignedInStaffContext value={staff}>
      <MedcardButton source={{ chatId }} />
    </SignedInStaffContext>,
  );
}

type Handler = (url: string, init: RequestInit | undefined) => Response | undefined;

function serve(handler: Handler) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const answer = handler(String(input), init);
    return answer ?? jsonAnswer(404, { title: "Не найдено", status: 404 });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const opened: Handler = (url, init) =>
  url === "/api/staff/medcard/open" && init?.method === "POST"
    ? jsonAnswer(200, { cardId, view })
    : undefined;

describe("«Медкарта пациента» in the console", () => {
  it("is not offered to an operator", async () => {
    renderButton(operator);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole("button", { name: "Медкарта пациента" })).toBeNull();
  });

  it("asks the reason, refuses an empty one, and opens the card with it", async () => {
    const fetch = serve(opened);
    const { user } = renderButton(doctor);

    await user.click(await screen.findByRole("button", { name: "Медкарта пациента" }));
    const dialog = await screen.findByRole("dialog", { name: "Причина доступа" });
    await user.click(within(dialog).getByRole("button", { name: "Открыть медкарту" }));
    const reason = within(dialog).getByRole("textbox", { name: /^Причина доступа/ });
    expect(await within(dialog).findByText(/Укажите причину доступа к медкарте/)).toBeTruthy();
    expect(reason.getAttribute("aria-invalid")).toBe("true");
    expect(fetch).not.toHaveBeenCalled();

    await user.type(reason, "Уточнить аллергии перед назначением");
    await user.click(within(dialog).getByRole("button", { name: "Открыть медкарту" }));

    const card = await screen.findByRole("dialog", { name: "Медкарта пациента" });
    expect(within(card).getByRole("heading", { name: "Иванова Мария Петровна" })).toBeTruthy();
    const [, init] = fetch.mock.calls[0] ?? [];
    expect(JSON.parse(String(init?.body))).toEqual({
      chatId,
      reason: "Уточнить аллергии перед назначением",
    });
    // The opening's answer is shown as it came: no second (audited) read.
    expect(fetch).toHaveBeenCalledTimes(1);

    const allergies = within(card).getByRole("region", { name: "Аллергии" });
    expect(allergies.textContent).toContain("Пенициллин");
    expect(allergies.textContent).toContain("со слов пациента");

    await user.click(within(card).getByRole("tab", { name: "Приёмы и консультации" }));
    expect(await within(card).findByText("ОРВИ, обильное питьё")).toBeTruthy();
    expect(within(card).getByText("Врач: Петрова Анна Сергеевна")).toBeTruthy();

    await user.click(within(card).getByRole("tab", { name: "Документы" }));
    const open = await within(card).findByRole("link", {
      name: /^Открыть документ «Общий анализ крови»/,
    });
    expect(open.getAttribute("href")).toBe(
      `/api/staff/medcard/cards/${cardId}/documents/${documentId}/file`,
    );
    const download = within(card).getByRole("link", {
      name: "Скачать документ «Общий анализ крови»",
    });
    expect(download.getAttribute("href")).toContain("?download=1");
    expect(within(card).getByText(/Из клиники: Клиника «Здоровье»/)).toBeTruthy();
  });

  it("says in the dialog when the patient keeps no card in the cabinet", async () => {
    serve(() =>
      jsonAnswer(404, {
        type: "/problems/not-found",
        title: "Не найдено",
        status: 404,
        detail: "У пациента нет медкарты в личном кабинете",
      }),
    );
    const { user } = renderButton(doctor);
    await user.click(await screen.findByRole("button", { name: "Медкарта пациента" }));
    const dialog = await screen.findByRole("dialog", { name: "Причина доступа" });
    await user.type(
      within(dialog).getByRole("textbox", { name: /^Причина доступа/ }),
      "Консультация в чате",
    );
    await user.click(within(dialog).getByRole("button", { name: "Открыть медкарту" }));
    expect(
      await within(dialog).findByText("У пациента нет медкарты в личном кабинете"),
    ).toBeTruthy();
    expect(screen.queryByRole("dialog", { name: "Медкарта пациента" })).toBeNull();
  });

  it("adds a doctor's entry to «Сводка» and shows the card read again", async () => {
    const entry = {
      id: "0f1a2b3c-4d5e-4f6a-9b7c-8d9e0f1a2b3c",
      kind: "condition" as const,
      text: "Бронхиальная астма",
      note: null,
      author: { source: "doctor" as const, name: "Смирнов Олег Петрович" },
      createdAt: "2026-12-03T09:00:00.000Z",
      updatedAt: "2026-12-03T09:00:00.000Z",
      editable: false,
    };
    const fetch = serve((url, init) => {
      if (url === `/api/staff/medcard/cards/${cardId}/entries` && init?.method === "POST") {
        return jsonAnswer(201, entry);
      }
      if (url === `/api/staff/medcard/cards/${cardId}` && (init?.method ?? "GET") === "GET") {
        return jsonAnswer(200, { ...view, summary: [...view.summary, entry] });
      }
      return opened(url, init);
    });
    const { user } = renderButton(doctor);
    await user.click(await screen.findByRole("button", { name: "Медкарта пациента" }));
    const dialog = await screen.findByRole("dialog", { name: "Причина доступа" });
    await user.type(
      within(dialog).getByRole("textbox", { name: /^Причина доступа/ }),
      "Консультация в чате",
    );
    await user.click(within(dialog).getByRole("button", { name: "Открыть медкарту" }));
    const card = await screen.findByRole("dialog", { name: "Медкарта пациента" });

    await user.click(within(card).getByRole("button", { name: "Добавить запись" }));
    const form = within(card).getByRole("form", { name: "Новая запись в сводке" });
    await user.click(within(form).getByRole("button", { name: "Сохранить запись" }));
    expect(await within(form).findByText("Выберите раздел сводки")).toBeTruthy();

    await user.selectOptions(within(form).getByLabelText("Раздел"), "condition");
    await user.type(within(form).getByLabelText(/^Запись/), "Бронхиальная астма");
    await user.click(within(form).getByRole("button", { name: "Сохранить запись" }));

    expect(
      await within(card).findByText("Запись «Бронхиальная астма» добавлена в сводку."),
    ).toBeTruthy();
    const conditions = within(card).getByRole("region", { name: "Хронические заболевания" });
    await waitFor(() => expect(conditions.textContent).toContain("Врач: Смирнов Олег Петрович"));
    const posted = fetch.mock.calls.find(([url]) => String(url).endsWith("/entries"));
    expect(JSON.parse(String(posted?.[1]?.body))).toMatchObject({
      kind: "condition",
      text: "Бронхиальная астма",
    });
  });

  it("asks for the document's type, date and file before sending anything", async () => {
    const fetch = serve(opened);
    const { user } = renderButton(doctor);
    await user.click(await screen.findByRole("button", { name: "Медкарта пациента" }));
    const dialog = await screen.findByRole("dialog", { name: "Причина доступа" });
    await user.type(
      within(dialog).getByRole("textbox", { name: /^Причина доступа/ }),
      "Консультация в чате",
    );
    await user.click(within(dialog).getByRole("button", { name: "Открыть медкарту" }));
    const card = await screen.findByRole("dialog", { name: "Медкарта пациента" });
    await user.click(within(card).getByRole("tab", { name: "Документы" }));
    await user.click(await within(card).findByRole("button", { name: "Добавить документ" }));
    const form = within(card).getByRole("form", { name: "Новый документ" });
    await user.type(within(form).getByLabelText(/^Дата документа/), "01012099");
    await user.click(within(form).getByRole("button", { name: "Сохранить документ" }));

    expect(await within(form).findByText("Выберите тип документа")).toBeTruthy();
    expect(within(form).getByText("Дата документа не может быть позже сегодняшней")).toBeTruthy();
    expect(within(form).getByText("Приложите файл документа: PDF, JPG или PNG")).toBeTruthy();
    expect(within(form).getByLabelText(/^Файл/).getAttribute("aria-invalid")).toBe("true");
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
