import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { jsonAnswer, renderConsoleForm } from "../test/render.tsx";
import { CredentialsForm } from "./credentials-form.tsx";

function fields() {
  return {
    email: screen.getByRole("textbox", { name: "E-mail" }),
    password: screen.getByLabelText("Пароль"),
    submit: screen.getByRole("button", { name: "Войти" }),
  };
}

describe("the console's «Вход»", () => {
  it("shows the Russian errors under an empty e-mail and password, marks both invalid and sends nothing", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const { user } = renderConsoleForm(<CredentialsForm onStep={vi.fn()} />);
    const { email, password, submit } = fields();

    await user.click(submit);

    expect(await screen.findByText("Введите e-mail")).toBeTruthy();
    expect(screen.getByText("Введите пароль")).toBeTruthy();
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(password.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(email);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("puts a field error of the server's 400 under its field and keeps the other field valid", async () => {
    const fetch = vi.fn(async () =>
      jsonAnswer(400, {
        type: "about:blank",
        title: "Проверьте данные",
        status: 400,
        errors: [{ field: "body.email", message: "Адрес не принимается" }],
      }),
    );
    vi.stubGlobal("fetch", fetch);
    const onStep = vi.fn();
    const { user } = renderConsoleForm(<CredentialsForm onStep={onStep} />);
    const { email, password, submit } = fields();

    await user.type(email, "operator@rms.local");
    await user.type(password, "rms-demo-2026");
    await user.click(submit);

    expect(await screen.findByText("Адрес не принимается")).toBeTruthy();
    expect(email.getAttribute("aria-invalid")).toBe("true");
    expect(password.getAttribute("aria-invalid")).toBeNull();
    expect(onStep).not.toHaveBeenCalled();
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe("/api/staff/auth/sign-in");
    expect(JSON.parse(String(init.body))).toEqual({
      email: "operator@rms.local",
      password: "rms-demo-2026",
    });
  });
});
