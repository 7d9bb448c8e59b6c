import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { SignInForm } from "./sign-in-form.tsx";

function fields() {
  return {
    phone: screen.getByRole("textbox", { name: "Телефон" }),
    password: screen.getByLabelText("Пароль"),
    submit: screen.getByRole("button", { name: "Войти" }),
  };
}

describe("«Вход»", () => {
  it("shows the Russian errors under an empty phone and password, marks both invalid and sends nothing", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const { user } = renderScreen(<SignInForm />, { path: "/cabinet/sign-in" });
    const { phone, password, submit } = fields();

    await user.click(submit);

    expect(await screen.findByText("Введите номер телефона")).toBeTruthy();
    expect(screen.getByText("Введите пароль")).toBeTruthy();
    expect(phone.getAttribute("aria-invalid")).toBe("true");
    expect(password.getAttribute("aria-invalid")).toBe("true");
    // The first field in the order shown gets the focus.
    expect(document.activeElement).toBe(phone);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("puts a field error of the server's 400 under its field, with no alert above the form", async () => {
    const fetch = vi.fn(async () =>
      jsonAnswer(400, {
        type: "about:blank",
        title: "Проверьте данные",
        status: 400,
        errors: [{ field: "body.password", message: "Пароль содержит недопустимый символ" }],
      }),
    );
    vi.stubGlobal("fetch", fetch);
    const { user } = renderScreen(<SignInForm />, { path: "/cabinet/sign-in" });
    const { phone, password, submit } = fields();

    await user.type(phone, "9261111111");
    await user.type(password, "rms-demo-2026");
    await user.click(submit);

    expect(await screen.findByText("Пароль содержит недопустимый символ")).toBeTruthy();
    expect(password.getAttribute("aria-invalid")).toBe("true");
    expect(phone.getAttribute("aria-invalid")).toBeNull();
    expect(screen.queryByText("Не удалось войти")).toBeNull();
    expect(fetch).toHaveBeenCalledOnce();
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe("/api/auth/sign-in");
    expect(JSON.parse(String(init.body))).toEqual({
      phone: "+79261111111",
      password: "rms-demo-2026",
      remember: false,
    });
  });

  it("shows a refusal that names no field in the alert, under «Не удалось войти»", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        jsonAnswer(401, {
          type: "about:blank",
          title: "Неверный телефон или пароль",
          status: 401,
        }),
      ),
    );
    const { user } = renderScreen(<SignInForm />, { path: "/cabinet/sign-in" });
    const { phone, password, submit } = fields();

    await user.type(phone, "9261111111");
    await user.type(password, "wrong-password");
    await user.click(submit);

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Не удалось войти");
    expect(alert.textContent).toContain("Неверный телефон или пароль");
    await waitFor(() => expect(password.getAttribute("aria-invalid")).toBeNull());
  });
});
