import { describe, expect, it } from "vitest";
import { formatRublesInput, parseRubles, programFormSchema } from "./programs.schema.ts";

describe("parseRubles", () => {
  it("reads roubles with spaces, a comma or a point, and kopecks", () => {
    expect(parseRubles("1990")).toBe(199_000);
    expect(parseRubles("1 990")).toBe(199_000);
    expect(parseRubles("1990,5")).toBe(199_050);
    expect(parseRubles("1990.05 ₽")).toBe(199_005);
  });

  it("refuses what is not an amount", () => {
    expect(parseRubles("")).toBeNull();
    expect(parseRubles("12,345")).toBeNull();
    expect(parseRubles("-5")).toBeNull();
    expect(parseRubles("сто")).toBeNull();
  });

  it("formats kopecks back for the field", () => {
    expect(formatRublesInput(199_000)).toBe("1990");
    expect(formatRublesInput(199_005)).toBe("1990,05");
  });
});

describe("programFormSchema", () => {
  const form = {
    name: "Позвони Врачу",
    code: "Call-Doctor",
    description: "Консультации",
    coverage: "- Терапевт",
    careProcedure: "Позвоните",
    maxPersons: "2",
    soldOnline: true,
    priceRubles: "1 990",
    termMonths: "12",
  } as const;

  it("turns the form into the API's body: kopecks, numbers, a lower-case code", () => {
    expect(programFormSchema.parse(form)).toMatchObject({
      code: "call-doctor",
      maxPersons: 2,
      priceKopecks: 199_000,
      termMonths: 12,
    });
  });

  it("asks for a price and a term only when the program is sold online", () => {
    const missing = programFormSchema.safeParse({ ...form, priceRubles: "", termMonths: "0" });
    expect(missing.error?.issues.map((issue) => issue.path.join("."))).toEqual([
      "priceRubles",
      "termMonths",
    ]);
    const offline = programFormSchema.parse({ ...form, soldOnline: false, priceRubles: "" });
    expect(offline).toMatchObject({ priceKopecks: null, termMonths: null });
  });
});
