import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { startDateRange } from "../../../common/shop/certificate-terms.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { CataloguePage } from "./catalogue.page.tsx";
import { CheckoutPage } from "./checkout.page.tsx";
import { goToPayment } from "./payment-redirect.ts";
import { confirmationUrl, type ShopCall, shopIds, stubShopApi } from "./shop-fakes.ts";

vi.mock("./payment-redirect.ts", () => ({ goToPayment: vi.fn() }));

beforeEach(() => {
  vi.mocked(goToPayment).mockClear();
});

const checkoutRoute = "/cabinet/shop/:programId";

function renderCheckout(programId: string) {
  return renderScreen(<CheckoutPage />, {
    path: `/cabinet/shop/${programId}`,
    route: checkoutRoute,
  });
}

const orderPosts = (calls: ShopCall[]) =>
  calls.filter((call) => call.method === "POST" && call.path === "/api/orders");

const redirectAnswer = () => jsonAnswer(201, { orderId: shopIds.order, confirmationUrl });

describe("«Купить сертификат»", () => {
  it("shows each program with its price, term, for whom, persons and what is included, and «Купить» leads to its checkout", async () => {
    stubShopApi();
    renderScreen(<CataloguePage />, { path: "/shop" });

    expect(
      await screen.findByRole("heading", { level: 1, name: "Купить сертификат" }),
    ).toBeTruthy();
    const single = await screen.findByRole("article", { name: "Позвони Врачу" });
    expect(within(single).getByText(/^2\s900\s₽$/)).toBeTruthy();
    expect(within(single).getByText("12 мес.")).toBeTruthy();
    expect(within(single).getByText("Взрослым")).toBeTruthy();
    expect(within(single).getByText("1 человек")).toBeTruthy();
    const coverage = within(single).getByRole("region", { name: "Что входит" });
    expect(
      within(coverage)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["Консультации терапевта по телефону 24/7", "Расшифровка анализов"]);
    expect(within(single).getByText("Входит чат с врачом в личном кабинете")).toBeTruthy();
    expect(
      within(single).getByRole("link", { name: "Купить: Позвони Врачу" }).getAttribute("href"),
    ).toBe(`/cabinet/shop/${shopIds.callDoctor}`);

    const pair = screen.getByRole("article", { name: "Позвони Врачу плюс" });
    expect(within(pair).getByText(/^5\s400\s₽$/)).toBeTruthy();
    expect(within(pair).getByText("Взрослым и детям")).toBeTruthy();
    expect(within(pair).getByText("до 2 человек")).toBeTruthy();
    // The coverage is Markdown, rendered (bold stays bold), never as raw text.
    expect(within(pair).getByText("Второе мнение").tagName).toBe("STRONG");
  });

  it("says so when no program is sold online, with the contact centre's phone", async () => {
    stubShopApi(({ path }) =>
      path === "/api/shop/programs" ? jsonAnswer(200, { programs: [] }) : undefined,
    );
    renderScreen(<CataloguePage />, { path: "/shop" });

    expect(await screen.findByText("Сейчас нет программ для покупки онлайн")).toBeTruthy();
    const main = screen.getByRole("main");
    expect(
      within(main)
        .getByRole("link", { name: /8 \(800\)/ })
        .getAttribute("href"),
    ).toMatch(/^tel:/);
  });
});

