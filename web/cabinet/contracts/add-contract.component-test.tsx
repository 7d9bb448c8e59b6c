import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { jsonAnswer, renderScreen } from "../test/render.tsx";
import { AddContractPage } from "./add-contract.page.tsx";

function fields() {
  return {
    number: screen.getByRole("textbox", { name: /Номер договора/ }),
    birthDate: screen.getByRole("textbox", { name: /Дата рождения/ }),
    submit: screen.getByRole("button", { name: "Добавить" }),
  };
}

const added = {
  id: "00000000-0000-4000-8000-0000000000a1",
  kind: "certificate",
  number: "11/30117742",
  programName: "Взрослая поликлиника",
  startsOn: "2026-01-01",
  endsOn: "2026-12-31",
  status: "active",
};

describe("«Добавить договор»", () => {
  it("asks for the number and the birth date, marking both fields, before sending anything", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const { user } = renderScreen(<AddContractPage />, { path: "/cabinet/contracts/add" });
    const { number, birthDate, submit } = fields();

    await user.click(submit);

    expect(await screen.findByText("Введите номер договора")).toBeTruthy();
    expect(screen.getByText("Введите дату рождения")).toBeTruthy();
    expect(number.getAttribute("aria-invalid")).toBe("true");
    expect(birthDate.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(number);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("sends what was typed, the date through its mask, and opens «Мои договоры» with the added number", async () => {
    const fetch = vi.fn(async () => jsonAnswer(200, { added: [added] }));
    vi.stubGlobal("fetch", fetch);
    const { user, landed } = renderScreen(<AddContractPage />, {
      path: "/cabinet/contracts/add",
    });
    const { number, birthDate, submit } = fields();

    await user.type(number, "11 / 30117742");
    await user.type(birthDate, "17051980");
    expect((birthDate as HTMLInputElement).value).toBe("17.05.1980");
    await user.click(submit);

    await screen.findByTestId("landed");
    expect(landed()).toEqual({ path: "/cabinet/contracts", state: { added: ["11/30117742"] } });
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe("/api/contracts/links");
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual({
      number: "11 / 30117742",
      birthDate: "17.05.1980",
    });
  });

  it("puts the server's birth-date error on the date field and keeps what was typed", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () =>
        jsonAnswer(400, {
          type: "about:blank",
          title: "Проверьте данные",
          status: 400,
          errors: [{ field: "body.birthDate", message: "Дата рождения должна быть в прошлом" }],
        }),
      ),
    );
    const { user } = renderScreen(<AddContractPage />, { path: "/cabinet/contracts/add" });
    const { number, birthDate, submit } = fields();

    await user.type(number, "11/30117742");
    await user.type(birthDate, "01.01.1990");
    await user.click(submit);

    expect(await screen.findByText("Дата рождения должна быть в прошлом")).toBeTruthy();
    expect(birthDate.getAttribute("aria-invalid")).toBe("true");
    expect(number.getAttribute("aria-invalid")).toBeNull();
    expect(document.activeElement).toBe(birthDate);
    expect((number as HTMLInputElement).value).toBe("11/30117742");
    expect(screen.queryByText("Не удалось добавить договор")).toBeNull();
  });
});
