import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { ChangePasswordForm } from "./change-password-form.tsx";

function fields() {
  return {
    current: screen.getByLabelText("Текущий пароль") as HTMLInputElement,
    next: screen.getByLabelText(/^Новый пароль/) as HTMLInputElement,
    repeat: screen.getByLabelText("Повторите пароль") as HTMLInputElement,
    submit: screen.getByRole("button", { name: "Сменить пароль" }),
  };
}

describe("«Сменить пароль»", () => {
  it("says «Пароли не совпадают» under the repeat and sends nothing", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const { user } = renderScreen(<ChangePasswordForm />, { path: "/cabinet/profile/security" });
    const { current, next, repeat, submit } = fields();

    await user.type(current, "rms-demo-2026");
    await user.type(next, "Kvadrat-Solnce-42");
    await user.type(repeat, "Kvadrat-Solnce-43");
    await user.click(submit);

    expect(await screen.findByText("Пароли не совпадают")).toBeTruthy();
    expect(repeat.getAttribute("aria-invalid")).toBe("true");
    expect(next.getAttribute("aria-invalid")).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("puts the server's «wrong current password» on that field", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        jsonAnswer(400, {
          type: "about:blank",
          title: "Проверьте данные",
          status: 400,
          errors: [{ field: "body.currentPassword", message: "Неверный текущий пароль" }],
        }),
      ),
    );
    const { user } = renderScreen(<ChangePasswordForm />, { path: "/cabinet/profile/security" });
    const { current, next, repeat, submit } = fields();

    await user.type(current, "not-my-password");
    await user.type(next, "Kvadrat-Solnce-42");
    await user.type(repeat, "Kvadrat-Solnce-42");
    await user.click(submit);

    expect(await screen.findByText("Неверный текущий пароль")).toBeTruthy();
    expect(current.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(current);
    expect(screen.queryByText("Не удалось сменить пароль")).toBeNull();
  });

  it("empties the form and says how many other devices were signed out", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => jsonAnswer(200, { revoked: 2 })),
    );
    const { user } = renderScreen(<ChangePasswordForm />, { path: "/cabinet/profile/security" });
    const { current, next, repeat, submit } = fields();

    await user.type(current, "rms-demo-2026");
    await user.type(next, "Kvadrat-Solnce-42");
    await user.type(repeat, "Kvadrat-Solnce-42");
    await user.click(submit);

    expect(
      await screen.findByText("Пароль изменён. Выполнен выход на 2 устройствах."),
    ).toBeTruthy();
    expect([current.value, next.value, repeat.value]).toEqual(["", "", ""]);
  });
});
