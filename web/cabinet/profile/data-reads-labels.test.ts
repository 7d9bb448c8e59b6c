import { describe, expect, it } from "vitest";
import { auditActions } from "../../../common/staff/audit.schema.ts";
import texts from "../locales/ru/privacy.json" with { type: "json" };

// «Кто смотрел мои данные» words every audit action that can name a client's data; a new action
// recorded on a contract, a chat, a message, a visit, an order or a card needs its words here,
// or the client reads only «Просмотр ваших данных».

/** Actions about the company's own catalogue and registry, which name no client's data. */
const notAboutClients = new Set<string>([
  "registry-import.view",
  "clinic.create",
  "clinic.update",
  "doctor.create",
  "doctor.update",
  "doctor.template.save",
  "doctor.exception.add",
  "doctor.exception.remove",
  "service.create",
  "service.update",
  "network.create",
  "network.update",
  "network.delete",
  "clinic-import.upload",
  "clinic-import.prices",
  "clinic-import.doctors",
  // A period's ledger: not matched to an account (see the data-reads repository).
  "order.export",
]);

describe("the words of «Кто смотрел мои данные»", () => {
  it("name every audit action about a client's data, in Russian", () => {
    const worded = texts.dataReads.actions as Record<string, string>;
    const missing = auditActions.filter(
      (action) => !notAboutClients.has(action) && !/[А-Яа-яЁё]/.test(worded[action] ?? ""),
    );
    expect(missing).toEqual([]);
  });

  it("word no action that does not exist", () => {
    const known = new Set<string>(auditActions);
    expect(Object.keys(texts.dataReads.actions).filter((action) => !known.has(action))).toEqual([]);
  });
});
