import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
const CERTIFICATE = "11/30117742";
const POLICY = "001-ДМС-2026-004512";

async function signIn(page: Page) {
  await page.goto("/cabinet/sign-in");
  await page.getByLabel("Телефон").fill("+7 926 111-11-11");
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/cabinet$/);
}

/** The screen's way up: the first link of the page's main part, shown above its heading. */
async function expectBackLink(page: Page, heading: string, parent: string): Promise<Locator> {
  const main = page.getByRole("main");
  await expectVisible(main.getByRole("heading", { level: 1, name: heading }));
  const back = main.getByRole("link").first();
  expect(await back.textContent()).toBe(parent);
  // One style: an arrow before the parent's title.
  expect(await back.locator("svg").count()).toBe(1);
  return back;
}

describe("the cabinet's inner screens", () => {
  it("go back by one link named by the parent they were opened from (360 px)", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signIn(page);
    const main = page.getByRole("main");

    // From «Главная»: the contract, then «Перезвонить мне» under it, and back up the same way.
    await main.getByRole("link", { name: `Открыть договор ${CERTIFICATE}` }).click();
    await expectBackLink(page, "Описание сертификата", "Главная");
    await main.getByRole("link", { name: "Перезвонить мне" }).click();
    await (await expectBackLink(page, "Перезвонить мне", "Описание сертификата")).click();
    await (await expectBackLink(page, "Описание сертификата", "Главная")).click();
    await expectVisible(main.getByRole("heading", { level: 1, name: "Главная" }));

    // «Перезвонить мне» straight from «Главная» goes back there.
    await main.getByRole("link", { name: `Перезвонить мне по договору ${CERTIFICATE}` }).click();
    await (await expectBackLink(page, "Перезвонить мне", "Главная")).click();

    // «Профиль» → «Мои договоры» → the DMS policy → «Печать», «Переписка».
    await page.getByRole("navigation").getByRole("link", { name: "Профиль" }).click();
    await main.getByRole("link", { name: "Мои договоры" }).click();
    await expectBackLink(page, "Мои договоры", "Профиль");
    await main.getByRole("link", { name: new RegExp(POLICY) }).click();
    await expectBackLink(page, "Описание полиса ДМС", "Мои договоры");
    await main.getByRole("link", { name: "Печать" }).click();
    await (await expectBackLink(page, "Печать", "Описание полиса ДМС")).click();
    await main.getByRole("link", { name: "Переписка по договору" }).click();
    await expectBackLink(page, "Переписка", "Описание полиса ДМС");
    await expectSound(page);
    await (await expectBackLink(page, "Переписка", "Описание полиса ДМС")).click();
    await (await expectBackLink(page, "Описание полиса ДМС", "Мои договоры")).click();
    await expectBackLink(page, "Мои договоры", "Профиль");

    // «Переписка» opened from «Профиль» has its way back too.
    await page.getByRole("navigation").getByRole("link", { name: "Профиль" }).click();
    await main.getByRole("link", { name: "Переписка" }).click();
    await (await expectBackLink(page, "Переписка", "Профиль")).click();
    await main.getByRole("link", { name: "Безопасность" }).click();
    await expectBackLink(page, "Безопасность", "Профиль");

    // The program's procedure goes back to the contract it was opened from.
    await page.goto("/cabinet/contracts");
    await main.getByRole("link", { name: new RegExp(CERTIFICATE.replace("/", "\\/")) }).click();
    await main.getByRole("link", { name: "Порядок получения медицинского обслуживания" }).click();
    await expectBackLink(
      page,
      "Порядок получения медицинского обслуживания",
      "Описание сертификата",
    );

    for (const old of ["Вернуться к договору", "Назад"]) {
      expect(await page.getByText(old, { exact: true }).count()).toBe(0);
    }
    expect(consoleErrors).toEqual([]);
  });

  for (const [name, viewport] of [
    ["360 px", viewports.phone],
    ["1280 px", viewports.desktop],
  ] as const) {
    it(`lays out the certificate's actions as one full-width column on a phone and a row on a desktop (${name})`, async () => {
      const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewport);
      await signIn(page);
      await page.goto("/cabinet/contracts");
      await page.getByRole("link", { name: new RegExp(CERTIFICATE.replace("/", "\\/")) }).click();
      const actions = page.getByRole("group", { name: "Действия по договору" });
      await expectVisible(actions);
      const names = [
        "Перезвонить мне",
        "Отправить сообщение",
        "Печать",
        "Скачать PDF",
        "Переписка по договору",
      ];
      const group = await actions.boundingBox();
      const boxes = [];
      for (const action of names) {
        const box = await actions.getByRole("link", { name: action }).boundingBox();
        if (!box || !group) throw new Error(`no box for «${action}»`);
        boxes.push(box);
      }
      if (!group) throw new Error("no box for the actions");
      if (viewport === viewports.phone) {
        for (const [index, box] of boxes.entries()) {
          expect(Math.abs(box.x - group.x)).toBeLessThan(1);
          expect(Math.abs(box.width - group.width)).toBeLessThan(1);
          if (index > 0) expect(box.y).toBeGreaterThan((boxes[index - 1]?.y ?? 0) + box.height - 1);
        }
      } else {
        // «Перезвонить мне» and «Отправить сообщение» side by side, each as wide as its words.
        expect(boxes[1]?.y).toBe(boxes[0]?.y);
        expect(boxes[0]?.width ?? 0).toBeLessThan(group.width / 2);
      }
      await expectSound(page);
      expect(consoleErrors).toEqual([]);
    });
  }

  it("shows an opened message's text once, and its file's size as the console does", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signIn(page);
    const base = browser.baseURL();
    const cookie = sessionCookie(
      await fetch(`${base}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base },
        body: JSON.stringify({ phone: "+79261111111", password: DEMO_PASSWORD }),
      }),
      "rms_session",
    );
    const contracts = (await (
      await fetch(`${base}/api/contracts`, { headers: { cookie } })
    ).json()) as { contracts: { id: string; number: string }[] };
    const contract = contracts.contracts.find((entry) => entry.number === CERTIFICATE);
    if (!contract) throw new Error(`no ${CERTIFICATE} on the demo account`);
    const text = `Прикладываю выписку ${Date.now()}: нужно ли повторить анализ крови через месяц?`;
    const form = new FormData();
    form.append("email", "ivanov@example.ru");
    form.append("message", text);
    const pdf = Buffer.concat([
      Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"),
      Buffer.alloc(180),
    ]);
    form.append("files", new Blob([pdf], { type: "application/pdf" }), "выписка.pdf");
    const sent = await fetch(`${base}/api/contracts/${contract.id}/messages`, {
      method: "POST",
      headers: { cookie, origin: base },
      body: form,
    });
    expect(sent.status).toBe(201);

    await page.goto("/cabinet/messages");
    const main = page.getByRole("main");
    const thread = main.getByRole("button", { name: new RegExp(text.slice(0, 30)) });
    await expectVisible(thread);
    await thread.click();
    await expectVisible(main.getByRole("link", { name: "выписка.pdf (195 Б)" }));
    expect(await main.getByText(text).count()).toBe(1);
    await expectSound(page);
    expect(consoleErrors).toEqual([]);

    // The same file in the console's «Сообщения»: the same «195 Б».
    const { page: staff } = await browser.open("/staff/sign-in", viewports.desktop);
    await staff.getByLabel("E-mail").fill("doctor@rms.local");
    await staff.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
    await staff.getByRole("button", { name: "Войти" }).click();
    await expectVisible(staff.getByRole("button", { name: "Выйти" }));
    await staff.getByRole("link", { name: "Сообщения", exact: true }).click();
    const item = staff.getByRole("listitem").filter({ hasText: text });
    await expectVisible(item.getByRole("link", { name: "выписка.pdf, 195 Б" }));
  });
});
