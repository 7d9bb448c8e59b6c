import type { Page } from "playwright-core";

/** The demo client as the guide's screens show them: «Телефон» and «Пароль». */
export const DEMO_CLIENT = { phone: "+7 926 111-11-11", password: "rms-demo-2026" } as const;

/** Signs the demo client in on «Вход» and waits for «Главная». */
export async function signInDemoClient(page: Page): Promise<void> {
  await page.goto("/cabinet/sign-in");
  await page.getByLabel("Телефон").fill(DEMO_CLIENT.phone);
  await page.getByLabel("Пароль", { exact: true }).fill(DEMO_CLIENT.password);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(/\/cabinet$/);
}
