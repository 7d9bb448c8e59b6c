import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { StaffOrderCard } from "../../../common/shop/staff-orders.schema.ts";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { RefundDialog } from "./refund-dialog.tsx";

const card: StaffOrderCard = {
  id: "3c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
  number: 100123,
  kind: "certificate",
  status: "partially_refunded",
  createdAt: "2026-12-03T09:00:00.000Z",
  paidAt: "2026-12-03T09:01:00.000Z",
  expiresAt: "2026-12-03T10:00:00.000Z",
  receiptEmail: "anna@example.ru",
  client: {
    id: "4c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
    fullName: "Петрова Анна Сергеевна",
    phone: "+79261111111",
    email: "anna@example.ru",
  },
  items: [],
  totalKopecks: 290_000,
  paidKopecks: 290_000,
  refundedKopecks: 90_000,
  refundableKopecks: 200_000,
  contract: { id: "5c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d", number: "11/90000001", annulled: false },
  events: [],
  attempts: [],
  refunds: [],
};

describe("the admin's «Вернуть деньги»", () => {
  it("offers what is left, asks for a reason before sending anything, and shows the server's refusal", async () => {
    const fetch = vi.fn(async () =>
      jsonAnswer(409, {
        type: "conflict",
        title: "Действие невозможно",
        status: 409,
        detail: "Вернуть можно не больше 2 000,00 ₽.",
      }),
    );
    vi.stubGlobal("fetch", fetch);
    const onRefunded = vi.fn();
    const { user } = renderConsoleForm(
      <RefundDialog card={card} opened onClose={() => {}} onRefunded={onRefunded} />,
    );
    const amount = await screen.findByRole("textbox", { name: "Сумма, ₽" });
    expect((amount as HTMLInputElement).value).toBe("2000");
    expect(screen.getByRole("checkbox", { name: /Аннулировать сертификат/ })).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Вернуть" }));
    expect(await screen.findByText("Укажите причину возврата")).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();

    await user.clear(amount);
    await user.type(amount, "2500,50");
    await user.type(screen.getByRole("textbox", { name: /Причина/ }), "Жалоба клиента");
    await user.click(screen.getByRole("button", { name: "Вернуть" }));
    expect(await screen.findByText("Вернуть можно не больше 2 000,00 ₽.")).toBeTruthy();
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({
      amountKopecks: 250_050,
      reason: "Жалоба клиента",
      annulCertificate: false,
    });
    expect(onRefunded).not.toHaveBeenCalled();
  });
});
