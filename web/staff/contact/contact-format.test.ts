import { describe, expect, it } from "vitest";
import { closeFormSchema } from "./close-form.ts";
import { callbackWindow } from "./contact-format.ts";

const serviceTypeId = "0a4d4b7e-3f5c-4c8e-9a59-0d6f3c1b2a11";
const personId = "7f2e1c3d-5b6a-4e8f-9c0d-1a2b3c4d5e6f";
const doctorId = "3c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";

describe("callbackWindow", () => {
  it("shows a window in Moscow time whatever the offset of its moments", () => {
    expect(callbackWindow("2026-11-26T07:00:00.000Z", "2026-11-26T09:30:00.000Z")).toEqual({
      date: "26.11.2026",
      from: "10:00",
      to: "12:30",
    });
  });
});

describe("closeFormSchema", () => {
  it("asks an operator for the doctor, in the API's words", () => {
    const result = closeFormSchema({ withPerson: false, doctorRequired: true }).safeParse({
      serviceTypeId,
      personId: "",
      doctorId: "",
      outcome: "Перезвонили, дали рекомендации",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["doctorId", "Выберите врача"],
    ]);
  });

  it("lets a doctor leave «Врач» empty and sends no doctorId then", () => {
    const result = closeFormSchema({ withPerson: false, doctorRequired: false }).parse({
      serviceTypeId,
      personId: "",
      doctorId: "",
      outcome: "  Консультация  ",
    });
    expect(result).toEqual({ serviceTypeId, outcome: "Консультация" });
  });

  it("requires the person and the service type for a message", () => {
    const schema = closeFormSchema({ withPerson: true, doctorRequired: true });
    const missing = schema.safeParse({ serviceTypeId: "", personId: "", doctorId, outcome: "" });
    expect(missing.error?.issues.map((issue) => issue.path[0])).toEqual([
      "serviceTypeId",
      "personId",
      "outcome",
    ]);
    expect(
      schema.parse({ serviceTypeId, personId, doctorId, outcome: "Расшифрован анализ" }),
    ).toEqual({ serviceTypeId, personId, doctorId, outcome: "Расшифрован анализ" });
  });
});
