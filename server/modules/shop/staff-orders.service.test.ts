import { describe, expect, it } from "vitest";
import { orderSearchKeys } from "./staff-orders.service.ts";

describe("what the operator's text is read as", () => {
  it("reads six digits or more as an order number, with or without «№»", () => {
    expect(orderSearchKeys("100123")).toMatchObject({ number: 100123, phone: null });
    expect(orderSearchKeys("№ 100123").number).toBe(100123);
    expect(orderSearchKeys("12345").number).toBeNull();
  });

  it("reads a phone in any format people type", () => {
    for (const typed of ["+7 926 111-11-11", "89261111111", "(926) 111 11 11"]) {
      expect(orderSearchKeys(typed).phone).toBe("+79261111111");
    }
  });

  it("reads letters as surname, name and patronymic, lower-cased with «ё» as «е»", () => {
    expect(orderSearchKeys("Семёнова  Анна").nameWords).toEqual(["семенова", "анна"]);
    expect(orderSearchKeys("Семёнова").paymentId).toBeNull();
  });

  it("reads a provider's id as a payment id", () => {
    const id = "2d5f1e4a-000f-5000-9000-1b68e7b15f3f";
    expect(orderSearchKeys(id)).toMatchObject({ paymentId: id, number: null, nameWords: [] });
  });
});
