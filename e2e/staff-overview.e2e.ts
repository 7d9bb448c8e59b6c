import { randomInt } from "node:crypto";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
const DEMO_PHONE = "+79261111111";
const CERTIFICATE = "11/30117742";
/** Not started yet: its «Пациент 1» may still be replaced. */
const FUTURE_CERTIFICATE = "11/30245190";
const OPERATOR_PASSWORD = "Оператор-обзора-2026";

interface Counts {
  new: number;
  overdue: number;
  mine: number;
}
interface Summary {
  callbacks: Counts | null;
  messages: Counts | null;
  replacements: { pending: number } | null;
}

function api(path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  return apiRequest(browser.baseURL(), path, init);
}

async function signInStaffApi(email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await api("/api/staff/auth/sign-in", { method: "POST", body: { email, password } });
  return sessionCookie(res, "rms_staff_session");
}

let client: string;
let admin: string;
let contracts: { id: string; number: string }[];
let operator: { email: string; temporaryPassword: string | null };
let operatorApi: string | null = null;
/** What this spec's operator took: closed after the spec, so other specs find the contract free. */
const taken: string[] = [];

/**
 * An operator of this spec's own (the demo operator may have TOTP on: accounts.e2e.ts enrols
 * it). Being new, nothing is «в работе» at it but what this spec takes.
 */
