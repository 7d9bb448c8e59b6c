import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderConsoleForm } from "../test/render.tsx";
import { ContractsPage } from "./contracts.page.tsx";

describe("the console's contract search", () => {
  it("says under the field that one letter is too short, marks it invalid and asks the server nothing", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const { user } = renderConsoleForm(<ContractsPage />, { path: "/staff/contracts" });
    const field = screen.getByRole("textbox", { name: "Номер, телефон или ФИО" });

    await user.type(field, "И");
    await user.click(screen.getByRole("button", { name: "Найти" }));

    expect(
      await screen.findByText("Введите номер договора, телефон или фамилию — не меньше 2 символов"),
    ).toBeTruthy();
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(fetch).not.toHaveBeenCalled();
  });
});
