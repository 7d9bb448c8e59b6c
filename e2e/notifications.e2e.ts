import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { DEMO_CLIENT, signInDemoClient } from "./support/cabinet.ts";

const browser = setupBrowser();
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const DEMO_PHONE = "+79261111111";

interface OutboxMessage {
  to: string;
  text: string;
  createdAt: string;
}

/** The SMS the demo client was sent after `since`, newest first, from the dev outbox. */
async function smsSince(since: number): Promise<OutboxMessage[]> {
  const res = await fetch(
    `${browser.baseURL()}/api/dev/outbox?phone=${encodeURIComponent(DEMO_PHONE)}`,
  );
  const messages = (await res.json()) as OutboxMessage[];
  return messages.filter((message) => Date.parse(message.createdAt) >= since);
}

/** Waits until an SMS after `since` matches `pattern` (the outbox is fed by a job queue). */
async function waitForSms(since: number, pattern: RegExp): Promise<OutboxMessage[]> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const messages = await smsSince(since);
    if (messages.some((message) => pattern.test(message.text))) return messages;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no SMS matching ${pattern} in 30 s`);
}

/** Books the first free time «По программе» from tomorrow on, as booking.e2e.ts does; its id. */
async function bookCoveredVisit(page: Page): Promise<string> {
  const main = page.getByRole("main");
  await page.goto("/cabinet");
  await main.getByRole("link", { name: "Записаться к врачу" }).first().click();
  await page.waitForURL("**/cabinet/booking");
  await main.getByRole("region", { name: "Для кого" }).getByRole("button").first().click();
  await main.getByRole("button", { name: "Терапевт", exact: true }).click();
  const covered = main
    .getByRole("listitem")
    .filter({ hasText: "По программе" })
    .getByRole("button", { name: /^Выбрать время: / });
  await expectVisible(covered.first());
  await covered.first().click();
  const days = main.getByRole("group", { name: "День" }).getByRole("button");
  await expectVisible(days.first());
  const count = await days.count();
  let chosen = false;
  for (let index = 1; index < count && !chosen; index += 1) {
    await days.nth(index).click();
    const times = main.getByRole("button", { name: /^\d\d:\d\d, .*, По программе$/ });
    if ((await times.count()) > 0) {
      await times.first().click();
      chosen = true;
    }
  }
  if (!chosen) throw new Error("no covered time in 14 days");
  await main.getByRole("button", { name: "Подтвердить запись" }).click();
  await page.waitForURL(new RegExp(`/cabinet/booking/done/${UUID}$`));
  return new RegExp(`/done/(${UUID})$`).exec(page.url())?.[1] ?? "";
}

describe("notifications in the browser", () => {
  it("at 360 px: SMS reminders turned off stay off, a new booking brings its SMS and no reminder SMS, and the centre shows it unread until opened", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await signInDemoClient(page);
    const main = page.getByRole("main");
    const header = page.getByRole("banner");
    await expectVisible(header.getByRole("link", { name: /^Уведомления/ }));

    // «Профиль» → «Уведомления».
    await page
      .getByRole("navigation", { name: "Главное меню" })
      .getByRole("link", { name: "Профиль" })
      .click();
    await expectVisible(main.getByRole("link", { name: "Уведомления" }));
    await page.screenshot({ path: "/tmp/notifications-profile-360.png", fullPage: true });
    await main.getByRole("link", { name: "Уведомления" }).click();
    await page.waitForURL("**/cabinet/profile/notifications");
    const reminders = main.getByRole("group", { name: "Напоминания о приёме" });
    await expectVisible(reminders);
    const reminderSms = reminders.getByRole("checkbox", { name: "SMS" });
    expect(await reminderSms.isChecked()).toBe(true);
    const quiet = main.getByRole("group", { name: "Не беспокоить" });
    expect(await quiet.getByLabel("С", { exact: true }).inputValue()).toBe("21:00");
    expect(await quiet.getByLabel("До", { exact: true }).inputValue()).toBe("09:00");
    const push = main.getByRole("region", { name: "Push-уведомления на этом устройстве" });
    await expectVisible(push);
    // The push state is known, with no browser question on load: that waits for the client's tap.
    await expectVisible(
      push
        .getByRole("button", { name: "Включить push-уведомления" })
        .or(push.getByText(/Этот браузер|запрещены|не отправляются|включены/))
        .first(),
    );
    await expectSound(page);
    await page.screenshot({ path: "/tmp/notifications-settings-360.png", fullPage: true });

    await reminderSms.uncheck();
    // The booking's own SMS is not held back until morning, whenever this runs.
    await quiet.getByRole("checkbox").uncheck();
    await main.getByRole("button", { name: "Сохранить" }).click();
    await expectVisible(main.getByText("Настройки уведомлений сохранены."));
    await page.reload();
    await expectVisible(reminders);
    expect(await reminderSms.isChecked()).toBe(false);
    expect(await reminders.getByRole("checkbox", { name: "E-mail" }).isChecked()).toBe(true);
    expect(await quiet.getByRole("checkbox").isChecked()).toBe(false);

    // A new appointment: its SMS comes. Its reminder, sent now through the dev outbox as it
    // would go at its own moment (a day or two hours before), reaches the centre and no SMS.
    const since = Date.now() - 1000;
    const appointmentId = await bookCoveredVisit(page);
    await waitForSms(since, /РМС: (запись подтверждена|вы записаны)/);
    const reminded = await fetch(
      `${browser.baseURL()}/api/dev/appointments/${appointmentId}/reminder`,
      { method: "POST" },
    );
    expect(reminded.status, await reminded.clone().text()).toBe(200);
    expect(((await reminded.json()) as { kind: string }).kind).toMatch(
      /^(day_before|two_hours_before)$/,
    );

    // The centre: the appointment's notifications, unread, named in the header's count.
    const bell = header.getByRole("link", { name: /^Уведомления, \d+ непрочитанн/ });
    await expectVisible(bell);
    await bell.click();
    await page.waitForURL("**/cabinet/notifications");
    const ofAppointment = main
      .getByRole("listitem")
      .filter({ has: page.locator(`a[href="/cabinet/appointments/${appointmentId}"]`) });
    const item = ofAppointment.filter({ hasText: "Напоминание о приёме" });
    await expectVisible(item);
    await expectVisible(item.getByText("Новое", { exact: true }));
    // The booking's own notice comes by its event, maybe after the reminder: both are there, and
    // the header's count has caught up with the server's before it is compared.
    await expect.poll(() => ofAppointment.count(), { timeout: 15_000 }).toBe(2);
    const unread = () =>
      page.evaluate(async () => {
        const res = await fetch("/api/notifications/unread");
        return ((await res.json()) as { unread: number }).unread;
      });
    const before = await unread();
    expect(before).toBeGreaterThan(1);
    await expectVisible(
      header.getByRole("link", { name: new RegExp(`^Уведомления, ${before} непрочитанн`) }),
    );
    // The reminder went (it is in the centre), and by no SMS: the setting held.
    expect((await smsSince(since)).filter((message) => /напоминаем/i.test(message.text))).toEqual(
      [],
    );
    await expectSound(page);
    await page.screenshot({ path: "/tmp/notifications-centre-360.png", fullPage: true });

    // Opening it marks it read: the count goes down and the mark is gone.
    await item.getByRole("link").click();
    await page.waitForURL(`**/cabinet/appointments/${appointmentId}`);
    const after = before - 1;
    await expectVisible(
      header.getByRole("link", {
        name: after === 0 ? "Уведомления" : new RegExp(`^Уведомления, ${after} непрочитанн`),
        exact: after === 0,
      }),
    );
    await page.goBack();
    await page.waitForURL("**/cabinet/notifications");
    await expectVisible(item);
    expect(await item.getByText("Новое", { exact: true }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it("at 1280 px: a sign-in from a new device appears live in the open centre, and «Отметить все как прочитанные» clears the count", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.desktop);
    await signInDemoClient(page);
    const main = page.getByRole("main");
    const header = page.getByRole("banner");
    await header.getByRole("link", { name: /^Уведомления/ }).click();
    await page.waitForURL("**/cabinet/notifications");
    await expectVisible(main.getByRole("heading", { level: 1, name: "Уведомления" }));

    // The demo client signs in on an iPhone it never used: the security notice comes over the
    // live stream, with no reload of the open centre.
    const signedIn = await fetch(`${browser.baseURL()}/api/auth/sign-in`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: browser.baseURL(),
        "user-agent":
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      },
      body: JSON.stringify({ phone: DEMO_CLIENT.phone, password: DEMO_CLIENT.password }),
    });
    expect(signedIn.status).toBe(200);
    const notice = main
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: "Вход с нового устройства" }) })
      .first();
    await expectVisible(notice);
    await expectVisible(notice.getByText("Новое", { exact: true }));
    await expectVisible(header.getByRole("link", { name: /^Уведомления, \d+ непрочитанн/ }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/notifications-centre-1280.png", fullPage: true });

    await main.getByRole("button", { name: "Отметить все как прочитанные" }).click();
    await expectVisible(main.getByText("Непрочитанных нет."));
    await expectVisible(header.getByRole("link", { name: "Уведомления", exact: true }));
    expect(await main.getByText("Новое", { exact: true }).count()).toBe(0);
    // Read again from the server: the marks are kept.
    await page.reload();
    await expectVisible(notice);
    expect(await main.getByText("Новое", { exact: true }).count()).toBe(0);
    await expectVisible(header.getByRole("link", { name: "Уведомления", exact: true }));

    await main.getByRole("link", { name: "Настроить уведомления" }).click();
    await page.waitForURL("**/cabinet/profile/notifications");
    await expectVisible(main.getByRole("group", { name: "Ответ врача в чате" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/notifications-settings-1280.png", fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it("the cabinet's worker shows a push as its notification, tagged by its id, with the cabinet address a tap opens", async () => {
    const { page, consoleErrors } = await browser.open("/cabinet/sign-in", viewports.phone);
    await page.context().grantPermissions(["notifications"], { origin: browser.baseURL() });
    await signInDemoClient(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // Chromium's DevTools «Push» button: the push event, without a push service.
    const cdp = await page.context().newCDPSession(page);
    const registrations = new Map<string, string>();
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations: updated }) => {
      for (const { registrationId, scopeURL } of updated)
        registrations.set(scopeURL, registrationId);
    });
    await cdp.send("ServiceWorker.enable");
    const scope = `${browser.baseURL()}/cabinet`;
    for (let attempt = 0; attempt < 40 && !registrations.has(scope); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const registrationId = registrations.get(scope);
    expect(registrationId).toBeDefined();
    const payload = {
      notificationId: "6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
      title: "Врач ответил в чате",
      body: "Откройте чат, чтобы прочитать ответ.",
      url: "/cabinet/chat",
    };
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: browser.baseURL(),
      registrationId: registrationId ?? "",
      data: JSON.stringify(payload),
    });
    const shownNotifications = () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        return (await registration.getNotifications()).map(({ title, body, tag, data }) => ({
          title,
          body,
          tag,
          data: data as unknown,
        }));
      });
    let shown = await shownNotifications();
    for (let attempt = 0; attempt < 50 && shown.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      shown = await shownNotifications();
    }
    expect(shown).toEqual([
      {
        title: payload.title,
        body: payload.body,
        tag: payload.notificationId,
        data: { notificationId: payload.notificationId, url: "/cabinet/chat" },
      },
    ]);
    expect(consoleErrors).toEqual([]);
  });
});
