import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StaffAppointmentDetail } from "../../../common/booking/staff-appointments.schema.ts";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { AppointmentsPage } from "./appointments.page.tsx";

const ID = "5b0e8a52-8a4e-4d8e-9d38-0b7f1d3c2a11";
const CLINIC = "0c7b8f0e-1f7a-4c55-8f0c-3b7e9d2f4a22";
const DOCTOR = "9a1d2c3b-4e5f-4a6b-8c7d-1e2f3a4b5c33";
const SPECIALTY = "7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c44";

const request: StaffAppointmentDetail = {
  id: ID,
  status: "requested",
  person: {
    id: "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a55",
    name: "Зайцева Мария Игоревна",
    birthDate: "1985-05-05",
  },
  client: { name: "Зайцева Мария Игоревна", phone: "+79261111111" },
  contract: { id: "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c66", number: "11/30117742" },
  programName: "Базовая",
  clinic: {
    id: CLINIC,
    name: "Клиника «Заявочная»",
    address: "Москва, ул. Тестовая, 1",
    phones: ["+74950000001"],
    bookingMode: "requests_only",
  },
  doctor: null,
  specialty: { id: SPECIALTY, name: "дерматолог" },
  service: { id: "3b4c5d6e-7f8a-4b9c-8d0e-1f2a3b4c5d77", name: "Приём дерматолога" },
  startsAt: null,
  endsAt: null,
  coverage: { kind: "covered" },
  request: { days: ["2026-12-10"], timeOfDay: "morning", note: "Удобно после 10" },
  letter: null,
  cancelReason: null,
  appealId: null,
  actions: ["schedule", "cancel"],
  createdAt: "2026-12-02T10:00:00.000Z",
  updatedAt: "2026-12-02T10:00:00.000Z",
  history: [
    {
      at: "2026-12-02T10:00:00.000Z",
      fromStatus: null,
      toStatus: "requested",
      actor: "client",
      actorName: null,
      reason: null,
    },
  ],
};

const summary = {
  counts: { requests: 1, confirm: 0, letters: 0, upcoming: 0, outcome: 0, closed: 0 },
  clinics: [
    {
      id: CLINIC,
      name: "Клиника «Заявочная»",
      address: "Москва, ул. Тестовая, 1",
      bookingMode: "requests_only",
    },
  ],
};

/** The server as «Записи» sees it; POSTs answer with `onPost`. */
function stubServer(onPost: (url: string, body: unknown) => Response) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (init?.method === "POST") {
      return onPost(url, init.body ? JSON.parse(String(init.body)) : undefined);
    }
    if (url.includes("/summary")) return jsonAnswer(200, summary);
    if (url.includes("/booking-options")) {
      return jsonAnswer(200, {
        doctors: [
          {
            id: DOCTOR,
            name: "Белова Ирина Олеговна",
            specialty: { id: SPECIALTY, name: "дерматолог" },
            slots: [],
          },
        ],
      });
    }
    if (url.includes(`/api/staff/appointments/${ID}`))
      return jsonAnswer(200, { appointment: request });
    return jsonAnswer(200, { appointments: [request], hasMore: false });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("«Записи» in the console", () => {
  it("books a request by phone: the form asks for the doctor first, then sends the typed Moscow time", async () => {
    const posts: { url: string; body: unknown }[] = [];
    stubServer((url, body) => {
      posts.push({ url, body });
      return jsonAnswer(200, {
        appointment: {
          ...request,
          status: "confirmed",
          startsAt: "2026-12-10T07:30:00.000Z",
          endsAt: "2026-12-10T08:00:00.000Z",
          actions: ["cancel"],
        },
      });
    });
    const { user } = renderConsoleForm(<AppointmentsPage />, {
      path: "/staff/appointments?queue=requests",
      route: "/staff/appointments",
    });

    expect(await screen.findByRole("tab", { name: "Заявки (1)" })).toBeTruthy();
    await user.click(
      await screen.findByRole("button", { name: "Открыть — Зайцева Мария Игоревна" }),
    );
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText("Клиника «Заявочная»")).toBeTruthy();
    expect(within(dialog).getByText("Удобно после 10", { exact: false })).toBeTruthy();
    await user.click(within(dialog).getByRole("button", { name: "Записать" }));

    await user.click(await within(dialog).findByRole("button", { name: "Записать" }));
    const doctor = within(dialog).getByRole("combobox", { name: "Врач" });
    expect(doctor.getAttribute("aria-invalid")).toBe("true");
    expect(within(dialog).getByText("Выберите врача")).toBeTruthy();
    expect(posts).toEqual([]);

    await user.selectOptions(doctor, DOCTOR);
    await user.type(within(dialog).getByRole("textbox", { name: "Дата приёма" }), "10122026");
    await user.type(within(dialog).getByRole("textbox", { name: "Время приёма" }), "10:30");
    await user.click(within(dialog).getByRole("button", { name: "Записать" }));

    expect(
      await screen.findByText("Клиент записан: 10.12.2026 10:30. Ему придёт уведомление."),
    ).toBeTruthy();
    expect(posts).toEqual([
      {
        url: `/api/staff/appointments/${ID}/schedule`,
        body: { doctorId: DOCTOR, startsAt: "2026-12-10T10:30:00+03:00", durationMinutes: 30 },
      },
    ]);
  });

  it("asks for the reason of a clinic's cancellation and shows the server's refusal", async () => {
    stubServer(() =>
      jsonAnswer(409, {
        type: "/problems/conflict",
        status: 409,
        title: "Действие невозможно",
        detail: "Запись только что изменил другой сотрудник или клиент: обновите карточку.",
      }),
    );
    const { user } = renderConsoleForm(<AppointmentsPage />, {
      path: "/staff/appointments",
      route: "/staff/appointments",
    });
    await user.click(
      await screen.findByRole("button", { name: "Открыть — Зайцева Мария Игоревна" }),
    );
    const dialog = await screen.findByRole("dialog");
    await user.click(
      await within(dialog).findByRole("button", { name: "Отменить по просьбе клиники" }),
    );
    await user.click(within(dialog).getByRole("button", { name: "Отменить запись" }));
    const reason = within(dialog).getByRole("textbox", { name: "Причина отмены" });
    expect(reason.getAttribute("aria-invalid")).toBe("true");
    expect(within(dialog).getByText("Напишите причину отмены: её увидит клиент")).toBeTruthy();

    await user.type(reason, "Врач заболел");
    await user.click(within(dialog).getByRole("button", { name: "Отменить запись" }));
    expect(
      await within(dialog).findByText(
        "Запись только что изменил другой сотрудник или клиент: обновите карточку.",
      ),
    ).toBeTruthy();
  });
});
