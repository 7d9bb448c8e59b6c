import { screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import type { SlotView } from "../../../common/booking/booking.schema.ts";
import type { ChatMessage, StaffChat } from "../../../common/chat/chat.schema.ts";
import type { StaffProfile } from "../../../common/staff/staff-auth.schema.ts";
import { SignedInStaffContext } from "../auth/staff-session.ts";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { OfferForm } from "./offer-slots-dialog.tsx";

const doctor: StaffProfile = {
  id: "6f1d1a52-3c55-4b0e-9d5e-1f2a3b4c5d6e",
  email: "doctor@rms.local",
  fullName: "Смирнов Олег Петрович",
  role: "doctor",
  totpEnabled: false,
};

const chatId = "0b7c9a3e-8f0d-4f4a-9c7e-2d1e3f4a5b6c";

const chat: StaffChat = {
  id: chatId,
  status: "active",
  personId: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
  personName: "Иванов Иван Иванович",
  personBirthDate: "1985-03-14",
  personAge: 41,
  contractId: "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a",
  contractNumber: "СЕРТ-000123",
  programName: "Врач на связи",
  clientName: "Иванов Иван Иванович",
  doctor: { id: doctor.id, name: doctor.fullName, specialty: "терапевт" },
  createdAt: "2026-12-01T09:00:00.000Z",
  waitingSince: null,
  overdue: false,
  messages: [],
  transfers: [],
  conclusion: null,
  rating: null,
  canTake: false,
  canReply: true,
};

const ent = { id: "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e", name: "оториноларинголог" };
const north = {
  id: "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f",
  name: "Клиника «Север»",
  address: "ул. Северная, 1",
  metro: null,
  district: null,
  phone: null,
};
const south = { ...north, id: "9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a", name: "Клиника «Юг»" };

function slotAt(index: number, clinic = north): SlotView {
  const startsAt = new Date(Date.UTC(2026, 11, 10, 6 + index, 0)).toISOString();
  return {
    id: `00000000-0000-4000-8000-00000000510${index}`,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
    doctor: {
      id: "00000000-0000-4000-8000-0000000000d7",
      name: "Соколова Мария",
      specialty: ent,
      yearsOfPractice: 9,
    },
    clinic,
    service: { id: "00000000-0000-4000-8000-00000000005e", name: "Приём ЛОР-врача" },
    coverage: { kind: "covered" },
    cancellationCutoffHours: 4,
  };
}

// 09:00 … 12:00 Moscow on Thursday, 10 December 2026; the last one at another clinic.
const slots = [slotAt(0), slotAt(1), slotAt(2), slotAt(3, south)];

function urlOf(input: unknown): string {
  return typeof input === "string" ? input : input instanceof Request ? input.url : String(input);
}

function AsDoctor({ children }: { children: ReactNode }) {
  return <SignedInStaffContext value={doctor}>{children}</SignedInStaffContext>;
}

function renderOffer(answerOffer: (body: unknown) => Response) {
  const asked: string[] = [];
  const posted: unknown[] = [];
  const fetch = vi.fn(async (input: unknown, init?: RequestInit) => {
    const url = urlOf(input);
    asked.push(url);
    if (url === "/api/staff/chat-specialties") return jsonAnswer(200, { specialties: [ent] });
    if (url.startsWith(`/api/staff/chats/${chatId}/slots`)) {
      const clinicId = new URL(url, "http://x").searchParams.get("clinicId");
      return jsonAnswer(200, {
        slots: clinicId ? slots.filter((slot) => slot.clinic.id === clinicId) : slots,
      });
    }
    if (url === `/api/staff/chats/${chatId}/offers`) {
      const body = JSON.parse(String(init?.body)) as unknown;
      posted.push(body);
      return answerOffer(body);
    }
    return jsonAnswer(200, chat);
  });
  vi.stubGlobal("fetch", fetch);
  const onOffered = vi.fn();
  const view = renderConsoleForm(
    <AsDoctor>
      <OfferForm chat={chat} onCancel={() => undefined} onOffered={onOffered} />
    </AsDoctor>,
    { path: `/staff/chats/${chatId}` },
  );
  return { ...view, asked, posted, onOffered };
}

const times = () => within(screen.getByRole("group", { name: /^Свободное время/ }));

describe("«Предложить время»", () => {
  it("lists the network's free times, lets at most three be chosen, and sends them with the message", async () => {
    const { user, posted, onOffered, asked } = renderOffer((body) => {
      const message: ChatMessage = {
        id: "00000000-0000-4000-8000-0000000000e5",
        clientMessageId: (body as { clientMessageId: string }).clientMessageId,
        author: "doctor",
        authorName: doctor.fullName,
        authorSpecialty: "терапевт",
        body: (body as { body: string }).body,
        files: [],
        createdAt: "2026-12-02T09:00:00.000Z",
        delivery: "sent",
        offeredSlots: [],
      };
      return jsonAnswer(201, message);
    });

    const boxes = await waitFor(() => {
      const found = times().getAllByRole("checkbox");
      expect(found).toHaveLength(4);
      return found;
    });
    expect(
      screen.getByRole("checkbox", {
        name: "чт, 10 декабря, 09:00 — Соколова Мария, оториноларинголог — Клиника «Север», ул. Северная, 1 — по программе",
      }),
    ).toBeTruthy();

    for (const box of boxes.slice(0, 3)) await user.click(box);
    expect(screen.getByText("Выбрано 3 из 3")).toBeTruthy();
    // A fourth cannot be added.
    expect((boxes[3] as HTMLInputElement).disabled).toBe(true);

    const body = screen.getByRole("textbox", { name: /^Сообщение клиенту/ });
    await user.clear(body);
    await user.type(body, "Вот время у ЛОР-врача.");
    await user.click(screen.getByRole("button", { name: "Отправить время" }));

    await waitFor(() => expect(onOffered).toHaveBeenCalledTimes(1));
    expect(posted).toEqual([
      {
        clientMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        slotIds: slots.slice(0, 3).map((slot) => slot.id),
        body: "Вот время у ЛОР-врача.",
      },
    ]);
    expect(asked.some((url) => url.startsWith(`/api/staff/chats/${chatId}/slots`))).toBe(true);
  });

  it("asks for a time and a message before sending, and filters by clinic", async () => {
    const { user, posted, asked } = renderOffer(() => jsonAnswer(500, {}));
    await waitFor(() => expect(times().getAllByRole("checkbox")).toHaveLength(4));

    await user.clear(screen.getByRole("textbox", { name: /^Сообщение клиенту/ }));
    await user.click(screen.getByRole("button", { name: "Отправить время" }));
    expect(await screen.findByText("Выберите хотя бы одно время")).toBeTruthy();
    expect(screen.getByText("Напишите пару слов к предложенному времени")).toBeTruthy();
    expect(posted).toEqual([]);

    await user.selectOptions(screen.getByRole("combobox", { name: "Клиника" }), "Клиника «Юг»");
    await waitFor(() => expect(times().getAllByRole("checkbox")).toHaveLength(1));
    expect(asked).toContain(`/api/staff/chats/${chatId}/slots?clinicId=${south.id}`);
  });

  it("says so when a chosen time was taken meanwhile", async () => {
    const { user } = renderOffer(() =>
      jsonAnswer(409, {
        type: "about:blank",
        title: "Конфликт",
        status: 409,
        detail: "Это время уже заняли. Выберите другое.",
      }),
    );
    const boxes = await waitFor(() => {
      const found = times().getAllByRole("checkbox");
      expect(found).toHaveLength(4);
      return found;
    });
    await user.click(boxes[0] as HTMLElement);
    await user.click(screen.getByRole("button", { name: "Отправить время" }));

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Не удалось предложить время");
    expect(alert.textContent).toContain("Это время уже заняли. Выберите другое.");
  });
});
