import { describe, expect, it } from "vitest";
import { consoleSections, menuSections, OVERVIEW_PATH, startPath } from "./console-sections.tsx";

const menu = (role: Parameters<typeof menuSections>[0]) =>
  menuSections(role).map((section) => section.id);

describe("the console's start page and menu by role", () => {
  it("starts a doctor on the chats, with the messages, call-backs and contracts next", () => {
    expect(startPath("doctor")).toBe("/staff/chats");
    expect(menu("doctor").slice(0, 4)).toEqual(["chats", "messages", "callbacks", "contracts"]);
  });

  it("shows «Чаты» to doctors and admins, not to operators", () => {
    expect(menu("doctor")).toContain("chats");
    expect(menu("admin")).toContain("chats");
    expect(menu("operator")).not.toContain("chats");
  });

  it("starts an operator and an admin on «Обзор»", () => {
    expect(startPath("operator")).toBe(OVERVIEW_PATH);
    expect(startPath("admin")).toBe(OVERVIEW_PATH);
    expect(menu("operator")[0]).toBe("overview");
  });

  it("shows the admin's sections only to an admin", () => {
    const adminOnly = ["serviceTypes", "audit", "registry", "integration", "calendar", "members"];
    expect(menu("admin")).toEqual(expect.arrayContaining(adminOnly));
    for (const role of ["operator", "doctor"] as const) {
      expect(menu(role).filter((section) => adminOnly.includes(section))).toEqual([]);
    }
  });

  it("gives a doctor the operator's working sections and «Чаты», only in another order", () => {
    const operatorsOwn = ["appointments", "clinics", "orders", "personalData", "privacyRequests"];
    const shared = menu("operator").filter((section) => !operatorsOwn.includes(section));
    expect([...menu("doctor")].sort()).toEqual([...shared, "chats"].sort());
  });

  it("keeps the menu orders the console has always had", () => {
    expect(menu("operator")).toEqual([
      "overview",
      "profile",
      "callbacks",
      "messages",
      "appointments",
      "clinics",
      "contracts",
      "orders",
      "replacements",
      "personalData",
      "privacyRequests",
      "programs",
    ]);
    expect(menu("doctor")).toEqual([
      "chats",
      "messages",
      "callbacks",
      "contracts",
      "overview",
      "programs",
      "replacements",
      "profile",
    ]);
    expect(menu("admin")).toEqual([
      "overview",
      "profile",
      "chats",
      ...menu("operator").slice(2),
      "serviceTypes",
      "audit",
      "registry",
      "clinicImport",
      "integration",
      "calendar",
      "members",
    ]);
  });

  it("shows «Записи» to operators and admins, not to doctors", () => {
    expect(menu("operator")).toContain("appointments");
    expect(menu("admin")).toContain("appointments");
    expect(menu("doctor")).not.toContain("appointments");
  });

  it("shows «Заказы и платежи» to operators and admins, not to doctors", () => {
    expect(menu("operator")).toContain("orders");
    expect(menu("admin")).toContain("orders");
    expect(menu("doctor")).not.toContain("orders");
  });

  it("gives every section its own address", () => {
    const paths = consoleSections.map((section) => section.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