describe("The checkout", () => {
  it("fills Пациент 1 and the e-mail from the account, and sends the order as typed with the offer's version", async () => {
    const calls = stubShopApi(({ method, path }) =>
      method === "POST" && path === "/api/orders" ? redirectAnswer() : undefined,
    );
    const { user } = renderCheckout(shopIds.callDoctor);

    expect(
      await screen.findByRole("heading", { level: 1, name: "Оформление сертификата" }),
    ).toBeTruthy();
    const patient1 = await screen.findByRole("group", { name: "Пациент 1" });
    expect(within(patient1).getByRole("textbox", { name: "Фамилия" })).toHaveProperty(
      "value",
      "Иванов",
    );
    expect(within(patient1).getByRole("textbox", { name: "Имя" })).toHaveProperty(
      "value",
      "Евгений",
    );
    expect(within(patient1).getByRole("textbox", { name: "Отчество" })).toHaveProperty(
      "value",
      "Александрович",
    );
    expect(screen.getByRole("textbox", { name: /E-mail для чека/ })).toHaveProperty(
      "value",
      "client@example.ru",
    );
    // One person only: no second patient to add.
    expect(screen.queryByRole("button", { name: "Добавить пациента 2" })).toBeNull();
    expect(screen.getByText(/^2\s900\s₽$/, { selector: "p" })).toBeTruthy();

    // From tomorrow to 30 days ahead, tomorrow chosen.
    const start = screen.getByRole("combobox", { name: /Дата начала/ });
    const options = within(start).getAllByRole("option");
    const { first, last } = startDateRange();
    expect(options).toHaveLength(30);
    expect(options[0]?.getAttribute("value")).toBe(first);
    expect(options[29]?.getAttribute("value")).toBe(last);
    await user.selectOptions(start, options[2] as HTMLOptionElement);

    // The account's own birth date, as the form shows dates.
    expect(within(patient1).getByRole("textbox", { name: "Дата рождения" })).toHaveProperty(
      "value",
      "20.05.1985",
    );
    await user.click(screen.getByRole("radio", { name: "Через СБП" }));
    const offerLink = screen.getByRole("link", { name: /договора-оферты/ });
    expect(offerLink.getAttribute("href")).toBe("/legal/offer");
    expect(offerLink.getAttribute("target")).toBe("_blank");
    await user.click(screen.getByRole("checkbox", { name: /Я принимаю условия договора-оферты/ }));
    await user.click(screen.getByRole("button", { name: "Перейти к оплате" }));

    await waitFor(() => expect(goToPayment).toHaveBeenCalledWith(confirmationUrl));
    const [post] = orderPosts(calls);
    expect(post?.body).toEqual({
      kind: "certificate",
      checkoutKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
      programId: shopIds.callDoctor,
      persons: [
        {
          lastName: "Иванов",
          firstName: "Евгений",
          patronymic: "Александрович",
          noPatronymic: false,
          birthDate: "20.05.1985",
        },
      ],
      startsOn: options[2]?.getAttribute("value"),
      receiptEmail: "client@example.ru",
      acceptedDocuments: [{ slug: "offer", version: 3 }],
      method: "sbp",
    });
  });

  it("sends nothing until the fields are right: a missing birth date and the offer not accepted are said at their fields", async () => {
    const calls = stubShopApi();
    const { user } = renderCheckout(shopIds.callDoctor);

    const patient1 = await screen.findByRole("group", { name: "Пациент 1" });
    await user.clear(within(patient1).getByRole("textbox", { name: "Имя" }));
    await user.clear(within(patient1).getByRole("textbox", { name: "Дата рождения" }));
    await user.click(screen.getByRole("button", { name: "Перейти к оплате" }));

    const name = within(patient1).getByRole("textbox", { name: "Имя" });
    await waitFor(() => expect(name.getAttribute("aria-invalid")).toBe("true"));
    expect(document.activeElement).toBe(name);
    expect(screen.getByText("Введите имя")).toBeTruthy();
    expect(screen.getByText("Введите дату рождения")).toBeTruthy();
    expect(screen.getByText("Примите условия договора-оферты")).toBeTruthy();
    expect(orderPosts(calls)).toHaveLength(0);
  });

  it("says at the birth date that a program for adults does not take a child", async () => {
    const calls = stubShopApi();
    const { user } = renderCheckout(shopIds.callDoctor);

    const patient1 = await screen.findByRole("group", { name: "Пациент 1" });
    await user.clear(within(patient1).getByRole("textbox", { name: "Дата рождения" }));
    await user.type(within(patient1).getByRole("textbox", { name: "Дата рождения" }), "01.01.2020");
    await user.click(screen.getByRole("checkbox", { name: /договора-оферты/ }));
    await user.click(screen.getByRole("button", { name: "Перейти к оплате" }));

    expect(
      await screen.findByText("Программа для взрослых: пациенту должно быть 18 лет на дату начала"),
    ).toBeTruthy();
    expect(orderPosts(calls)).toHaveLength(0);
  });

  it("offers «Добавить пациента 2» only where the program covers two, and sends both persons", async () => {
    const calls = stubShopApi(({ method, path }) =>
      method === "POST" && path === "/api/orders" ? redirectAnswer() : undefined,
    );
    const { user } = renderCheckout(shopIds.callDoctorPlus);

    const patient1 = await screen.findByRole("group", { name: "Пациент 1" });
    expect(screen.queryByRole("group", { name: "Пациент 2" })).toBeNull();
    await user.clear(within(patient1).getByRole("textbox", { name: "Дата рождения" }));
    await user.type(within(patient1).getByRole("textbox", { name: "Дата рождения" }), "17.05.1980");
    await user.click(screen.getByRole("button", { name: "Добавить пациента 2" }));

    const patient2 = screen.getByRole("group", { name: "Пациент 2" });
    expect(document.activeElement).toBe(within(patient2).getByRole("textbox", { name: "Фамилия" }));
    await user.type(within(patient2).getByRole("textbox", { name: "Фамилия" }), "Иванова");
    await user.type(within(patient2).getByRole("textbox", { name: "Имя" }), "Мария");
    await user.click(within(patient2).getByRole("checkbox", { name: "Нет отчества" }));
    expect(within(patient2).getByRole("textbox", { name: "Отчество" })).toHaveProperty(
      "disabled",
      true,
    );
    await user.type(within(patient2).getByRole("textbox", { name: "Дата рождения" }), "02032012");
    expect(screen.queryByRole("button", { name: "Добавить пациента 2" })).toBeNull();
    await user.click(screen.getByRole("checkbox", { name: /договора-оферты/ }));
    await user.click(screen.getByRole("button", { name: "Перейти к оплате" }));

    await waitFor(() => expect(goToPayment).toHaveBeenCalledTimes(1));
    const body = orderPosts(calls)[0]?.body as { persons: unknown[]; programId: string };
    expect(body.programId).toBe(shopIds.callDoctorPlus);
    expect(body.persons).toEqual([
      expect.objectContaining({ lastName: "Иванов", birthDate: "17.05.1980" }),
      {
        lastName: "Иванова",
        firstName: "Мария",
        patronymic: "",
        noPatronymic: true,
        birthDate: "02.03.2012",
      },
    ]);
  });

  it("makes one order of a double click, and retries after a failure with the same checkoutKey", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let answers = 0;
    const calls = stubShopApi(async ({ method, path }) => {
      if (method !== "POST" || path !== "/api/orders") return undefined;
      answers += 1;
      if (answers > 1) return redirectAnswer();
      // The first answer is held until both clicks are in.
      await gate;
      return jsonAnswer(503, {
        type: "about:blank",
        title: "Платёжная система не отвечает",
        status: 503,
        detail: "Платёжная система сейчас не отвечает. Попробуйте ещё раз через минуту.",
      });
    });
    const { user } = renderCheckout(shopIds.callDoctor);

    const patient1 = await screen.findByRole("group", { name: "Пациент 1" });
    await user.clear(within(patient1).getByRole("textbox", { name: "Дата рождения" }));
    await user.type(within(patient1).getByRole("textbox", { name: "Дата рождения" }), "17.05.1980");
    await user.click(screen.getByRole("checkbox", { name: /договора-оферты/ }));
    await user.dblClick(screen.getByRole("button", { name: "Перейти к оплате" }));
    await waitFor(() => expect(orderPosts(calls)).toHaveLength(1));
    release();

    expect((await screen.findByRole("alert")).textContent).toContain(
      "Платёжная система сейчас не отвечает",
    );
    expect(orderPosts(calls)).toHaveLength(1);
    expect(goToPayment).not.toHaveBeenCalled();

    await user.click(screen.getByRole("button", { name: "Перейти к оплате" }));
    await waitFor(() => expect(goToPayment).toHaveBeenCalledWith(confirmationUrl));
    const posts = orderPosts(calls);
    expect(posts).toHaveLength(2);
    const keys = posts.map((call) => (call.body as { checkoutKey: string }).checkoutKey);
    expect(keys[0]).toBe(keys[1]);
  });

  it("puts the server's field errors at their fields, a second patient's birth date included", async () => {
    stubShopApi(({ method, path }) =>
      method === "POST" && path === "/api/orders"
        ? jsonAnswer(400, {
            type: "about:blank",
            title: "Проверьте поля формы",
            status: 400,
            errors: [
              {
                field: "persons.1.birthDate",
                message: "Программа для детей: пациенту должно быть меньше 18 лет на дату начала",
              },
              {
                field: "startsOn",
                message: "Дата начала — с завтрашнего дня и не позже чем через 30 дней",
              },
            ],
          })
        : undefined,
    );
    const { user } = renderCheckout(shopIds.callDoctorPlus);

    const patient1 = await screen.findByRole("group", { name: "Пациент 1" });
    await user.clear(within(patient1).getByRole("textbox", { name: "Дата рождения" }));
    await user.type(within(patient1).getByRole("textbox", { name: "Дата рождения" }), "17.05.1980");
    await user.click(screen.getByRole("button", { name: "Добавить пациента 2" }));
    const patient2 = screen.getByRole("group", { name: "Пациент 2" });
    await user.type(within(patient2).getByRole("textbox", { name: "Фамилия" }), "Иванова");
    await user.type(within(patient2).getByRole("textbox", { name: "Имя" }), "Мария");
    await user.type(within(patient2).getByRole("textbox", { name: "Отчество" }), "Евгеньевна");
    await user.type(within(patient2).getByRole("textbox", { name: "Дата рождения" }), "02.03.1990");
    await user.click(screen.getByRole("checkbox", { name: /договора-оферты/ }));
    await user.click(screen.getByRole("button", { name: "Перейти к оплате" }));

    const birthDate2 = within(patient2).getByRole("textbox", { name: "Дата рождения" });
    await waitFor(() => expect(birthDate2.getAttribute("aria-invalid")).toBe("true"));
    expect(document.activeElement).toBe(birthDate2);
    expect(
      within(patient2).getByText(
        "Программа для детей: пациенту должно быть меньше 18 лет на дату начала",
      ),
    ).toBeTruthy();
    expect(screen.getByRole("combobox", { name: /Дата начала/ }).getAttribute("aria-invalid")).toBe(
      "true",
    );
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says a program not sold online cannot be bought and links back to the catalogue", async () => {
    stubShopApi();
    renderCheckout("00000000-0000-4000-8000-00000000aa99");

    expect(await screen.findByText("Эту программу нельзя купить онлайн")).toBeTruthy();
    expect(
      screen.getByRole("link", { name: "Выбрать другую программу" }).getAttribute("href"),
    ).toBe("/shop");
  });
});
