import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import staffAudit from "../locales/audit.json";
import staffReplacements from "../locales/replacements.json";
import { describeAuditDetails } from "./audit-details.ts";

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: "ru",
    ns: ["staffAudit", "staffReplacements"],
    resources: { ru: { staffAudit, staffReplacements } },
    interpolation: { escapeValue: false },
  });
});

function shown(action: string, details: Record<string, unknown> | null) {
  return describeAuditDetails(i18n.getFixedT("ru", ["staffAudit", "staffReplacements"]), {
    action,
    details,
  });
}

const id = "3c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";

describe("describeAuditDetails", () => {
  it("gives the reason a doctor opened a closed or another doctor's chat, and which chats a list showed", () => {
    expect(shown("chat.view", { reason: "Разбор жалобы" })).toBe("Причина: «Разбор жалобы»");
    expect(shown("chat.list", { view: "queue", ids: [id, id] })).toBe("Очередь: 2 чата");
    expect(shown("chat.file.download", { conversationId: id, reason: "Разбор жалобы" })).toBe(
      `Файл из чата ${id}, причина: «Разбор жалобы»`,
    );
  });

  it("gives the reason a doctor opened a medical card and from where, and what was added or opened in it", () => {
    expect(shown("medcard.open", { reason: "Уточнить аллергии", chatId: id })).toBe(
      `Причина: «Уточнить аллергии», из чата ${id}`,
    );
    expect(shown("medcard.open", { reason: "Уточнить аллергии", appealId: id })).toBe(
      `Причина: «Уточнить аллергии», из обращения ${id}`,
    );
    expect(shown("medcard.entry.add", { entryId: id, kind: "allergy" })).toBe("Запись: аллергия");
    expect(
      shown("medcard.document.download", { documentId: id, title: "Анализ крови", download: true }),
    ).toBe("Документ «Анализ крови»");
  });

  it("names the order an admin refunded, how much and why, and the period exported", () => {
    const amount = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB" }).format(
      900.5,
    );
    expect(shown("order.refund", { number: 100123, amountKopecks: 90_050, reason: "Жалоба" })).toBe(
      `Заказ № 100123, возврат ${amount}, причина: «Жалоба»`,
    );
    expect(shown("order.export", { from: "2026-12-01", to: "2026-12-03" })).toBe(
      "Период: 01.12.2026 — 03.12.2026",
    );
    expect(shown("order.search", { query: "", offset: 0, found: [100123] })).toBe(
      "Все заказы, найден 1",
    );
    expect(shown("order.view", { number: 100123 })).toBe("Заказ № 100123");
  });

  it("says what an operator searched and how much was found", () => {
    expect(
      shown("contract.search", { query: "11/30117742", offset: 0, found: ["11/30117742"] }),
    ).toBe("Запрос: «11/30117742», найден 1");
    expect(shown("contract.search", { query: "Иванов", offset: 50, found: [] })).toBe(
      "Запрос: «Иванов», найдено 0, с 51-й записи",
    );
  });

  it("names the contract of a card, a replacement request and an unlinked holder", () => {
    expect(shown("contract.view", { number: "11/30117742" })).toBe("Договор 11/30117742");
    expect(shown("replacement.view", { contractNumber: "11/30245190" })).toBe(
      "Договор 11/30245190",
    );
    expect(
      shown("contract.unlink", {
        number: "11/30117742",
        clientId: id,
        source: "phone",
        since: "2026-03-04T21:30:00.000Z",
      }),
    ).toBe("Договор 11/30117742, учётная запись привязана по телефону с 05.03.2026");
  });

  it("counts the listed call-backs, messages and replacement requests in words", () => {
    expect(shown("callback.list", { ids: [], which: "open" })).toBe("Открытые: 0 заявок");
    expect(shown("message.list", { ids: [id, id], which: "closed" })).toBe("Закрытые: 2 сообщения");
    expect(shown("message.list", { ids: [id], which: "open" })).toBe("Открытые: 1 сообщение");
    expect(
      shown("replacement.list", { status: "pending", offset: 0, requests: [id, id, id] }),
    ).toBe("Ожидают решения: 3 заявки");
    expect(shown("replacement.list", { status: "all", offset: 50, requests: [id] })).toBe(
      "Все: 1 заявка, с 51-й записи",
    );
  });

  it("says which message a downloaded file came from", () => {
    expect(shown("attachment.download", { messageId: id })).toBe(`Файл из сообщения ${id}`);
  });

  it("shows a dash for a row without details", () => {
    expect(shown("message.view", null)).toBe("—");
    expect(shown("registry-import.view", {})).toBe("—");
  });

  it("never shows raw JSON: an unknown shape lists its plain values by key", () => {
    const text = shown("chat.view", {
      chatId: "c-1",
      ids: [1, 2],
      urgent: true,
      nested: { a: 1 },
    });
    expect(text).toBe("Прочие сведения: chatId: c-1; ids: 2 значения; urgent: да");
    expect(text).not.toMatch(/[{}[\]"]/);
    // A known action whose details changed shape falls back the same way.
    expect(shown("callback.list", { which: "всё", ids: "нет" })).toBe(
      "Прочие сведения: which: всё; ids: нет",
    );
    expect(shown("contract.view", { nested: { deep: true } })).toBe("—");
  });

  it("keeps an unknown shape's text short", () => {
    expect(shown("x.y", { note: "а".repeat(1000) }).length).toBeLessThanOrEqual(300);
  });
});
