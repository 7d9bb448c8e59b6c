import { screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StaffClinicCard } from "../../../common/booking/staff-clinics.schema.ts";
import type { StaffProfile, StaffRole } from "../../../common/staff/staff-auth.schema.ts";
import { SignedInStaffContext } from "../auth/staff-session.ts";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { ClinicCardPage } from "./clinic-card.page.tsx";
import { ClinicsPage } from "./clinics.page.tsx";

const CLINIC = "0c7b8f0e-1f7a-4c55-8f0c-3b7e9d2f4a22";
const THERAPIST = "7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c44";

const card: StaffClinicCard = {
  clinic: {
    id: CLINIC,
    name: "Клиника «Медис» на Таганке",
    address: "Москва, ул. Марксистская, 12",
    metro: "Таганская",
    district: "Таганский",
    latitude: null,
    longitude: null,
    phones: ["+74957010303"],
    openingHours: "Пн–Сб 8:00–21:00",
    bookingMode: "online",
    cancellationCutoffHours: 4,
    whatToBring: null,
    companyDiscountPercent: 15,
    active: true,
    doctorCount: 1,
    serviceCount: 0,
  },
  doctors: [
    {
      id: "9a1d2c3b-4e5f-4a6b-8c7d-1e2f3a4b5c33",
      clinicId: CLINIC,
      lastName: "Соколова",
      firstName: "Мария",
      patronymic: "Игоревна",
      specialty: { id: THERAPIST, name: "терапевт" },
      practiceSince: 2008,
      active: true,
      hasTemplate: true,
    },
  ],
  services: [],
};

function As({ staffRole: role, children }: { staffRole: StaffRole; children: ReactNode }) {
  const staff: StaffProfile = {
    id: "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a55",
    email: `${role}@rms.local`,
    fullName: "Сотрудникова Ирина",
    role,
    totpEnabled: false,
  };
  return <SignedInStaffContext value={staff}>{children}</SignedInStaffContext>;
}

function stubServer() {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (init?.method === "POST") {
      const body = JSON.parse(String(init.body));
      return jsonAnswer(201, {
        service: {
          ...body,
          id: "3b4c5d6e-7f8a-4b9c-8d0e-1f2a3b4c5d77",
          clinicId: CLINIC,
          specialty: { id: THERAPIST, name: "терапевт" },
        },
      });
    }
    if (url.startsWith("/api/staff/specialties")) {
      return jsonAnswer(200, {
        specialties: [{ id: THERAPIST, code: "therapist", name: "терапевт" }],
      });
    }
    if (url.startsWith(`/api/staff/clinics/${CLINIC}`)) return jsonAnswer(200, card);
    return jsonAnswer(200, { clinics: [card.clinic] });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("«Клиники»", () => {
  it("lets an operator search by metro and booking mode, with no way to add a clinic", async () => {
    const fetch = stubServer();
    const { user } = renderConsoleForm(
      <As staffRole="operator">
        <ClinicsPage />
      </As>,
    );
    expect(await screen.findByRole("link", { name: "Клиника «Медис» на Таганке" })).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Добавить клинику" })).toBeNull();
    expect(screen.getByRole("link", { name: "Сети программ" })).toBeTruthy();
    await user.type(
      screen.getByRole("searchbox", { name: "Поиск по названию или метро" }),
      "Таганск",
    );
    await user.selectOptions(
      screen.getByRole("combobox", { name: "Способ записи" }),
      "requests_only",
    );
    await vi.waitFor(() =>
      expect(fetch.mock.calls.map(([url]) => String(url))).toContain(
        "/api/staff/clinics?q=%D0%A2%D0%B0%D0%B3%D0%B0%D0%BD%D1%81%D0%BA&bookingMode=requests_only",
      ),
    );
  });

  it("shows an operator the clinic's doctors and their schedules but no changes", async () => {
    stubServer();
    renderConsoleForm(
      <As staffRole="operator">
        <ClinicCardPage />
      </As>,
      { path: `/staff/clinics/${CLINIC}`, route: "/staff/clinics/:id" },
    );
    expect(
      await screen.findByRole("heading", { level: 1, name: "Клиника «Медис» на Таганке" }),
    ).toBeTruthy();
    expect(screen.getByRole("link", { name: "Расписание — Соколова Мария Игоревна" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "+7 495 701-03-03" })).toBeTruthy();
    expect(screen.queryByRole("link", { name: "Изменить клинику" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Добавить врача" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Отключить/ })).toBeNull();
  });

  it("lets an admin add a service priced in roubles, sent in kopecks", async () => {
    const fetch = stubServer();
    const { user } = renderConsoleForm(
      <As staffRole="admin">
        <ClinicCardPage />
      </As>,
      { path: `/staff/clinics/${CLINIC}`, route: "/staff/clinics/:id" },
    );
    await user.click(await screen.findByRole("button", { name: "Добавить услугу" }));
    const dialog = await screen.findByRole("dialog", { name: "Новая услуга" });
    await user.type(within(dialog).getByRole("textbox", { name: "Код" }), "A01.002");
    await user.type(within(dialog).getByRole("textbox", { name: "Название" }), "Приём терапевта");
    const specialty = within(dialog).getByRole("combobox", { name: "Специальность" });
    await vi.waitFor(() => expect(within(specialty).getAllByRole("option")).toHaveLength(2));
    await user.selectOptions(specialty, THERAPIST);
    const price = within(dialog).getByRole("textbox", { name: "Цена клиники, ₽" });
    await user.type(price, "две тысячи");
    await user.click(within(dialog).getByRole("button", { name: "Сохранить услугу" }));
    expect(
      await within(dialog).findByText("Цена в рублях, например 2500 или 2500,50"),
    ).toBeTruthy();
    expect(fetch.mock.calls.some(([, init]) => init?.method === "POST")).toBe(false);
    await user.clear(price);
    await user.type(price, "2500,5");
    await user.type(within(dialog).getByRole("textbox", { name: /Своя скидка компании/ }), "12,5");
    await user.click(within(dialog).getByRole("button", { name: "Сохранить услугу" }));
    await vi.waitFor(() =>
      expect(fetch.mock.calls.some(([, init]) => init?.method === "POST")).toBe(true),
    );
    const post = fetch.mock.calls.find(([, init]) => init?.method === "POST");
    expect(String(post?.[0])).toBe(`/api/staff/clinics/${CLINIC}/services`);
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({
      code: "A01.002",
      name: "Приём терапевта",
      specialtyId: THERAPIST,
      priceKopecks: 250_050,
      companyDiscountPercent: 12.5,
      isVisit: false,
      active: true,
    });
  });
});
