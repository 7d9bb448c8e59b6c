import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { RegistrationForm } from "./registration-form.tsx";

const verified = { phone: "+79265550101", ticket: "ticket-1", expiresInSeconds: 900 };

function renderForm() {
  const fetch = vi.fn(async (path: string) =>
    path === "/api/legal/documents"
      ? jsonAnswer(200, {
          documents: [{ slug: "offer", version: 3, title: "Договор оферты", url: "/legal/offer" }],
        })
      : jsonAnswer(500, {}),
  );
  vi.stubGlobal("fetch", fetch);
  const view = renderScreen(
    <RegistrationForm
      verified={verified}
      verifiedAt={Date.now()}
      draft={null}
      onTicketExpired={() => {}}
    />,
    { path: "/cabinet/register" },
  );
  return { ...view, fetch };
}

describe("Registration, step 2", () => {
  it("shows each person field's own error and marks it, the surname taking the focus", async () => {
    const { user } = renderForm();
    await screen.findByText("Договор оферты");

    await user.click(screen.getByRole("button", { name: "Зарегистрироваться" }));

    const lastName = screen.getByRole("textbox", { name: "Фамилия" });
    for (const [name, message] of [
      ["Фамилия", "Введите фамилию"],
      ["Имя", "Введите имя"],
      ["Отчество", "Введите отчество или отметьте «Нет отчества»"],
      ["Дата рождения", "Введите дату рождения"],
    ] as const) {
      expect(screen.getByText(message)).toBeTruthy();
      expect(screen.getByRole("textbox", { name }).getAttribute("aria-invalid")).toBe("true");
    }
    expect(document.activeElement).toBe(lastName);
  });

  it("«Нет отчества» empties the patronymic and takes its error away", async () => {
    const { user } = renderForm();
    await screen.findByText("Договор оферты");
    const patronymic = screen.getByRole("textbox", { name: "Отчество" }) as HTMLInputElement;
    await user.type(patronymic, "1");
    await user.click(screen.getByRole("button", { name: "Зарегистрироваться" }));
    expect(screen.getByText("Отчество может содержать только буквы, дефис и пробел")).toBeTruthy();

    await user.click(screen.getByRole("checkbox", { name: "Нет отчества" }));

    expect(patronymic.value).toBe("");
    expect(patronymic.disabled).toBe(true);
    expect(patronymic.getAttribute("aria-invalid")).toBeNull();
    expect(screen.queryByText(/Отчество может содержать/)).toBeNull();
  });
});
