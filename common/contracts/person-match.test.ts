import { describe, expect, it } from "vitest";
import { personNameKey } from "./person-match.ts";

describe("personNameKey", () => {
  it("ignores case, ё against е and extra spaces", () => {
    expect(personNameKey(" Семёнова ", "РЕНАТА", "Саяровна")).toBe(
      personNameKey("семенова", "Рената", "саяровна "),
    );
  });

  it("tells a missing patronymic from a present one", () => {
    expect(personNameKey("Ли", "Анна", null)).not.toBe(personNameKey("Ли", "Анна", "Ивановна"));
    expect(personNameKey("Ли", "Анна", null)).toBe(personNameKey("Ли", "Анна", ""));
  });
});
