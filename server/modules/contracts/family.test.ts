import { describe, expect, it } from "vitest";
import { actedFor, type HeldPerson, isUnderParentAccessAge } from "./family.ts";

describe("a parent's access to a child", () => {
  it("lasts until the day before the fifteenth birthday", () => {
    expect(isUnderParentAccessAge("2011-12-04", "2026-12-03")).toBe(true);
  });

  it("ends on the fifteenth birthday", () => {
    expect(isUnderParentAccessAge("2011-12-03", "2026-12-03")).toBe(false);
    expect(isUnderParentAccessAge("2000-01-01", "2026-12-03")).toBe(false);
  });

  it("counts a birthday on 29 February as passed on 1 March of a common year", () => {
    expect(isUnderParentAccessAge("2012-02-29", "2027-02-28")).toBe(true);
    expect(isUnderParentAccessAge("2012-02-29", "2027-03-01")).toBe(false);
  });
});

describe("whom an account acts for", () => {
  const account = {
    nameKey: "иванов|иван|иванович",
    birthDate: "1985-04-12",
    phone: "+79261111111",
  };
  const row = (
    id: string,
    nameKey: string,
    birthDate: string,
    replaced = false,
    phone: string | null = null,
  ): HeldPerson => ({ id, nameKey, birthDate, replaced, phone });
  const today = "2026-12-03";

  it("acts for its own rows, replaced ones included, and for a child under 15", () => {
    const persons = [
      row("own", account.nameKey, account.birthDate),
      row("own-old", account.nameKey, account.birthDate, true),
      row("child", "иванова|софья|ивановна", "2017-03-01"),
    ];
    expect(actedFor(account, persons, today).map((p) => [p.id, p.relation])).toEqual([
      ["own", "self"],
      ["own-old", "self"],
      ["child", "child"],
    ]);
  });

  it("never acts for an adult «Пациент 2», nor for a child on its fifteenth birthday", () => {
    const persons = [
      row("spouse", "иванова|мария|петровна", "1987-06-01"),
      row("teen", "иванов|петр|иванович", "2011-12-03"),
    ];
    expect(actedFor(account, persons, today)).toEqual([]);
  });

  it("knows its own row by its phone and birth date when the registry spells the name otherwise", () => {
    const persons = [row("own", "иванов|иван|", account.birthDate, false, account.phone)];
    expect(actedFor(account, persons, today).map((p) => p.relation)).toEqual(["self"]);
  });

  it("is not made another adult's by its phone on that adult's row", () => {
    const persons = [row("spouse", "иванова|мария|петровна", "1987-06-01", false, account.phone)];
    expect(actedFor(account, persons, today)).toEqual([]);
  });

  it("keeps a child's replaced rows only while the child is a current person somewhere", () => {
    const old = row("old", "иванова|софья|ивановна", "2017-03-01", true);
    expect(actedFor(account, [old], today)).toEqual([]);
    const current = row("new", "иванова|софья|ивановна", "2017-03-01");
    expect(actedFor(account, [old, current], today).map((p) => p.id)).toEqual(["old", "new"]);
  });
});
