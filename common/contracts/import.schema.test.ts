import { describe, expect, it } from "vitest";
import { importContractSchema } from "./import.schema.ts";

const base = {
  kind: "certificate",
  number: " 11/30117742 ",
  programCode: "call-doctor",
  startsOn: "2026-03-01",
  endsOn: "2027-02-28",
  persons: [
    {
      slot: 1,
      lastName: " Иванов ",
      firstName: "Иван",
      patronymic: "",
      birthDate: "1985-04-12",
      phone: "8 (926) 111-11-11",
      email: " Ivanov@Example.RU ",
    },
  ],
};

function messages(input: unknown) {
  const parsed = importContractSchema.safeParse(input);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]);
}

describe("the machine API's contract schema", () => {
  it("trims, normalises the phone to E.164 and the e-mail to lower case, and empties to null", () => {
    const parsed = importContractSchema.parse(base);
    expect(parsed).toMatchObject({ number: "11/30117742", insurerName: null });
    expect(parsed.persons[0]).toEqual({
      slot: 1,
      lastName: "Иванов",
      firstName: "Иван",
      patronymic: null,
      birthDate: "1985-04-12",
      phone: "+79261111111",
      email: "ivanov@example.ru",
    });
  });

  it("leaves the persons list empty when it is absent (the slots stay as they are)", () => {
    const { persons: _omitted, ...withoutPersons } = base;
    expect(importContractSchema.parse(withoutPersons).persons).toEqual([]);
  });

  it("refuses a period that ends before it starts, an impossible date and a birth date in the future", () => {
    expect(
      messages({
        ...base,
        startsOn: "2026-02-30",
        endsOn: "2025-01-01",
        persons: [{ ...base.persons[0], birthDate: "2999-01-01" }],
      }),
    ).toEqual([
      ["startsOn", "Укажите существующую дату в формате ГГГГ-ММ-ДД"],
      ["persons.0.birthDate", "Дата рождения должна быть в прошлом"],
    ]);
    expect(messages({ ...base, endsOn: "2025-01-01" })).toEqual([
      ["endsOn", "Дата окончания не может быть раньше даты начала"],
    ]);
  });

  it("refuses the same slot twice, a slot other than 1 or 2, and a phone that is not a Russian mobile", () => {
    const person = base.persons[0];
    expect(
      messages({ ...base, persons: [person, { ...person, phone: "+7 495 123-45-67" }] }),
    ).toEqual([["persons.1.phone", "Укажите мобильный номер России, например +7 926 111-11-11"]]);
    expect(messages({ ...base, persons: [person, person] })).toEqual([
      ["persons.1.slot", "Слот 1 указан дважды"],
    ]);
    expect(messages({ ...base, persons: [{ ...person, slot: 3 }] })).toEqual([
      ["persons.0.slot", "Укажите слот 1 («Пациент 1») или 2 («Пациент 2»)"],
    ]);
  });

  it("requires an insurer for a DMS policy and refuses one on a certificate", () => {
    expect(messages({ ...base, kind: "dms_policy" })).toEqual([
      ["insurerName", "Для полиса ДМС укажите страховую компанию"],
    ]);
    expect(messages({ ...base, insurerName: "АО «СОГАЗ»" })).toEqual([
      ["insurerName", "У сертификата нет страховой компании: оставьте поле пустым"],
    ]);
  });
});
