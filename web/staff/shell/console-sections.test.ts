import { describe, expect, it } from "vitest";
import { menuSections, OVERVIEW_PATH, startPath } from "./console-sections.ts";

describe("the console's start page and menu by role", () => {
  it("starts a doctor on the messages, with the call-backs and contracts next", () => {
    expect(startPath("doctor")).toBe("/staff/messages");
    expect(menuSections("doctor").slice(0, 3)).toEqual(["messages", "callbacks", "contracts"]);
  });

  it("starts an operator and an admin on «Обзор»", () => {
    expect(startPath("operator")).toBe(OVERVIEW_PATH);
    expect(startPath("admin")).toBe(OVERVIEW_PATH);
    expect(menuSections("operator")[0]).toBe("overview");
  });

  it("shows the admin's sections only to an admin", () => {
    const adminOnly = ["serviceTypes", "audit", "registry", "integration", "calendar", "members"];
    expect(menuSections("admin")).toEqual(expect.arrayContaining(adminOnly));
    for (const role of ["operator", "doctor"] as const) {
      expect(menuSections(role).filter((section) => adminOnly.includes(section))).toEqual([]);
    }
  });

  it("gives every role the same working sections, only in another order", () => {
    expect([...menuSections("doctor")].sort()).toEqual([...menuSections("operator")].sort());
  });
});
