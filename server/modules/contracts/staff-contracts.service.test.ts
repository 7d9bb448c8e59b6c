import { describe, expect, it } from "vitest";
import { searchKeys } from "./staff-contracts.service.ts";

describe("searchKeys", () => {
  it("reads a certificate number as a number only", () => {
    expect(searchKeys(" 11/30117742 ")).toEqual({
      numbers: ["11/30117742"],
      phone: null,
      nameKeyPrefix: null,
    });
  });

  it("reads a DMS policy number as typed and upper-cased", () => {
    expect(searchKeys("001-дмс-2026-004512").numbers).toEqual([
      "001-дмс-2026-004512",
      "001-ДМС-2026-004512",
    ]);
  });

  it("reads a phone in the formats people type", () => {
    for (const typed of ["8 (926) 111-11-11", "+7 926 111 11 11", "9261111111"]) {
      expect(searchKeys(typed).phone).toBe("+79261111111");
    }
  });

  it("reads a name as a prefix of the stored key, ignoring case, ё and extra spaces", () => {
    expect(searchKeys("Семёнов").nameKeyPrefix).toBe("семенов");
    expect(searchKeys("СЕМЕНОВ   арк").nameKeyPrefix).toBe("семенов|арк");
    expect(searchKeys("Семёнов Аркадий Львович").nameKeyPrefix).toBe("семенов|аркадий|львович");
    expect(searchKeys("Оглы Мамед Али Оглы").nameKeyPrefix).toBe("оглы|мамед|али оглы");
  });

  it("does not read a name into a query with digits or a pipe", () => {
    expect(searchKeys("Иванов 1985").nameKeyPrefix).toBeNull();
    expect(searchKeys("иванов|иван").nameKeyPrefix).toBeNull();
  });
});
