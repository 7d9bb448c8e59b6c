import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { MedcardPage } from "./medcard.page.tsx";
import {
  childCard,
  doctorAllergy,
  documentOf,
  healthConsent,
  medcardIds,
  ownCard,
  stubMedcardApi,
  stubUploads,
  viewOf,
} from "./medcard-fakes.ts";

function renderMedcard(path = "/cabinet/medcard") {
  return renderScreen(<MedcardPage />, { path, route: "/cabinet/medcard" });
}

describe("«Медкарта»: the consent step", () => {
  it("explains why the consent is asked, links its document and opens the card once it is given", async () => {
    const api = stubMedcardApi({ home: { consentRequired: healthConsent, cards: [ownCard] } });
    const { user } = renderMedcard();

    const step = await screen.findByRole("region", {
      name: "Согласие на обработку сведений о здоровье",
    });
    expect(within(step).getByText(/врачебную тайну/)).toBeTruthy();
    const link = within(step).getByRole("link", {
      name: /^Согласие на обработку сведений о состоянии здоровья/,
    });
    expect(link.getAttribute("href")).toBe("/legal/health-data");
    expect(screen.queryByRole("tab", { name: "Сводка" })).toBeNull();

    await user.click(within(step).getByRole("button", { name: "Дать согласие" }));

    expect(await screen.findByRole("heading", { name: "Иванов Иван Иванович" })).toBeTruthy();
    expect(screen.getByRole("tab", { name: "Сводка" })).toBeTruthy();
    expect(screen.queryByRole("region", { name: /Согласие/ })).toBeNull();
    const posts = api.calls.filter((call) => call.method === "POST");
    expect(posts).toEqual([
      { method: "POST", path: "/api/medcard/consent", body: { version: healthConsent.version } },
    ]);
  });
});

describe("«Медкарта»: a consent due again", () => {
  it("asks for the consent again when the card is refused for want of it (a new version)", async () => {
    const api = stubMedcardApi();
    const fake = vi.mocked(fetch).getMockImplementation();
    vi.mocked(fetch).mockImplementation(async (input, init) => {
      const path = new URL(String(input), "http://localhost").pathname;
      if (path === `/api/medcard/cards/${medcardIds.own}` && init?.method === "GET") {
        api.home = { consentRequired: { ...healthConsent, version: 2 }, cards: [] };
        return jsonAnswer(403, {
          type: "about:blank",
          title: "Доступ запрещён",
          status: 403,
          detail: "Дайте согласие на обработку сведений о состоянии здоровья.",
        });
      }
      if (!fake) throw new Error("no fake fetch");
      return fake(input, init);
    });
    renderMedcard();

    expect(await screen.findByRole("button", { name: "Дать согласие" })).toBeTruthy();
  });
});

