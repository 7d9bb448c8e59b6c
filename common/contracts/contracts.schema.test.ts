import { describe, expect, it } from "vitest";
import {
  addPersonRequestSchema,
  replacementRequestSchema,
  verificationRequestSchema,
} from "./contracts.schema.ts";

const person = {
  lastName: " Соколова ",
  firstName: "Рената",
  patronymic: "Саяровна",
  birthDate: "17.02.1982",
};

describe("the person forms' schema", () => {
  it("takes the phone and e-mail as optional and normalises them", () => {
    expect(addPersonRequestSchema.parse(person)).toMatchObject({
      lastName: "Соколова",
      birthDate: "1982-02-17",
      phone: null,
      email: null,
    });
    expect(
      addPersonRequestSchema.parse({ ...person, phone: "8 (916) 123-45-67", email: "A@B.RU" }),
    ).toMatchObject({ phone: "+79161234567", email: "a@b.ru" });
  });

  it("refuses a phone that is not a Russian mobile and a malformed e-mail", () => {
    const result = addPersonRequestSchema.safeParse({ ...person, phone: "123", email: "x@" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["phone", "email"]);
  });

  it("needs a patronymic unless «Нет отчества» is ticked", () => {
    expect(addPersonRequestSchema.safeParse({ ...person, patronymic: "" }).success).toBe(false);
    expect(
      addPersonRequestSchema.safeParse({ ...person, patronymic: "", noPatronymic: true }).success,
    ).toBe(true);
  });

  it("needs a reason for a replacement request", () => {
    const result = replacementRequestSchema.safeParse({ ...person, reason: "   " });
    expect(result.error?.issues[0]?.message).toBe("Укажите причину замены");
  });
});

describe("the verification request", () => {
  it("ignores spaces in the number and turns the birth date into an ISO date", () => {
    expect(
      verificationRequestSchema.parse({ number: " 11 / 22445568 ", birthDate: "03.09.1979" }),
    ).toEqual({ number: "11/22445568", birthDate: "1979-09-03" });
  });
});