async function createOperator() {
  const email = `operator.overview.${randomInt(1e6)}@rms.local`;
  const res = await api("/api/staff/members", {
    method: "POST",
    cookie: admin,
    body: { email, fullName: `Белова Ника ${randomInt(1e6)}`, role: "operator" },
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

/** The operator's API session, once its temporary password has been replaced in the browser. */
async function operatorSession(): Promise<string> {
  operatorApi ??= await signInStaffApi(operator.email, OPERATOR_PASSWORD);
  return operatorApi;
}

function contractId(number: string): string {
  const contract = contracts.find((entry) => entry.number === number);
  if (!contract) throw new Error(`the demo contract ${number} is not on the demo account`);
  return contract.id;
}

/** «Перезвонить мне» on the certificate; an open request left by another spec is cancelled. */
async function clientAsksForCallback(note: string): Promise<string> {
  const id = contractId(CERTIFICATE);
  const mine = (await (await api("/api/callbacks", { cookie: client })).json()) as {
    callbacks: { id: string; contractId: string; status: string }[];
  };
  for (const open of mine.callbacks.filter(
    (callback) => callback.contractId === id && callback.status === "new",
  )) {
    await api(`/api/callbacks/${open.id}/cancel`, { method: "POST", cookie: client });
  }
  const res = await api(`/api/contracts/${id}/callbacks`, {
    method: "POST",
    cookie: client,
    body: { phone: DEMO_PHONE, when: { kind: "asap" }, personSlot: 1, note },
  });
  if (res.status !== 201) throw new Error(`no call-back: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function clientSendsMessage(text: string): Promise<string> {
  const form = new FormData();
  form.append("email", `overview.${randomInt(1e6)}@example.ru`);
  form.append("message", text);
  const base = browser.baseURL();
  const res = await fetch(`${base}/api/contracts/${contractId(CERTIFICATE)}/messages`, {
    method: "POST",
    headers: { origin: base, cookie: client },
    body: form,
  });
  if (res.status !== 201) throw new Error(`no message: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A replacement request on the future certificate; one left pending by another spec is rejected first. */
/** Rejects the pending replacements of the future certificate: a pending one blocks «Изменить». */
async function rejectPendingReplacements(comment: string): Promise<void> {
  const list = (await (
    await api("/api/staff/replacement-requests?status=pending", { cookie: admin })
  ).json()) as { requests: { id: string; contractNumber: string }[] };
  for (const request of list.requests.filter(
    (entry) => entry.contractNumber === FUTURE_CERTIFICATE,
  )) {
    await api(`/api/staff/replacement-requests/${request.id}/reject`, {
      method: "POST",
      cookie: admin,
      body: { comment },
    });
  }
}

async function clientAsksForReplacement(): Promise<void> {
  await rejectPendingReplacements("Отклонено перед проверкой обзора");
  const res = await api(`/api/contracts/${contractId(FUTURE_CERTIFICATE)}/replacement-requests`, {
    method: "POST",
    cookie: client,
    body: {
      lastName: "Иванова",
      firstName: "Мария",
      patronymic: "Сергеевна",
      noPatronymic: false,
      birthDate: "03.09.1987",
      phone: "+7 926 111-11-11",
      email: "",
      reason: "Сертификат куплен для жены",
    },
  });
  if (res.status !== 201) throw new Error(`no replacement request: ${res.status}`);
}

async function summary(cookie: string): Promise<Summary> {
  const res = await api("/api/staff/queues/summary", { cookie });
  if (res.status !== 200) throw new Error(`no summary: ${res.status}`);
  return (await res.json()) as Summary;
}

/** «1 новая», «3 новых»: Russian agrees the word with the number's last digit. */
function word(count: number, one: string, other: string): string {
  return count % 10 === 1 && count % 100 !== 11 ? one : other;
}

/** The words the side menu reads after a queue's link, from its aria-describedby. */
async function description(link: Locator): Promise<string> {
  const id = await link.getAttribute("aria-describedby");
  if (!id) return "";
  return (await link.page().locator(`[id="${id}"]`).textContent()) ?? "";
}

function menuLink(page: Page, name: string): Locator {
  return page.getByRole("navigation", { name: "Разделы консоли" }).getByRole("link", {
    name,
    exact: true,
  });
}

beforeAll(async () => {
  const signIn = await api("/api/auth/sign-in", {
    method: "POST",
    body: { phone: DEMO_PHONE, password: DEMO_PASSWORD },
  });
  client = sessionCookie(signIn, "rms_session");
  admin = await signInStaffApi("admin@rms.local");
  contracts = (
    (await (await api("/api/contracts", { cookie: client })).json()) as {
      contracts: { id: string; number: string }[];
    }
  ).contracts;
  operator = await createOperator();
});

afterAll(async () => {
  // Leave the demo contracts as other specs expect them: no pending replacement, nothing taken.
  await rejectPendingReplacements("Отклонено после проверки обзора");
  if (taken.length === 0) return;
  const me = await operatorSession();
  const { serviceTypes } = (await (
    await api("/api/staff/service-types", { cookie: me })
  ).json()) as { serviceTypes: { id: string }[] };
  const { doctors } = (await (await api("/api/staff/doctors", { cookie: me })).json()) as {
    doctors: { id: string }[];
  };
  const card = (await (
    await api(`/api/staff/contracts/${contractId(CERTIFICATE)}`, { cookie: me })
  ).json()) as { persons: { id: string; slot: number; replacedAt?: string | null }[] };
  const personId = card.persons.find((person) => person.slot === 1 && !person.replacedAt)?.id;
  for (const path of taken) {
    const res = await api(path, {
      method: "POST",
      cookie: me,
      body: {
        serviceTypeId: serviceTypes[0]?.id,
        doctorId: doctors[0]?.id,
        personId,
        outcome: "Закрыто после проверки «Обзора»",
      },
    });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  }
});

describe("«Обзор» and the menu show what waits", () => {
  it("shows the operator each queue's counts as links and the same counts beside the menu links (1280 px)", async () => {
    const n = randomInt(1e6);
    const callbackId = await clientAsksForCallback(`Обзор: перезвоните ${n}`);
    const messageId = await clientSendsMessage(`Обзор: вопрос о приёме ${n}`);
    await clientAsksForReplacement();

    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
    await page.clock.install();
    await staffSignIn(page);
    // An operator starts on «Обзор».
    await page.waitForURL(/\/staff\/overview$/);
    await expectVisible(page.getByRole("heading", { level: 1, name: "Обзор" }));
    expect(await page.getByText("Очередей пока нет").count()).toBe(0);

    // The operator takes the call-back and the message: «в работе у вас» is theirs alone.
    const me = await operatorSession();
    for (const path of [
      `/api/staff/callbacks/${callbackId}/take`,
      `/api/staff/messages/${messageId}/take`,
    ]) {
      expect((await api(path, { method: "POST", cookie: me })).status).toBe(200);
      taken.push(path.replace(/\/take$/, "/close"));
    }
    await page.reload();
    const callbacks = page.getByRole("region", { name: "Обратные звонки" });
    await expectVisible(callbacks.getByRole("link", { name: "Обратные звонки: 1 в работе у вас" }));
    const counts = await summary(me);
    const calls = counts.callbacks as Counts;
    const messages = counts.messages as Counts;
    const pending = counts.replacements?.pending ?? 0;
    expect(calls.mine).toBe(1);
    expect(messages.mine).toBe(1);
    expect(pending).toBeGreaterThanOrEqual(1);

    const newCalls = `${calls.new} ${word(calls.new, "новая", "новых")}`;
    await expectVisible(callbacks.getByRole("link", { name: `Обратные звонки: ${newCalls}` }));
    const messagesRegion = page.getByRole("region", { name: "Сообщения" });
    await expectVisible(
      messagesRegion.getByRole("link", {
        name: `Сообщения: ${messages.new} ${word(messages.new, "новое", "новых")}`,
      }),
    );
    await expectVisible(messagesRegion.getByRole("link", { name: "Сообщения: 1 в работе у вас" }));
    await expectVisible(messagesRegion.getByText("без ответа дольше 24 часов"));
    const replacements = page.getByRole("region", { name: "Заявки на замену" });
    const pendingLink = replacements.getByRole("link", {
      name: `Заявки на замену: ${pending} ${word(pending, "ожидает", "ожидают")} решения`,
    });
    await expectVisible(pendingLink);
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-overview-1280.png", fullPage: true });

    // The menu: the same counts, as badges for the eye and as the link's description in words.
    const callbacksLink = menuLink(page, "Обратные звонки");
    expect(await description(callbacksLink)).toContain("1 в работе у вас");
    if (calls.new > 0) expect(await description(callbacksLink)).toContain(newCalls);
    await expectVisible(callbacksLink.getByText("1", { exact: true }).last());
    expect(await description(menuLink(page, "Сообщения"))).toContain("1 в работе у вас");
    expect(await description(menuLink(page, "Заявки на замену"))).toBe(
      `${pending} ${word(pending, "ожидает", "ожидают")} решения`,
    );

    // A new message reaches the badge at the next refresh, within 30 s, with no reload.
    await clientSendsMessage(`Обзор: ещё вопрос ${n}`);
    const more = messages.new + 1;
    await page.clock.fastForward(31_000);
    await expect
      .poll(() => description(menuLink(page, "Сообщения")), { timeout: 10_000 })
      .toContain(`${more} ${word(more, "новое", "новых")}`);

    // Each count opens its queue.
    await pendingLink.click();
    await page.waitForURL(/\/staff\/replacements\?status=pending$/);
    await expectVisible(page.getByRole("heading", { level: 1, name: "Заявки на замену" }));
    await page.goBack();
    await callbacks.getByRole("link", { name: "Обратные звонки: 1 в работе у вас" }).click();
    await page.waitForURL(/\/staff\/callbacks$/);
    await expectVisible(page.getByText(`Обзор: перезвоните ${n}`));
    expect(consoleErrors).toEqual([]);
  });

  it("fits the counts and the menu's badges to a phone (360 px)", async () => {
    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.phone);
    await staffSignIn(page);
    await page.waitForURL(/\/staff\/overview$/);
    const callbacks = page.getByRole("region", { name: "Обратные звонки" });
    await expectVisible(callbacks.getByRole("link", { name: "Обратные звонки: 1 в работе у вас" }));
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-overview-360.png", fullPage: true });

    await page.getByRole("button", { name: "Открыть меню" }).click();
    const link = menuLink(page, "Обратные звонки");
    await expectVisible(link);
    expect(await description(link)).toContain("1 в работе у вас");
    await expectSound(page);
    await page.screenshot({ path: "/tmp/staff-menu-360.png" });
    await link.click();
    await page.waitForURL(/\/staff\/callbacks$/);

    // A program card says how many people it covers, in words (no raw key).
    await page.goto("/staff/programs");
    await expectVisible(page.getByText(/^До \d+ человека? · /).first());
    expect(await page.getByText("programs.persons").count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it("tells the admin in words what the operator's views were, not in JSON (1280 px)", async () => {
    const members = (await (await api("/api/staff/members", { cookie: admin })).json()) as {
      members: { id: string; email: string }[];
    };
    const id = members.members.find((member) => member.email === operator.email)?.id;
    if (!id) throw new Error("the operator is not listed");
    const { page, consoleErrors } = await browser.open(`/staff/sign-in`, viewports.desktop);
    await staffSignIn(page, "admin@rms.local");
    await page.goto(`/staff/audit?staffId=${id}`);
    const table = page.getByRole("table", { name: "Записи" });
    await expectVisible(table.getByText("Просмотр заявок на обратный звонок").first());
    // The operator opened the open call-backs, one of them theirs.
    await expectVisible(table.getByRole("cell", { name: /^Открытые: \d+ заявк(а|и|ок)$/ }).first());
    const details = await table
      .getByRole("row")
      .evaluateAll((rows) => rows.slice(1).map((row) => row.children[4]?.textContent ?? ""));
    expect(details.length).toBeGreaterThan(0);
    for (const text of details) expect(text).not.toMatch(/[{}"]/);
    await expectSound(page);
    expect(consoleErrors).toEqual([]);
  });
});

describe("the doctor's start", () => {
  for (const [name, viewport] of Object.entries(viewports)) {
    it(`lands a doctor on «Чаты», first in its menu, with the chats on «Обзор» and no replacement counts (${name})`, async () => {
      const { page, consoleErrors } = await browser.open("/staff/sign-in", viewport);
      await staffSignIn(page, "doctor@rms.local");
      await page.waitForURL(/\/staff\/chats$/);
      await expectVisible(page.getByRole("heading", { level: 1, name: "Чаты" }));
      await expectVisible(page.getByRole("tab", { name: /^Очередь/ }));
      if (viewport === viewports.phone)
        await page.getByRole("button", { name: "Открыть меню" }).click();
      const menu = page.getByRole("navigation", { name: "Разделы консоли" }).getByRole("link");
      await expectVisible(menu.first());
      // The links' own labels, without their badges.
      const names = await menu.evaluateAll((links) =>
        links.map((link) => link.querySelector(".mantine-NavLink-label")?.textContent ?? ""),
      );
      expect(names.slice(0, 4)).toEqual(["Чаты", "Сообщения", "Обратные звонки", "Договоры"]);
      await expectSound(page);

      await menuLink(page, "Обзор").click();
      await page.waitForURL(/\/staff\/overview$/);
      await expectVisible(page.getByRole("region", { name: "Сообщения" }));
      await expectVisible(page.getByRole("region", { name: "Чаты" }));
      expect(await page.getByRole("region", { name: "Заявки на замену" }).count()).toBe(0);
      expect(await description(menuLink(page, "Заявки на замену"))).toBe("");
      await expectSound(page);
      expect(consoleErrors).toEqual([]);
    });
  }
});
