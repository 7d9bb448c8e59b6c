import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectSound, expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import { DEMO_CLIENT, signInDemoClient } from "./support/cabinet.ts";
import {
  createSpecStaffMember,
  type SpecStaffMember,
  signInConsole,
  signInDemoAdmin,
} from "./support/staff.ts";

// «Состоялась» in the console's «Записи» writes the appeal the client then sees on the contract.
// The demo seed's visit of yesterday (a therapist, «ДМС Оптимум») waits in «Итог приёма».

const browser = setupBrowser();
const DMS_POLICY = "001-ДМС-2026-004512";

type Appointment = {
  id: string;
  status: string;
  contractId: string;
  personName: string;
  startsAt: string | null;
  clinic: { name: string };
};

let client = "";
let operator: SpecStaffMember;
let visit: Appointment;

function api(path: string, cookie: string) {
  return apiRequest(browser.baseURL(), path, { cookie });
}

beforeAll(async () => {
  const base = browser.baseURL();
  const signedIn = await apiRequest(base, "/api/auth/sign-in", {
    method: "POST",
    body: { phone: DEMO_CLIENT.phone, password: DEMO_CLIENT.password },
  });
  client = sessionCookie(signedIn, "rms_session");
  operator = await createSpecStaffMember(base, await signInDemoAdmin(base), {
    role: "operator",
    emailPrefix: "operator.outcome",
    fullName: "Орлова Вера",
  });
  const { past } = (await (await api("/api/appointments", client)).json()) as {
    past: Appointment[];
  };
  const waiting = past.find((appointment) => appointment.status === "confirmed");
  if (!waiting) throw new Error("the demo seed has no past confirmed visit of the demo client");
  visit = waiting;
});

describe("«Состоялась»", () => {
  it("is marked by the operator in «Итог приёма», and the appeal is on the client's contract page", async () => {
    const { page, consoleErrors } = await browser.open("/staff/sign-in", viewports.desktop);
    await signInConsole(page, operator);
    await page.getByRole("link", { name: "Записи" }).click();
    await expectVisible(page.getByRole("heading", { name: "Записи", level: 1 }));
    await page.getByRole("tab", { name: /^Итог приёма/ }).click();
    await page
      .getByRole("button", { name: `Открыть — ${visit.personName}` })
      .first()
      .click();
    const dialog = page.getByRole("dialog");
    await expectVisible(dialog.getByText(visit.clinic.name).first());
    await dialog.getByRole("button", { name: "Состоялась" }).click();

    // Nothing chosen: the form says what is missing in Russian and sends nothing.
    await dialog.getByRole("button", { name: "Состоялась" }).click();
    await expectVisible(dialog.getByText(/Выберите/).first());
    const serviceType = dialog.getByRole("combobox", { name: "Вид услуги" });
    const serviceTypeName = "Запись в клинику";
    await serviceType.selectOption({ label: serviceTypeName });
    const doctor = dialog.getByRole("combobox", { name: "Врач РМС" });
    await doctor.selectOption((await doctor.locator("option").nth(1).getAttribute("value")) ?? "");
    await dialog
      .getByLabel("Комментарий (необязательно)")
      .fill("Осмотр терапевта, рекомендации даны");
    await expectSound(page);
    await page.screenshot({ path: "/tmp/outcome-1-dialog-1280.png", fullPage: true });
    await dialog.getByRole("button", { name: "Состоялась" }).click();
    await expectVisible(
      page.getByText("Приём отмечен как состоявшийся, обращение записано в договор."),
    );

    const after = (await (
      await api(`/api/appointments/${visit.id}`, client)
    ).json()) as Appointment;
    expect(after.status).toBe("fulfilled");

    // The client's contract page lists the appeal: the service, the person, the clinic.
    const cabinet = await browser.open("/cabinet/sign-in", viewports.phone);
    const { page: phone } = cabinet;
    await signInDemoClient(phone);
    await phone.goto(`/cabinet/contracts/${visit.contractId}`);
    await expectVisible(phone.getByText(DMS_POLICY).first());
    const appeals = phone.getByRole("region", { name: "Обращения" });
    const appeal = appeals
      .getByRole("listitem")
      .filter({ hasText: "Осмотр терапевта, рекомендации даны" });
    await expectVisible(appeal);
    await phone.screenshot({ path: "/tmp/outcome-2-contract-360.png", fullPage: true });
    await expectVisible(appeal.getByText(serviceTypeName, { exact: true }));
    // The appeal names the person by first name and patronymic, as the guide's screens do.
    const given = visit.personName.split(" ").slice(1).join(" ");
    await expectVisible(appeal.getByText(`Пациент: ${given}`, { exact: true }));
    await expectVisible(appeal.getByText(visit.clinic.name, { exact: false }));
    await expectSound(phone);

    // In «Мои записи» the visit is among the past ones as «Состоялась».
    await phone.goto(`/cabinet/appointments/${visit.id}`);
    await expectVisible(phone.getByText("Состоялась", { exact: true }).first());
    expect(consoleErrors).toEqual([]);
    expect(cabinet.consoleErrors).toEqual([]);
  });
});
