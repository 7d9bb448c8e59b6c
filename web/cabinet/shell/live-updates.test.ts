import { describe, expect, it } from "vitest";
import { cabinetLiveKeys } from "./live-updates.ts";

const update = (type: string, payload: Record<string, string> = {}) => ({ id: "1", type, payload });

describe("the cabinet's live keys", () => {
  it("refetches the correspondence, which «Новые ответы» on «Главная» reads too, on a reply", () => {
    expect(cabinetLiveKeys.keysFor(update("message.replied", { messageId: "m" }))).toEqual([
      ["messages"],
    ]);
  });

  it("refetches the contracts when a replacement is decided", () => {
    expect(cabinetLiveKeys.keysFor(update("replacement.decided"))).toEqual([["contracts"]]);
  });

  it("refetches the list and the one conversation a chat event names", () => {
    expect(cabinetLiveKeys.keysFor(update("chat.posted", { conversationId: "c1" }))).toEqual([
      ["chat", "conversations"],
      ["chat", "conversation", "c1"],
    ]);
  });

  it("refetches nothing on the doctor's typing signal", () => {
    expect(cabinetLiveKeys.keysFor(update("chat.typing", { conversationId: "c1" }))).toEqual([]);
  });

  it("refetches «Мои записи» on an appointment's step and on an earlier time offered, and the contract on «Состоялась»", () => {
    expect(cabinetLiveKeys.keysFor(update("waitlist.offered", { offerId: "o" }))).toEqual([
      ["appointments"],
    ]);
    expect(cabinetLiveKeys.keysFor(update("appointment.confirmed"))).toEqual([["appointments"]]);
    expect(cabinetLiveKeys.keysFor(update("appointment.fulfilled"))).toEqual([
      ["appointments"],
      ["contracts"],
    ]);
  });

  it("refetches the notification centre and the header's unread count on a new notification", () => {
    expect(
      cabinetLiveKeys.keysFor(update("notification.created", { notificationId: "n" })),
    ).toEqual([["notifications"]]);
    expect(cabinetLiveKeys.all).toContainEqual(["notifications"]);
  });
});
