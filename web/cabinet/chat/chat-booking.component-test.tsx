import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { AppointmentView } from "../../../common/booking/booking.schema.ts";
import type { ChatMessage, ChatOfferedSlot } from "../../../common/chat/chat.schema.ts";
import {
  clientMessage,
  conversationId,
  conversationOf,
  doctorMessage,
  personId,
  stubApi,
  stubXhr,
} from "../test/chat-fakes.ts";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { ConversationPage } from "./conversation.page.tsx";
import { resetOutboxesForTests } from "./unsent.ts";

const clinic = {
  id: "00000000-0000-4000-8000-00000000c11c",
  name: "Клиника «Здоровье»",
  address: "ул. Пушкина, 10",
  metro: "Пушкинская",
  district: "Тверской",
  phone: "+74950000001",
};

function slot(change: Partial<ChatOfferedSlot>): ChatOfferedSlot {
  return {
    id: "00000000-0000-4000-8000-0000000051a1",
    // 10:30 and 11:00 in Moscow on Thursday, 10 December 2026.
    startsAt: "2026-12-10T07:30:00.000Z",
    endsAt: "2026-12-10T08:00:00.000Z",
    doctor: {
      id: "00000000-0000-4000-8000-0000000000d7",
      name: "Соколова Мария Игоревна",
      specialty: { id: "00000000-0000-4000-8000-0000000005e1", name: "оториноларинголог" },
    },
    clinic,
    state: "free",
    coverage: { kind: "covered" },
    appointmentId: null,
    ...change,
  };
}

const free = slot({});
const paid = slot({
  id: "00000000-0000-4000-8000-0000000051a2",
  startsAt: "2026-12-10T08:00:00.000Z",
  endsAt: "2026-12-10T08:30:00.000Z",
  coverage: {
    kind: "paid",
    reason: "limit_used_up",
    clinicPriceKopecks: 300_000,
    companyPriceKopecks: 255_000,
  },
});
const taken = slot({
  id: "00000000-0000-4000-8000-0000000051a3",
  startsAt: "2026-12-11T07:30:00.000Z",
  endsAt: "2026-12-11T08:00:00.000Z",
  state: "taken",
  coverage: null,
});

const offer: ChatMessage = {
  ...doctorMessage,
  id: "00000000-0000-4000-8000-0000000000e3",
  body: "Вот свободное время у ЛОР-врача рядом с вами.",
  createdAt: "2026-12-02T07:10:00.000Z",
  offeredSlots: [free, paid, taken],
};

const appointmentId = "00000000-0000-4000-8000-00000000a991";

function appointmentOn(booked: ChatOfferedSlot): AppointmentView {
  return {
    id: appointmentId,
    status: "confirmed",
    personId,
    personName: "Иванов Евгений Александрович",
    contractId: "00000000-0000-4000-8000-0000000000c1",
    startsAt: booked.startsAt,
    endsAt: booked.endsAt,
    doctor: { ...booked.doctor, yearsOfPractice: 12 },
    clinic: {
      ...clinic,
      phones: ["+74950000001"],
      openingHours: "Пн–Пт 08:00–20:00",
      whatToBring: null,
    },
    service: { id: "00000000-0000-4000-8000-00000000005e", name: "Приём ЛОР-врача" },
    specialty: booked.doctor.specialty,
    coverage: { kind: "covered" },
    cancelReason: null,
    canCancel: true,
    canMove: true,
    paidOrderId: null,
    request: null,
    waitlist: { available: false, waiting: false, offer: null },
    movedToId: null,
    history: [{ at: "2026-12-02T07:20:00.000Z", status: "confirmed", reason: null }],
    createdAt: "2026-12-02T07:20:00.000Z",
    updatedAt: "2026-12-02T07:20:00.000Z",
  };
}

function renderConversation() {
  return renderScreen(<ConversationPage />, {
    path: `/cabinet/chat/${conversationId}`,
    route: "/cabinet/chat/:id",
  });
}

function offered() {
  return within(screen.getByRole("list", { name: "Предложенное время" }));
}

beforeEach(() => {
  localStorage.clear();
  resetOutboxesForTests();
  stubXhr();
});

