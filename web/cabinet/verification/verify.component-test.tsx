import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { VerifyPage } from "./verify.page.tsx";

describe("«Проверка направления» (/verify?referral=…)", () => {
  it("takes the number from the QR code's link and tells the clinic the paid visit", async () => {
    const fetch = vi.fn(async () =>
      jsonAnswer(200, {
        valid: true,
        clinicName: "Клиника «Здоровье»",
        serviceName: "Приём дерматолога",
        startsAt: "2026-12-05T07:00:00.000Z",
      }),
    );
    vi.stubGlobal("fetch", fetch);
    const { user } = renderScreen(<VerifyPage />, {
      path: "/verify?referral=100123",
      route: "/verify",
    });
    expect(screen.getByRole("heading", { name: "Проверка направления" })).toBeTruthy();
    const number = screen.getByRole("textbox", { name: /Номер направления/ }) as HTMLInputElement;
    expect(number.value).toBe("100123");
    await user.type(screen.getByRole("textbox", { name: /Дата рождения пациента/ }), "15031990");
    await user.click(screen.getByRole("button", { name: "Проверить" }));

    expect(await screen.findByText("Направление действует: приём оплачен")).toBeTruthy();
    expect(
      screen.getByText("Приём дерматолога — Клиника «Здоровье», 05.12.2026 10:00 (МСК)"),
    ).toBeTruthy();
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe("/api/verification/referral");
    expect(JSON.parse(String(init.body))).toEqual({ number: "100123", birthDate: "15.03.1990" });
  });

  it("refuses a number that is not digits before sending anything", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const { user } = renderScreen(<VerifyPage />, { path: "/verify?referral=", route: "/verify" });
    await user.type(screen.getByRole("textbox", { name: /Номер направления/ }), "11/2244");
    await user.type(screen.getByRole("textbox", { name: /Дата рождения пациента/ }), "15031990");
    await user.click(screen.getByRole("button", { name: "Проверить" }));
    expect(await screen.findByText("Номер направления — только цифры")).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("still checks a certificate at /verify?number=…", () => {
    renderScreen(<VerifyPage />, { path: "/verify?number=11/22445568", route: "/verify" });
    expect(screen.getByRole("heading", { name: "Проверка сертификата" })).toBeTruthy();
    const number = screen.getByRole("textbox", { name: /Номер сертификата/ }) as HTMLInputElement;
    expect(number.value).toBe("11/22445568");
  });
});
