import { randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
const DEMO_PHONE = "+79261111111";
const CERTIFICATE = "11/30117742";
const OPERATOR_PASSWORD = "Оператор-очереди-2026";
const DOCTOR = "Кузнецов Андрей Викторович";
const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n", "latin1"), Buffer.alloc(2048, 0x20)]);

function api(path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  return apiRequest(browser.baseURL(), path, init);
}

async function signInClient(): Promise<string> {
  const res = await api("/api/auth/sign-in", {
    method: "POST",
    body: { phone: DEMO_PHONE, password: DEMO_PASSWORD },
  });
  return sessionCookie(res, "rms_session");
}

async function signInStaffApi(email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await api("/api/staff/auth/sign-in", { method: "POST", body: { email, password } });
  return sessionCookie(res, "rms_staff_session");
}

let client: string;
let contractId: string;
let operator: { email: string; temporaryPassword: string | null };

/**
 * An operator of this spec's own. The demo operator may have TOTP switched on when the whole
 * suite runs (accounts.e2e.ts enrols it), so the admin issues one with a temporary password.
 */
async function createOperator() {
  const admin = await signInStaffApi("admin@rms.local");
  const email = `operator.contact.${randomInt(1e6)}@rms.local`;
  const res = await api("/api/staff/members", {
    method: "POST",
    cookie: admin,
    body: { email, fullName: `Соколова Мария ${randomInt(1e6)}`, role: "operator" },
  });
  if (res.status !== 201) throw new Error(`the operator was not created: ${res.status}`);
  const created = (await res.json()) as { temporaryPassword: string };
  return { email, temporaryPassword: created.temporaryPassword };
}

/** Signs in on the console's page: this spec's operator (its temporary password replaced), or a demo account. */
async function staffSignIn(page: Page, demoEmail?: string) {
  await page.goto("/staff/sign-in");
  await page.getByLabel("E-mail").fill(demoEmail ?? operator.email);
  const password = demoEmail ? DEMO_PASSWORD : (operator.temporaryPassword ?? OPERATOR_PASSWORD);
  await page.getByLabel("Пароль", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  if (!demoEmail && operator.temporaryPassword) {
    await page.getByLabel("Новый пароль").fill(OPERATOR_PASSWORD);
    await page.getByLabel("Повторите пароль").fill(OPERATOR_PASSWORD);
    await page.getByRole("button", { name: "Сохранить пароль" }).click();
    operator.temporaryPassword = null;
  }
  await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
  await expectVisible(page.getByRole("button", { name: "Выйти" }));
}

/** «Перезвонить мне» from the demo client; an open request left by another spec is cancelled. */
async function clientAsksForCallback(note: string): Promise<string> {
  const mine = (await (await api("/api/callbacks", { cookie: client })).json()) as {
    callbacks: { id: string; contractId: string; status: string }[];
  };
  for (const open of mine.callbacks.filter(
    (callback) => callback.contractId === contractId && callback.status === "new",
  )) {
    await api(`/api/callbacks/${open.id}/cancel`, { method: "POST", cookie: client });
  }
  const res = await api(`/api/contracts/${contractId}/callbacks`, {
    method: "POST",
    cookie: client,
    body: { phone: DEMO_PHONE, when: { kind: "asap" }, personSlot: 1, note },
  });
  if (res.status !== 201) throw new Error(`no call-back: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** «Отправить сообщение» with a small PDF, multipart as the cabinet sends it. */
async function clientSendsMessage(text: string, email: string): Promise<void> {
  const form = new FormData();
  form.append("email", email);
  form.append("message", text);
  form.append("files", new Blob([PDF], { type: "application/pdf" }), "анализ.pdf");
  const base = browser.baseURL();
  const res = await fetch(`${base}/api/contracts/${contractId}/messages`, {
    method: "POST",
    headers: { origin: base, cookie: client },
    body: form,
  });
  if (res.status !== 201) throw new Error(`no message: ${res.status} ${await res.text()}`);
}

interface ClientAppeal {
  outcome: string;
  channel: string;
  doctorName: string;
}

async function clientAppeals(): Promise<ClientAppeal[]> {
  const res = await api(`/api/contracts/${contractId}`, { cookie: client });
  return ((await res.json()) as { appeals: ClientAppeal[] }).appeals;
}

/** The queue's item that says `text` somewhere. */
function item(page: Page, text: string): Locator {
  return page.getByRole("listitem").filter({ hasText: text });
}

beforeAll(async () => {
  client = await signInClient();
  const list = (await (await api("/api/contracts", { cookie: client })).json()) as {
    contracts: { id: string; number: string }[];
  };
  const contract = list.contracts.find((entry) => entry.number === CERTIFICATE);
  if (!contract) throw new Error(`the demo certificate ${CERTIFICATE} is not on the demo account`);
  contractId = contract.id;
  operator = await createOperator();
});

describe("the contact centre's queues in the staff console", () => {
  it("takes and closes a call-back, then answers and closes a message with a file (1280 px)", async () => {
    const n = randomInt(1e6);
    const note = `Температура 38,5 — звонок ${n}`;
    const text = `Прошу расшифровать анализ крови ${n}`;
    const email = `ivanov.${n}@example.ru`;
    await clientAsksForCallback(note);
    await clientSendsMessage(text, email);

    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
    await staffSignIn(page);

    await page.getByRole("link", { name: "Обратные звонки", exact: true }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name: "Обратные звонки" }));
    const callback = item(page, note);
    await expectVisible(callback);
    await expectVisible(callback.getByText("Как можно скорее"));
    await expectVisible(callback.getByText("Иванов Иван Иванович").first());
    await expectVisible(callback.getByRole("link", { name: "+7 926 111-11-11" }));
    expect(
      await callback.getByRole("link", { name: "+7 926 111-11-11" }).getAttribute("href"),
    ).toBe(`tel:${DEMO_PHONE}`);
    await expectVisible(callback.getByRole("link", { name: CERTIFICATE }));
    await expectVisible(callback.getByText("Новая"));
    await expectSound(page);

    await callback.getByRole("button", { name: "Взять в работу" }).click();
    await expectVisible(callback.getByText("В работе у вас"));
    await callback.getByRole("button", { name: "Закрыть" }).click();
    const dialog = page.getByRole("dialog", { name: "Закрыть обратный звонок" });
    await expectVisible(dialog.getByLabel("Вид услуги"));
    // An operator must name the doctor: nothing chosen, nothing closed.
    await dialog.getByRole("button", { name: "Закрыть заявку" }).click();
    await expectVisible(dialog.getByText("Выберите вид услуги"));
    await expectVisible(dialog.getByText("Выберите врача"));
    await expectVisible(dialog.getByText("Опишите результат"));
    await expectSound(page);
    await dialog.getByLabel("Вид услуги").selectOption({ label: "Консультация врача по телефону" });
    await dialog.getByLabel("Врач").selectOption({ label: DOCTOR });
    await dialog.getByLabel("Результат").fill(`Даны рекомендации при температуре ${n}`);
    await dialog.getByRole("button", { name: "Закрыть заявку" }).click();
    await expectVisible(page.getByText("Заявка закрыта, обращение записано в договор"));
    await callback.waitFor({ state: "detached" });
    expect(await clientAppeals()).toContainEqual(
      expect.objectContaining({
        channel: "callback",
        outcome: `Даны рекомендации при температуре ${n}`,
      }),
    );
    await page.getByText("Закрытые", { exact: true }).click();
    await expectVisible(item(page, note).getByText("Выполнена"));
    await expectVisible(item(page, note).getByText(`Даны рекомендации при температуре ${n}`));

    await page.getByRole("link", { name: "Сообщения", exact: true }).click();
    await expectVisible(page.getByRole("heading", { level: 1, name: "Сообщения" }));
    const message = item(page, text);
    await expectVisible(message);
    await expectVisible(message.getByRole("link", { name: email }));
    await expectVisible(message.getByRole("link", { name: CERTIFICATE }));
    await expectSound(page);

    const file = message.getByRole("link", { name: "анализ.pdf, 2 КБ" });
    const [download] = await Promise.all([page.waitForEvent("download"), file.click()]);
    expect(download.suggestedFilename()).toBe("анализ.pdf");
    expect((await readFile(await download.path())).equals(PDF)).toBe(true);

    await message.getByRole("button", { name: "Взять в работу" }).click();
    await expectVisible(message.getByText("В работе у вас"));
    await message.getByRole("button", { name: "Ответить" }).click();
    await message.getByRole("button", { name: "Отправить ответ" }).click();
    await expectVisible(message.getByText("Напишите ответ"));
    const answer = `Показатели в норме, повторять анализ не нужно (${n}).`;
    await message.getByLabel("Ответ", { exact: true }).fill(answer);
    await expectSound(page);
    await message.getByRole("button", { name: "Отправить ответ" }).click();
    await expectVisible(message.getByText(`Ответ отправлен на ${email}.`));
    await expectVisible(message.getByRole("list", { name: "Ответы" }).getByText(answer));
    const mail = (await (
      await api(`/api/dev/outbox?email=${encodeURIComponent(email)}`)
    ).json()) as { text: string }[];
    expect(mail.some((entry) => entry.text.includes(answer))).toBe(true);

    await message.getByRole("button", { name: "Закрыть" }).click();
    const closeMessage = page.getByRole("dialog", { name: "Закрыть сообщение" });
    // The certificate covers one person: the form starts on them.
    await expectVisible(closeMessage.getByLabel("Обслуживаемое лицо"));
    expect(
      await closeMessage
        .getByLabel("Обслуживаемое лицо")
        .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent),
    ).toBe("Пациент 1: Иванов Иван Иванович");
    await closeMessage.getByLabel("Вид услуги").selectOption({ label: "Расшифровка анализов" });
    await closeMessage.getByLabel("Врач").selectOption({ label: DOCTOR });
    await closeMessage.getByLabel("Результат").fill(`Расшифрован анализ крови ${n}`);
    await expectSound(page);
    await closeMessage.getByRole("button", { name: "Закрыть сообщение" }).click();
    await expectVisible(page.getByText("Сообщение закрыто, обращение записано в договор"));
    await message.waitFor({ state: "detached" });
    expect(await clientAppeals()).toContainEqual(
      expect.objectContaining({ channel: "message", outcome: `Расшифрован анализ крови ${n}` }),
    );
    expect(consoleErrors).toEqual([]);
  });

  it("fits a phone, says who took a call-back first, and refreshes the queue every 30 s (360 px)", async () => {
    const n = randomInt(1e6);
    const note = `Перезвоните после обеда ${n}`;
    const text = `Вопрос о вызове врача на дом ${n}`;
    const callbackId = await clientAsksForCallback(note);
    await clientSendsMessage(text, `ivanov.${n}@example.ru`);

    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.phone);
    // This phone gets no live stream (204 tells EventSource to stop, without a console error), so
    // its queue is stale until the 30 s poll the console falls back to; the live path has its own
    // test below.
    await page.route("**/api/staff/events", (route) => route.fulfill({ status: 204 }));
    // The page's timers run on a clock the test can move: the 30 s refresh without waiting 30 s.
    await page.clock.install();
    await staffSignIn(page);
    await page.getByRole("button", { name: "Открыть меню" }).click();
    await page.getByRole("link", { name: "Обратные звонки", exact: true }).click();
    const callback = item(page, note);
    await expectVisible(callback);
    await expectSound(page);

    // The doctor takes it meanwhile; the operator's page has not refreshed yet.
    const doctor = await signInStaffApi("doctor@rms.local");
    const taken = await api(`/api/staff/callbacks/${callbackId}/take`, {
      method: "POST",
      cookie: doctor,
    });
    expect(taken.status).toBe(200);
    await callback.getByRole("button", { name: "Взять в работу" }).click();
    await expectVisible(callback.getByText(`Заявку уже взял(а) в работу ${DOCTOR}.`));
    await expectVisible(callback.getByText(`В работе у ${DOCTOR}`));
    expect(await callback.getByRole("button", { name: "Закрыть" }).count()).toBe(0);
    await expectSound(page);

    // The doctor closes the call (a doctor needs not name themselves); the operator's list
    // drops it at its next refresh, with no reload.
    const types = (await (await api("/api/staff/service-types", { cookie: doctor })).json()) as {
      serviceTypes: { id: string; name: string }[];
    };
    const closed = await api(`/api/staff/callbacks/${callbackId}/close`, {
      method: "POST",
      cookie: doctor,
      body: { serviceTypeId: types.serviceTypes[0]?.id, outcome: "Перезвонил, консультация" },
    });
    expect(closed.status).toBe(200);
    await expectVisible(callback);
    await page.clock.fastForward(31_000);
    await callback.waitFor({ state: "detached", timeout: 10_000 });

    await page.getByRole("button", { name: "Открыть меню" }).click();
    await page.getByRole("link", { name: "Сообщения", exact: true }).click();
    const message = item(page, text);
    await expectVisible(message);
    await expectVisible(message.getByRole("link", { name: "анализ.pdf, 2 КБ" }));
    await expectSound(page);
    await message.getByRole("button", { name: "Закрыть" }).click();
    const dialog = page.getByRole("dialog", { name: "Закрыть сообщение" });
    await expectVisible(dialog.getByLabel("Обслуживаемое лицо"));
    await expectSound(page);
    await dialog.getByRole("button", { name: "Отмена" }).first().click();
    await dialog.waitFor({ state: "hidden" });
    expect(consoleErrors.filter((error) => !error.includes("409"))).toEqual([]);
  });
  it("shows another member's take, a close and a new call-back in an open queue at once, with no reload or poll", async () => {
    const n = randomInt(1e6);
    const first = `Перезвоните по результатам ${n}`;
    const second = `Перезвоните вечером ${n}`;
    const firstId = await clientAsksForCallback(first);

    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
    // Timers stand still, so nothing below can come from a poll: only the live stream moves it.
    await page.clock.install();
    await staffSignIn(page);
    await page.getByRole("link", { name: "Обратные звонки", exact: true }).click();
    const taken = item(page, first);
    await expectVisible(taken.getByRole("button", { name: "Взять в работу" }));

    const doctor = await signInStaffApi("doctor@rms.local");
    const take = await api(`/api/staff/callbacks/${firstId}/take`, {
      method: "POST",
      cookie: doctor,
    });
    expect(take.status).toBe(200);
    await expectVisible(taken.getByText(`В работе у ${DOCTOR}`));
    expect(await taken.getByRole("button", { name: "Взять в работу" }).count()).toBe(0);

    const types = (await (await api("/api/staff/service-types", { cookie: doctor })).json()) as {
      serviceTypes: { id: string; name: string }[];
    };
    const closeCall = (id: string) =>
      api(`/api/staff/callbacks/${id}/close`, {
        method: "POST",
        cookie: doctor,
        body: { serviceTypeId: types.serviceTypes[0]?.id, outcome: "Перезвонил" },
      });
    expect((await closeCall(firstId)).status).toBe(200);
    await taken.waitFor({ state: "detached", timeout: 10_000 });

    const secondId = await clientAsksForCallback(second);
    await expectVisible(item(page, second));
    // Closed again, so later specs find the contract free for a new call-back.
    expect((await closeCall(secondId)).status).toBe(200);
    await item(page, second).waitFor({ state: "detached", timeout: 10_000 });
    expect(consoleErrors).toEqual([]);
  });
  it("starts «Врач» on the signed-in doctor, who closes a new call-back without taking it first", async () => {
    const n = randomInt(1e6);
    const note = `Консультация по давлению ${n}`;
    await clientAsksForCallback(note);

    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
    await staffSignIn(page, "doctor@rms.local");
    await page.getByRole("link", { name: "Обратные звонки", exact: true }).click();
    const callback = item(page, note);
    await expectVisible(callback);
    await callback.getByRole("button", { name: "Закрыть" }).click();
    const dialog = page.getByRole("dialog", { name: "Закрыть обратный звонок" });
    const doctorSelect = dialog.getByLabel("Врач");
    await expectVisible(doctorSelect);
    expect(
      await doctorSelect.evaluate(
        (select: HTMLSelectElement) => select.selectedOptions[0]?.textContent,
      ),
    ).toBe(DOCTOR);
    await dialog.getByLabel("Вид услуги").selectOption({ label: "Консультация врача по телефону" });
    await dialog.getByLabel("Результат").fill(`Давление в норме ${n}`);
    await dialog.getByRole("button", { name: "Закрыть заявку" }).click();
    await expectVisible(page.getByText("Заявка закрыта, обращение записано в договор"));
    await callback.waitFor({ state: "detached" });
    expect(await clientAppeals()).toContainEqual(
      expect.objectContaining({
        channel: "callback",
        outcome: `Давление в норме ${n}`,
        doctorName: DOCTOR,
      }),
    );
    expect(consoleErrors).toEqual([]);
  });
});