describe("times a doctor offered in the chat", () => {
  it("shows each time with its clinic, doctor and coverage, and a taken one disabled with its state", async () => {
    stubApi({ conversation: conversationOf({ messages: [clientMessage, offer] }) });
    renderConversation();

    const items = await waitFor(() => {
      const found = offered().getAllByRole("listitem");
      expect(found).toHaveLength(3);
      return found;
    });
    const [first, second, third] = items as [HTMLElement, HTMLElement, HTMLElement];
    expect(first.textContent).toContain("чт, 10 декабря, 10:30 (мск)");
    expect(first.textContent).toContain("Соколова Мария Игоревна, оториноларинголог");
    expect(first.textContent).toContain("Клиника «Здоровье», ул. Пушкина, 10, м. Пушкинская");
    expect(first.textContent).toContain("По программе");
    expect(
      within(first).getByRole("button", { name: "Записаться на чт, 10 декабря, 10:30" }),
    ).toHaveProperty("disabled", false);
    expect(second.textContent).toMatch(/Платно: 2\s550\s₽ \(цена клиники 3\s000\s₽\)/);
    const takenButton = within(third).getByRole("button", {
      name: "Записаться на пт, 11 декабря, 10:30",
    });
    expect(takenButton).toHaveProperty("disabled", true);
    expect(takenButton.getAttribute("aria-describedby")).toBeTruthy();
    expect(third.textContent).toContain("Это время уже заняли");
  });

  it("books a time with one tap for the chat's person and then shows it booked with a link to the appointment", async () => {
    const state = { conversation: conversationOf({ messages: [clientMessage, offer] }) };
    const posted: unknown[] = [];
    stubApi(state, ({ method, path, body }) => {
      if (method !== "POST" || path !== "/api/appointments") return;
      posted.push(body);
      // The thread read again shows the time booked by this person.
      state.conversation = conversationOf({
        messages: [
          clientMessage,
          {
            ...offer,
            offeredSlots: [
              { ...free, state: "booked", coverage: null, appointmentId },
              paid,
              taken,
            ],
          },
        ],
      });
      return jsonAnswer(201, appointmentOn(free));
    });
    const { user } = renderConversation();

    await user.click(
      await screen.findByRole("button", { name: "Записаться на чт, 10 декабря, 10:30" }),
    );

    expect(await screen.findByText("Вы записаны на чт, 10 декабря, 10:30 (мск)")).toBeTruthy();
    expect(posted).toEqual([{ slotId: free.id, personId }]);
    expect(screen.getByRole("link", { name: "Открыть запись" }).getAttribute("href")).toBe(
      `/cabinet/appointments/${appointmentId}`,
    );
    expect(
      screen.queryByRole("button", { name: "Записаться на чт, 10 декабря, 10:30" }),
    ).toBeNull();
  });

  it("says why a time could not be booked when someone took it first", async () => {
    stubApi(
      { conversation: conversationOf({ messages: [clientMessage, offer] }) },
      ({ method, path }) =>
        method === "POST" && path === "/api/appointments"
          ? jsonAnswer(409, {
              type: "about:blank",
              title: "Конфликт",
              status: 409,
              detail: "Это время уже заняли. Выберите другое.",
            })
          : undefined,
    );
    const { user } = renderConversation();

    await user.click(
      await screen.findByRole("button", { name: "Записаться на чт, 10 декабря, 10:30" }),
    );

    expect((await screen.findByRole("alert")).textContent).toBe(
      "Это время уже заняли. Выберите другое.",
    );
  });
});

describe("«Записаться» under a conclusion", () => {
  const conclusion = {
    outcome: "in_person" as const,
    specialty: "оториноларинголог",
    text: "Очный осмотр ЛОР-врача в течение недели.",
    doctorName: "Петрова Анна Сергеевна",
    closedAt: "2026-12-02T07:30:00.000Z",
  };

  it("opens the booking with the chat's person and the recommended specialty", async () => {
    const specialtyId = "00000000-0000-4000-8000-0000000005e1";
    stubApi({
      conversation: conversationOf({
        status: "closed",
        conclusion,
        recommendedSpecialty: { id: specialtyId, name: "оториноларинголог" },
      }),
    });
    renderConversation();

    const card = await screen.findByRole("region", { name: "Заключение" });
    expect(within(card).getByRole("link", { name: "Записаться" }).getAttribute("href")).toBe(
      `/cabinet/booking?personId=${personId}&specialtyId=${specialtyId}`,
    );
  });

  it("is not there when the conclusion recommends no specialty", async () => {
    stubApi({
      conversation: conversationOf({
        status: "closed",
        conclusion: { ...conclusion, outcome: "recommendations", specialty: null },
        recommendedSpecialty: null,
      }),
    });
    renderConversation();

    const card = await screen.findByRole("region", { name: "Заключение" });
    expect(within(card).getByText("Рекомендации даны")).toBeTruthy();
    expect(within(card).queryByRole("link", { name: "Записаться" })).toBeNull();
  });
});
