import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type {
  DoctorSchedule,
  WeeklyTemplateInput,
} from "../../../common/booking/staff-clinics.schema.ts";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { TemplateFormCard } from "./template-form.tsx";

const DOCTOR = "9a1d2c3b-4e5f-4a6b-8c7d-1e2f3a4b5c33";

function scheduleWith(template: WeeklyTemplateInput): DoctorSchedule {
  return {
    doctor: {
      id: DOCTOR,
      clinicId: "0c7b8f0e-1f7a-4c55-8f0c-3b7e9d2f4a22",
      lastName: "Соколова",
      firstName: "Мария",
      patronymic: null,
      specialty: { id: "7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c44", name: "терапевт" },
      practiceSince: 2008,
      active: true,
      hasTemplate: true,
    },
    clinic: {
      id: "0c7b8f0e-1f7a-4c55-8f0c-3b7e9d2f4a22",
      name: "Клиника",
      bookingMode: "online",
    },
    template,
    exceptions: [],
    upcomingSlots: 80,
    bookedSlots: 1,
  };
}

/** The server: a PUT of the template answers with `answer` (the saved template when omitted). */
function stubServer(answer?: (body: WeeklyTemplateInput) => Response) {
  const fetch = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as WeeklyTemplateInput;
    if (answer) return answer(body);
    return jsonAnswer(200, {
      schedule: scheduleWith(body),
      reconciliation: { added: 80, removed: 3, kept: 1, upcomingSlots: 80 },
    });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the weekly template form", () => {
  it("adds shifts on the following weekdays, refuses a break outside the hours, then sends the template as one body", async () => {
    const fetch = stubServer();
    const onSaved = vi.fn();
    const { user } = renderConsoleForm(
      <TemplateFormCard doctorId={DOCTOR} template={null} onSaved={onSaved} />,
    );
    const form = await screen.findByRole("form", { name: "Недельный шаблон врача" });
    expect(within(form).getByText("Смен нет: врач не принимает по шаблону.")).toBeTruthy();
    await user.click(within(form).getByRole("button", { name: "Добавить смену" }));
    await user.click(within(form).getByRole("button", { name: "Добавить смену" }));
    const first = within(form).getByRole("group", { name: "Смена 1" });
    const second = within(form).getByRole("group", { name: "Смена 2" });
    expect(
      (within(first).getByRole("combobox", { name: "День недели" }) as HTMLSelectElement).value,
    ).toBe("1");
    expect(
      (within(second).getByRole("combobox", { name: "День недели" }) as HTMLSelectElement).value,
    ).toBe("2");
    const slot = within(form).getByRole("textbox", { name: "Длительность приёма, минут" });
    await user.clear(slot);
    await user.type(slot, "20");
    const end = within(second).getByRole("textbox", { name: "Конец приёма" });
    await user.clear(end);
    await user.type(end, "14:00");
    await user.click(within(first).getByRole("button", { name: "Добавить перерыв" }));
    const breakStart = within(first).getByRole("textbox", { name: "Перерыв 1: начало перерыва" });
    const breakEnd = within(first).getByRole("textbox", { name: "Перерыв 1: конец перерыва" });
    await user.clear(breakStart);
    await user.type(breakStart, "18:30");
    await user.clear(breakEnd);
    await user.type(breakEnd, "19:00");
    await user.click(within(form).getByRole("button", { name: "Сохранить шаблон" }));
    expect(await within(first).findByText("Перерыв должен быть внутри часов приёма")).toBeTruthy();
    expect(breakStart.getAttribute("aria-invalid")).toBe("true");
    expect(fetch).not.toHaveBeenCalled();

    await user.clear(breakStart);
    await user.type(breakStart, "13:00");
    await user.clear(breakEnd);
    await user.type(breakEnd, "14:00");
    await user.click(within(form).getByRole("button", { name: "Сохранить шаблон" }));
    await vi.waitFor(() => expect(onSaved).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(String(url)).toBe(`/api/staff/doctors/${DOCTOR}/template`);
    expect(init?.method).toBe("PUT");
    expect(JSON.parse(String(init?.body))).toEqual({
      slotMinutes: 20,
      days: [
        {
          weekday: 1,
          hours: { start: "09:00", end: "18:00" },
          breaks: [{ start: "13:00", end: "14:00" }],
        },
        { weekday: 2, hours: { start: "09:00", end: "14:00" }, breaks: [] },
      ],
    });
    expect(onSaved).toHaveBeenCalledWith({ added: 80, removed: 3, kept: 1, upcomingSlots: 80 });
  });

  it("shows the server's Russian refusal and puts it on the shift's field", async () => {
    stubServer(() =>
      jsonAnswer(400, {
        type: "/problems/validation",
        title: "Проверьте введённые данные",
        status: 400,
        detail: "Смены одного дня не должны пересекаться",
        errors: [
          { field: "days.1.hours.start", message: "Смены одного дня не должны пересекаться" },
        ],
      }),
    );
    const onSaved = vi.fn();
    const { user } = renderConsoleForm(
      <TemplateFormCard
        doctorId={DOCTOR}
        template={{
          slotMinutes: 30,
          days: [
            { weekday: 1, hours: { start: "09:00", end: "13:00" }, breaks: [] },
            { weekday: 3, hours: { start: "14:00", end: "18:00" }, breaks: [] },
          ],
        }}
        onSaved={onSaved}
      />,
    );
    const form = await screen.findByRole("form", { name: "Недельный шаблон врача" });
    await user.click(within(form).getByRole("button", { name: "Сохранить шаблон" }));
    expect(await within(form).findByRole("alert")).toBeTruthy();
    const second = within(form).getByRole("group", { name: "Смена 2" });
    expect(
      within(second).getByRole("textbox", { name: "Начало приёма" }).getAttribute("aria-invalid"),
    ).toBe("true");
    expect(onSaved).not.toHaveBeenCalled();
  });
});
