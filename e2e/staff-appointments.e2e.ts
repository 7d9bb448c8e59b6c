import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, sessionCookie } from "./support/api.ts";
import { expectVisible, setupBrowser, viewports } from "./support/browser.ts";
import {
  createSpecStaffMember,
  type SpecStaffMember,
  signInConsole,
  signInDemoAdmin,
} from "./support/staff.ts";

const browser = setupBrowser();
const DEMO_PASSWORD = "rms-demo-2026";
const DEMO_PHONE = "+79261111111";

function api(path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) {
  return apiRequest(browser.baseURL(), path, init);
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A Moscow date `days` from today as ISO and as the console's «дд.мм.гггг». */
function moscowDay(days: number) {
  const moscow = new Date(Date.now() + 3 * 3_600_000 + days * 86_400_000);
  const iso = moscow.toISOString().slice(0, 10);
  const [year, month, day] = iso.split("-");
  return { iso, ru: `${day}.${month}.${year}` };
}

let client = "";
let admin = "";
let operator: SpecStaffMember;
let person = { id: "", name: "" };
let clinic = { id: "", name: "" };
let specialtyIds: string[] = [];

type ClientAppointment = {
  id: string;
  status: string;
  personId: string;
  startsAt: string | null;
  clinic: { name: string };
};

async function clientAppointments(): Promise<ClientAppointment[]> {
  const body = await json<Record<string, ClientAppointment[]>>(
    await api("/api/appointments", { cookie: client }),
  );
  return Object.values(body).flat();
}

beforeAll(async () => {
  const signedIn = await api("/api/auth/sign-in", {
    method: "POST",
    body: { phone: DEMO_PHONE, password: DEMO_PASSWORD },
  });
  client = sessionCookie(signedIn, "rms_session");
  admin = await signInDemoAdmin(browser.baseURL());
  operator = await createSpecStaffMember(browser.baseURL(), admin, {
    role: "operator",
    emailPrefix: "operator.appointments",
    fullName: "Лебедева Анна",
  });

  const { persons } = await json<{ persons: { id: string; name: string }[] }>(
    await api("/api/booking/persons", { cookie: client }),
  );
  const { specialties } = await json<{ specialties: { id: string }[] }>(
    await api("/api/booking/specialties", { cookie: client }),
  );
  const first = persons[0];
  if (!first) throw new Error("the demo client has no person to book for");
  person = first;
  specialtyIds = specialties.map((specialty) => specialty.id);

  // Another spec's live visit of this person would overlap the request: the clinic cancels them.
  // A visit that has begun (the demo's of yesterday, waiting for its outcome) overlaps nothing.
  for (const left of await clientAppointments()) {
    if (
      left.personId !== person.id ||
      !["requested", "awaiting_letter", "confirmed"].includes(left.status) ||
      (left.startsAt !== null && Date.parse(left.startsAt) <= Date.now())
    ) {
      continue;
    }
    await api(`/api/staff/appointments/${left.id}/cancel`, {
      method: "POST",
      cookie: admin,
      body: { reason: "Освобождаем время для проверки записи по заявке" },
    });
  }
});

/**
 * «Оставить заявку» at a clinic of the person's network that takes requests only and has doctors
 * of the specialty (the network may list a clinic for every specialty).
 */
async function fileRequest(): Promise<{ id: string }> {
  for (const specialtyId of specialtyIds) {
    const { clinics } = await json<{
      clinics: { id: string; name: string; bookingMode: string }[];
    }>(
      await api(`/api/booking/clinics?personId=${person.id}&specialtyId=${specialtyId}`, {
        cookie: client,
      }),
    );
    for (const candidate of clinics.filter((c) => c.bookingMode === "requests_only")) {
      const res = await api("/api/appointment-requests", {
        method: "POST",
        cookie: client,
        body: {
          personId: person.id,
          clinicId: candidate.id,
          specialtyId,
          days: [moscowDay(3).iso],
          timeOfDay: "morning",
          note: "Перезвоните, пожалуйста, после 10",
        },
      });
      if (res.status === 201) {
        clinic = candidate;
        return (await res.json()) as { id: string };
      }
      if (res.status !== 400)
        throw new Error(`the request was refused: ${res.status} ${await res.text()}`);
    }
  }
  throw new Error("no clinic of the demo network takes requests for any specialty");
}

describe("«Записи»: a request to a clinic that takes requests only", () => {
  it("is booked by the operator in the console, and the client sees the confirmed time in «Мои записи»", async () => {
    const request = await fileRequest();

    const { page } = await browser.open("/staff/sign-in", viewports.desktop);
    await signInConsole(page, operator);
    await page.getByRole("link", { name: "Записи" }).click();
    await expectVisible(page.getByRole("heading", { name: "Записи", level: 1 }));
    await page.getByRole("tab", { name: /^Заявки/ }).click();
    await page.getByLabel("Клиника").selectOption(clinic.id);
    await page
      .getByRole("button", { name: `Открыть — ${person.name}` })
      .first()
      .click();
    const dialog = page.getByRole("dialog");
    await expectVisible(dialog.getByText("Перезвоните, пожалуйста, после 10", { exact: false }));
    await dialog.getByRole("button", { name: "Записать" }).click();

    const doctor = dialog.getByRole("combobox", { name: "Врач" });
    await expectVisible(doctor);
    const firstDoctor = await doctor.locator("option").nth(1).getAttribute("value");
    await doctor.selectOption(firstDoctor ?? "");
    const day = moscowDay(3);
    const hour = String(9 + randomInt(9)).padStart(2, "0");
    const minute = ["00", "30"][randomInt(2)] ?? "00";
    await dialog.getByLabel("Дата приёма").fill(day.ru);
    await dialog.getByLabel("Время приёма").fill(`${hour}:${minute}`);
    await dialog.getByRole("button", { name: "Записать" }).click();
    await expectVisible(
      page.getByText(`Клиент записан: ${day.ru} ${hour}:${minute}. Ему придёт уведомление.`),
    );

    const booked = (await clientAppointments()).find((a) => a.id === request.id);
    expect(booked?.status).toBe("confirmed");
    expect(booked?.startsAt).toBe(new Date(`${day.iso}T${hour}:${minute}:00+03:00`).toISOString());

    const cabinet = await browser.open("/cabinet/sign-in", viewports.phone);
    await cabinet.page.getByLabel("Телефон").fill("+7 926 111-11-11");
    await cabinet.page.getByLabel("Пароль", { exact: true }).fill(DEMO_PASSWORD);
    await cabinet.page.getByRole("button", { name: "Войти" }).click();
    await cabinet.page.waitForURL(/\/cabinet$/);
    await cabinet.page.goto(`/cabinet/appointments/${request.id}`);
    await expectVisible(cabinet.page.getByText(clinic.name).first());
    await expectVisible(cabinet.page.getByText("Подтверждена").first());
    await expectVisible(cabinet.page.getByText(`${hour}:${minute}`).first());
  });
});