describe("«Медкарта»: «Сводка»", () => {
  it("adds an allergy with its reaction: the body names the kind, the text and the note, and the entry shows «со слов пациента»", async () => {
    const api = stubMedcardApi();
    const { user } = renderMedcard();

    const allergies = await screen.findByRole("region", { name: "Аллергии" });
    expect(within(allergies).getByText("Аллергии не указаны.")).toBeTruthy();
    await user.click(within(allergies).getByRole("button", { name: "Добавить" }));
    const dialog = await screen.findByRole("dialog", { name: "Новая аллергия" });
    await user.type(within(dialog).getByRole("textbox", { name: /Аллерген/ }), "Пенициллин");
    await user.type(within(dialog).getByRole("textbox", { name: /Реакция/ }), "Сыпь, отёк губ");
    await user.click(within(dialog).getByRole("button", { name: "Сохранить" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const post = api.calls.find((call) => call.method === "POST");
    expect(post).toEqual({
      method: "POST",
      path: `/api/medcard/cards/${medcardIds.own}/entries`,
      body: { kind: "allergy", text: "Пенициллин", note: "Сыпь, отёк губ" },
    });
    const entry = within(allergies).getByRole("listitem");
    expect(within(entry).getByText("Пенициллин")).toBeTruthy();
    expect(within(entry).getByText("Сыпь, отёк губ")).toBeTruthy();
    expect(within(entry).getByText("со слов пациента")).toBeTruthy();
    expect(within(entry).getByRole("button", { name: /^Изменить\s+«Пенициллин»$/ })).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Запись «Пенициллин» добавлена.");
  });

  it("refuses an allergy with no text before sending anything", async () => {
    const api = stubMedcardApi();
    const { user } = renderMedcard();

    const allergies = await screen.findByRole("region", { name: "Аллергии" });
    await user.click(within(allergies).getByRole("button", { name: "Добавить" }));
    const dialog = await screen.findByRole("dialog", { name: "Новая аллергия" });
    await user.click(within(dialog).getByRole("button", { name: "Сохранить" }));

    const field = within(dialog).getByRole("textbox", { name: /Аллерген/ });
    await waitFor(() => expect(field.getAttribute("aria-invalid")).toBe("true"));
    expect(within(dialog).getByText("Заполните поле")).toBeTruthy();
    expect(api.calls.filter((call) => call.method === "POST")).toEqual([]);
  });

  it("marks a doctor's entry with the doctor's name and offers no change for it", async () => {
    stubMedcardApi({ views: { [ownCard.id]: viewOf(ownCard, { summary: [doctorAllergy] }) } });
    renderMedcard();

    const allergies = await screen.findByRole("region", { name: "Аллергии" });
    const entry = within(allergies).getByRole("listitem");
    expect(within(entry).getByText("Врач: Петрова А. В.")).toBeTruthy();
    expect(within(entry).queryByRole("button")).toBeNull();
  });

  it("removes the client's own entry only after «Удалить запись» in the confirmation", async () => {
    const own = {
      ...doctorAllergy,
      author: { source: "patient" as const, name: null },
      editable: true,
    };
    const api = stubMedcardApi({ views: { [ownCard.id]: viewOf(ownCard, { summary: [own] }) } });
    const { user } = renderMedcard();

    const allergies = await screen.findByRole("region", { name: "Аллергии" });
    await user.click(within(allergies).getByRole("button", { name: /^Удалить\s+«Укусы ос»$/ }));
    const dialog = await screen.findByRole("dialog", { name: "Удалить запись?" });
    await user.click(within(dialog).getByRole("button", { name: "Не удалять" }));
    expect(api.calls.some((call) => call.method === "DELETE")).toBe(false);

    await user.click(within(allergies).getByRole("button", { name: /^Удалить\s+«Укусы ос»$/ }));
    await user.click(
      within(await screen.findByRole("dialog")).getByRole("button", { name: "Удалить запись" }),
    );
    expect(await within(allergies).findByText("Аллергии не указаны.")).toBeTruthy();
    expect(api.calls.filter((call) => call.method === "DELETE").map((call) => call.path)).toEqual([
      `/api/medcard/cards/${medcardIds.own}/entries/${medcardIds.doctorEntry}`,
    ]);
  });

  it("changes the client's own medicine: «Изменить» opens it filled in and sends the new dose with PUT", async () => {
    const own = {
      ...doctorAllergy,
      kind: "medication" as const,
      text: "Метформин",
      note: "500 мг утром",
      author: { source: "patient" as const, name: null },
      editable: true,
    };
    const api = stubMedcardApi({ views: { [ownCard.id]: viewOf(ownCard, { summary: [own] }) } });
    const { user } = renderMedcard();

    const medicines = await screen.findByRole("region", { name: "Регулярные лекарства" });
    await user.click(within(medicines).getByRole("button", { name: /^Изменить\s+«Метформин»$/ }));
    const dialog = await screen.findByRole("dialog", { name: "Изменить лекарство" });
    const dose = within(dialog).getByRole("textbox", { name: /Дозировка и приём/ });
    expect((dose as HTMLTextAreaElement).value).toBe("500 мг утром");
    await user.clear(dose);
    await user.type(dose, "500 мг 2 раза в день");
    await user.click(within(dialog).getByRole("button", { name: "Сохранить" }));

    expect(await within(medicines).findByText("500 мг 2 раза в день")).toBeTruthy();
    expect(api.calls.find((call) => call.method === "PUT")).toEqual({
      method: "PUT",
      path: `/api/medcard/cards/${medcardIds.own}/entries/${medcardIds.doctorEntry}`,
      body: { kind: "medication", text: "Метформин", note: "500 мг 2 раза в день" },
    });
  });

  it("sets the blood group from the eight groups in Russian notation", async () => {
    const api = stubMedcardApi();
    const { user } = renderMedcard();

    const group = await screen.findByRole("region", { name: "Группа крови" });
    await user.click(within(group).getByRole("button", { name: "Добавить" }));
    const dialog = await screen.findByRole("dialog", { name: "Группа крови" });
    expect(within(dialog).getAllByRole("radio")).toHaveLength(8);
    await user.click(within(dialog).getByRole("radio", { name: "A(II) Rh−" }));
    await user.click(within(dialog).getByRole("button", { name: "Сохранить" }));

    expect(await within(group).findByText("A(II) Rh−")).toBeTruthy();
    expect(api.calls.find((call) => call.method === "POST")?.body).toEqual({
      kind: "blood_group",
      text: "A(II) Rh−",
    });
  });
});

describe("«Медкарта»: the person switcher", () => {
  it("lists the account's own card first by its name and a child's by name and birth date, and opens the chosen one", async () => {
    stubMedcardApi({
      home: { consentRequired: null, cards: [childCard, ownCard] },
      views: { [ownCard.id]: viewOf(ownCard), [childCard.id]: viewOf(childCard) },
    });
    const { user } = renderMedcard();

    const switcher = await screen.findByRole("combobox", { name: "Чья медкарта" });
    const options = within(switcher)
      .getAllByRole("option")
      .map((option) => option.textContent);
    expect(options).toEqual(["Иванов Иван Иванович", "Иванова Мария Ивановна, 12.03.2016"]);
    expect(await screen.findByRole("heading", { name: "Иванов Иван Иванович" })).toBeTruthy();

    await user.selectOptions(switcher, childCard.id);
    expect(await screen.findByRole("heading", { name: "Иванова Мария Ивановна" })).toBeTruthy();
  });
});

describe("«Медкарта»: «Приёмы и консультации» and «Документы»", () => {
  it("says what the timeline will hold while it is empty, and shows a chat's conclusion with its doctor", async () => {
    stubMedcardApi();
    const { user, unmount } = renderMedcard("/cabinet/medcard?tab=timeline");
    expect(
      await screen.findByRole("heading", { name: "Приёмов и консультаций пока нет" }),
    ).toBeTruthy();
    unmount();

    stubMedcardApi({
      views: {
        [ownCard.id]: viewOf(ownCard, {
          timeline: [
            {
              id: "appeal:1",
              kind: "appeal",
              at: "2026-04-14T07:20:00.000Z",
              title: "Телефонная консультация",
              doctorName: "Петрова Анна Викторовна",
              clinicName: null,
              conclusion: "ОРВИ, даны рекомендации.",
            },
            {
              id: "chat:1",
              kind: "chat",
              at: "2026-07-02T19:45:00.000Z",
              title: "Консультация в чате",
              doctorName: "Петрова Анна Викторовна",
              clinicName: null,
              conclusion: "Аллергическая реакция на укус насекомого.",
            },
          ],
        }),
      },
    });
    renderMedcard();
    await user.click(await screen.findByRole("tab", { name: "Приёмы и консультации" }));
    const items = within(screen.getByRole("tabpanel")).getAllByRole("listitem");
    expect(items.map((item) => within(item).getByRole("heading").textContent)).toEqual([
      "Консультация в чате",
      "Телефонная консультация",
    ]);
    expect(within(items[0] as HTMLElement).getByText("02.07.2026")).toBeTruthy();
    expect(within(items[0] as HTMLElement).getByText("Врач: Петрова А. В.")).toBeTruthy();
  });

  it("opens a PDF in a new tab, downloads it and offers «Удалить» only for the client's own", async () => {
    stubMedcardApi({
      views: {
        [ownCard.id]: viewOf(ownCard, {
          documents: [
            documentOf(),
            documentOf({
              id: medcardIds.image,
              type: "conclusion",
              title: "Заключение кардиолога",
              author: { source: "clinic", name: "Клиника «Здоровье»" },
              fileName: "kardio.jpg",
              mediaType: "image/jpeg",
              removable: false,
            }),
          ],
        }),
      },
    });
    const { user } = renderMedcard("/cabinet/medcard?tab=documents");

    const panel = await screen.findByRole("tabpanel", { name: "Документы" });
    const items = within(panel).getAllByRole("listitem");
    const pdf = items.find((item) => item.textContent?.includes("Общий анализ крови"));
    const image = items.find((item) => item.textContent?.includes("Заключение кардиолога"));
    const file = `/api/medcard/cards/${medcardIds.own}/documents/${medcardIds.document}/file`;
    const open = within(pdf as HTMLElement).getByRole("link", { name: /^Открыть/ });
    expect(open.getAttribute("href")).toBe(file);
    expect(open.getAttribute("target")).toBe("_blank");
    expect(
      within(pdf as HTMLElement)
        .getByRole("link", { name: /^Скачать/ })
        .getAttribute("href"),
    ).toBe(`${file}?download=1`);
    expect(within(pdf as HTMLElement).getByText("Результаты анализов")).toBeTruthy();
    expect(within(pdf as HTMLElement).getByText("Дата документа: 19.10.2026")).toBeTruthy();
    expect(within(pdf as HTMLElement).getByText("Добавлен вами")).toBeTruthy();
    expect(within(pdf as HTMLElement).getByRole("button", { name: /^Удалить/ })).toBeTruthy();

    expect(within(image as HTMLElement).getByText("Из клиники: Клиника «Здоровье»")).toBeTruthy();
    expect(within(image as HTMLElement).queryByRole("button", { name: /^Удалить/ })).toBeNull();
    await user.click(
      within(image as HTMLElement).getByRole("button", {
        name: "Увеличить: Заключение кардиолога",
      }),
    );
    const enlarged = await screen.findByRole("dialog", { name: "Заключение кардиолога" });
    expect(within(enlarged).getByRole("img").getAttribute("src")).toBe(
      `/api/medcard/cards/${medcardIds.own}/documents/${medcardIds.image}/file`,
    );
  });
});

describe("«Добавить документ»", () => {
  function pdf(name = "analiz.pdf") {
    return new File(["%PDF-1.4\n"], name, { type: "application/pdf" });
  }

  it("sends the type, the name, the date as yyyy-mm-dd and the file, and lists the new document", async () => {
    const api = stubMedcardApi();
    const sent = stubUploads(() => {
      const added = documentOf({
        title: "Выписка из больницы №1",
        type: "discharge",
        documentDate: "2026-11-30",
      });
      api.views[ownCard.id]?.documents.push(added);
      return { status: 201, body: added };
    });
    const { user, container } = renderMedcard("/cabinet/medcard?tab=documents");

    await user.click(await screen.findByRole("button", { name: "Добавить документ" }));
    const dialog = await screen.findByRole("dialog", { name: "Новый документ" });
    await user.selectOptions(
      within(dialog).getByRole("combobox", { name: /Тип документа/ }),
      "Выписка из стационара",
    );
    await user.type(
      within(dialog).getByRole("textbox", { name: /Название/ }),
      "Выписка из больницы №1",
    );
    const date = within(dialog).getByRole("textbox", { name: /Дата документа/ });
    await user.clear(date);
    await user.type(date, "30112026");
    const input = container.ownerDocument.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("the form has no file input");
    await user.upload(input, pdf());
    expect(
      within(dialog).getByText("PDF, JPG или PNG. Размер файла не должен превышать 25 МБ."),
    ).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Добавить документ" }));

    expect(await screen.findByText("Документ «Выписка из больницы №1» добавлен.")).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
    const [upload] = sent;
    if (!upload) throw new Error("nothing was uploaded");
    expect(upload.path).toBe(`/api/medcard/cards/${medcardIds.own}/documents`);
    expect(upload.body.get("type")).toBe("discharge");
    expect(upload.body.get("title")).toBe("Выписка из больницы №1");
    expect(upload.body.get("documentDate")).toBe("2026-11-30");
    expect((upload.body.get("file") as File).name).toBe("analiz.pdf");
    const panel = screen.getByRole("tabpanel", { name: "Документы" });
    expect(within(panel).getByRole("heading", { name: "Выписка из больницы №1" })).toBeTruthy();
  });

  it("refuses a file that is not PDF, JPG or PNG before sending, and shows the server's words for one it refuses", async () => {
    stubMedcardApi();
    const sent = stubUploads(() => ({
      status: 400,
      body: {
        type: "about:blank",
        title: "Проверьте поля",
        status: 400,
        errors: [{ field: "file", message: "analiz.pdf: можно приложить PDF, JPG или PNG." }],
      },
    }));
    const { user, container } = renderMedcard("/cabinet/medcard?tab=documents");

    await user.click(await screen.findByRole("button", { name: "Добавить документ" }));
    const dialog = await screen.findByRole("dialog", { name: "Новый документ" });
    await user.type(within(dialog).getByRole("textbox", { name: /Название/ }), "Анализ");
    const input = container.ownerDocument.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error("the form has no file input");
    // The chooser offers only the three types; a file dropped past it is still checked.
    await userEvent
      .setup({ applyAccept: false })
      .upload(input, new File(["text"], "notes.txt", { type: "text/plain" }));
    expect(within(dialog).getByRole("alert").textContent).toBe(
      "Подходят только файлы PDF, JPG и PNG.",
    );
    await user.click(within(dialog).getByRole("button", { name: "Добавить документ" }));
    expect(sent).toEqual([]);

    await user.click(within(dialog).getByRole("button", { name: "Убрать файл notes.txt" }));
    await user.upload(input, pdf());
    await user.click(within(dialog).getByRole("button", { name: "Добавить документ" }));
    expect(
      await within(dialog).findByText("analiz.pdf: можно приложить PDF, JPG или PNG."),
    ).toBeTruthy();
    expect(sent).toHaveLength(1);
    expect(screen.getByRole("dialog", { name: "Новый документ" })).toBeTruthy();
  });
});

describe("«Показать врачу»", () => {
  it("creates a one-hour link for the whole card and shows its code once, never again after «Готово»", async () => {
    const api = stubMedcardApi();
    const { user } = renderMedcard();

    await user.click(await screen.findByRole("button", { name: "Показать врачу" }));
    let dialog = await screen.findByRole("dialog", { name: "Показать врачу" });
    await user.click(within(dialog).getByRole("radio", { name: "1 час" }));
    expect(
      (within(dialog).getByRole("radio", { name: "Всю медкарту" }) as HTMLInputElement).checked,
    ).toBe(true);
    await user.click(within(dialog).getByRole("button", { name: "Создать ссылку" }));

    expect(await within(dialog).findByText("482913")).toBeTruthy();
    expect(
      (within(dialog).getByRole("textbox", { name: "Ссылка" }) as HTMLInputElement).value,
    ).toBe("http://localhost/medcard-share/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA");
    expect(within(dialog).getByRole("button", { name: "Скопировать ссылку" })).toBeTruthy();
    expect(within(dialog).getByText("Действует до 03.12.2026 в 16:20")).toBeTruthy();
    expect(within(dialog).getByText(/он показан один раз/)).toBeTruthy();
    expect(
      api.calls.find((call) => call.path.endsWith("/shares") && call.method === "POST")?.body,
    ).toEqual({
      hours: 1,
      scope: "card",
    });

    await user.click(within(dialog).getByRole("button", { name: "Готово" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const shares = screen.getByRole("region", { name: "Открытые доступы" });
    expect(await within(shares).findByText("Действует до 03.12.2026 в 16:20")).toBeTruthy();
    expect(screen.queryByText("482913")).toBeNull();

    await user.click(screen.getByRole("button", { name: "Показать врачу" }));
    dialog = await screen.findByRole("dialog", { name: "Показать врачу" });
    expect(within(dialog).getByRole("button", { name: "Создать ссылку" })).toBeTruthy();
    expect(screen.queryByText("482913")).toBeNull();
  });

  it("needs a chosen document for a share of documents only, then sends just those", async () => {
    const api = stubMedcardApi({
      views: {
        [ownCard.id]: viewOf(ownCard, {
          documents: [
            documentOf(),
            documentOf({ id: medcardIds.image, title: "Снимок", mediaType: "image/png" }),
          ],
        }),
      },
    });
    const { user } = renderMedcard();

    await user.click(await screen.findByRole("button", { name: "Показать врачу" }));
    const dialog = await screen.findByRole("dialog", { name: "Показать врачу" });
    await user.click(within(dialog).getByRole("radio", { name: "Выбранные документы" }));
    await user.click(within(dialog).getByRole("button", { name: "Создать ссылку" }));

    expect(await within(dialog).findByText("Выберите хотя бы один документ")).toBeTruthy();
    expect(api.calls.some((call) => call.method === "POST")).toBe(false);

    await user.click(within(dialog).getByRole("checkbox", { name: "Общий анализ крови" }));
    await user.click(within(dialog).getByRole("button", { name: "Создать ссылку" }));
    expect(await within(dialog).findByText("482913")).toBeTruthy();
    expect(api.calls.find((call) => call.method === "POST")?.body).toEqual({
      hours: 24,
      scope: "documents",
      documentIds: [medcardIds.document],
    });
  });

  it("takes a number of hours of the client's own and refuses one past 30 days", async () => {
    const api = stubMedcardApi();
    const { user } = renderMedcard();

    await user.click(await screen.findByRole("button", { name: "Показать врачу" }));
    const dialog = await screen.findByRole("dialog", { name: "Показать врачу" });
    await user.click(within(dialog).getByRole("radio", { name: "Другой срок" }));
    const hours = within(dialog).getByRole("textbox", { name: /Количество часов/ });
    await user.type(hours, "721");
    await user.click(within(dialog).getByRole("button", { name: "Создать ссылку" }));
    await waitFor(() => expect(hours.getAttribute("aria-invalid")).toBe("true"));
    expect(api.calls.some((call) => call.method === "POST")).toBe(false);

    await user.clear(hours);
    await user.type(hours, "12");
    await user.click(within(dialog).getByRole("button", { name: "Создать ссылку" }));
    expect(await within(dialog).findByText("482913")).toBeTruthy();
    expect(api.calls.find((call) => call.method === "POST")?.body).toEqual({
      hours: 12,
      scope: "card",
    });
  });

  it("revokes an open share after the confirmation and shows it «Отозван»", async () => {
    const api = stubMedcardApi({
      shares: [
        {
          id: medcardIds.share,
          scope: "card",
          documentIds: [],
          createdAt: "2026-12-03T11:00:00.000Z",
          expiresAt: "2026-12-03T12:00:00.000Z",
          revokedAt: null,
          status: "active",
          views: [{ openedAt: "2026-12-03T11:20:00.000Z", ip: "192.0.2.10" }],
        },
      ],
    });
    const { user } = renderMedcard();

    const shares = await screen.findByRole("region", { name: "Открытые доступы" });
    expect(await within(shares).findByText("Открыта 03.12.2026 в 14:20")).toBeTruthy();
    expect(within(shares).getByText("Действует")).toBeTruthy();
    await user.click(within(shares).getByRole("button", { name: /^Отозвать/ }));
    const dialog = await screen.findByRole("dialog", { name: "Отозвать доступ?" });
    await user.click(within(dialog).getByRole("button", { name: "Отозвать доступ" }));

    expect(await within(shares).findByText("Отозван")).toBeTruthy();
    expect(within(shares).queryByRole("button", { name: /^Отозвать/ })).toBeNull();
    expect(api.calls.filter((call) => call.method === "POST").map((call) => call.path)).toEqual([
      `/api/medcard/cards/${medcardIds.own}/shares/${medcardIds.share}/revoke`,
    ]);
  });
});
