import { describe, expect, it } from "vitest";
import { fullName, givenNames } from "./person-name.ts";

describe("person names", () => {
  it("join surname, name and patronymic, leaving out a missing patronymic", () => {
    expect(fullName({ lastName: "Соколова", firstName: "Рената", patronymic: "Саяровна" })).toBe(
      "Соколова Рената Саяровна",
    );
    expect(fullName({ lastName: "Ли", firstName: "Анна", patronymic: null })).toBe("Ли Анна");
  });

  it("name a covered person as the guide does: «Имя Отчество»", () => {
    expect(givenNames({ firstName: "Евгений", patronymic: "Александрович" })).toBe(
      "Евгений Александрович",
    );
    expect(givenNames({ firstName: "Анна", patronymic: null })).toBe("Анна");
  });
});
