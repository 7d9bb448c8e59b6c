import { describe, expect, it } from "vitest";
import { appointmentInbox, reminderInbox } from "./notification-texts.ts";

describe("an inbox row's body made from an SMS", () => {
  it("drops «РМС:» and a first sentence that only repeats the title, and begins with a capital", () => {
    const row = appointmentInbox(
      "booked",
      "РМС: запись подтверждена. терапевт Смирнов А. П., 05.12 в 10:00, Клиника «Здоровье».",
    );
    expect(row).toEqual({
      title: "Запись подтверждена",
      body: "Терапевт Смирнов А. П., 05.12 в 10:00, Клиника «Здоровье».",
    });
  });

  it("keeps a first sentence that says more than the title", () => {
    expect(reminderInbox("РМС: напоминаем о приёме завтра в 10:00: терапевт.").body).toBe(
      "Напоминаем о приёме завтра в 10:00: терапевт.",
    );
  });
});
