import { describe, expect, it } from "vitest";
import { appealFormSchema, moscowMoment } from "./appeals.schema.ts";

const ids = {
  serviceTypeId: "6f1c1d6e-0000-4000-8000-000000000001",
  personId: "6f1c1d6e-0000-4000-8000-000000000002",
  doctorId: "6f1c1d6e-0000-4000-8000-000000000003",
};

describe("moscowMoment", () => {
  it("reads a Moscow date and time as a moment at UTC+3", () => {
    expect(moscowMoment("26.11.2026", "09:05")).toBe("2026-11-26T09:05:00+03:00");
    expect(new Date(moscowMoment("01.01.2026", "00:30") ?? "").toISOString()).toBe(
      "2025-12-31T21:30:00.000Z",
    );
  });

  it("refuses an unreal date or time", () => {
    expect(moscowMoment("31.02.2026", "10:00")).toBeNull();
    expect(moscowMoment("26.11.2026", "24:00")).toBeNull();
  });
});

describe("appealFormSchema", () => {
  const now = () => new Date("2026-11-26T09:00:00Z"); // 12:00 in Moscow
  const form = {
    ...ids,
    channel: "callback",
    date: "26.11.2026",
    time: "11:59",
    outcome: " Дана консультация ",
  };

  it("gives the API's body with the moment in Moscow time", () => {
    expect(appealFormSchema(now).parse(form)).toEqual({
      ...ids,
      channel: "callback",
      occurredAt: "2026-11-26T11:59:00+03:00",
      outcome: "Дана консультация",
    });
  });

  it("refuses a moment in the future, under the time field", () => {
    const result = appealFormSchema(now).safeParse({ ...form, time: "12:01" });
    expect(result.error?.issues[0]).toMatchObject({
      path: ["time"],
      message: "Дата и время обращения не могут быть в будущем",
    });
  });

  it("names each empty field in Russian", () => {
    const result = appealFormSchema(now).safeParse({
      serviceTypeId: "",
      personId: "",
      doctorId: "",
      channel: "",
      date: "",
      time: "",
      outcome: "",
    });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      "Выберите вид услуги",
      "Выберите обслуживаемое лицо",
      "Выберите врача",
      "Выберите канал обращения",
      "Введите дату",
      "Введите время",
      "Опишите результат обращения",
    ]);
  });
});
