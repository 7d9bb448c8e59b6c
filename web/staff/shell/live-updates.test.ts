import { describe, expect, it } from "vitest";
import { consoleLiveKeys } from "./live-updates.ts";

const update = (type: string, payload: Record<string, string> = {}) => ({ id: "1", type, payload });

describe("the console's live keys", () => {
  it("refetches a queue and the counts of «Обзор» and the menu when its items change", () => {
    expect(consoleLiveKeys.keysFor(update("message.sent", { messageId: "m" }))).toEqual([
      ["staff", "contact", "messages"],
      ["staff", "contact", "summary"],
    ]);
    expect(consoleLiveKeys.keysFor(update("callback.taken"))).toEqual([
      ["staff", "contact", "callbacks"],
      ["staff", "contact", "summary"],
    ]);
  });

  it("refetches the replacement queue and the contract's card when a replacement is asked for", () => {
    expect(consoleLiveKeys.keysFor(update("replacement.requested", { contractId: "k" }))).toEqual([
      ["staff", "replacements"],
      ["staff", "contact", "summary"],
      ["staff", "contracts", "card", "k"],
    ]);
  });

  it("refetches every list, count and card of «Записи» on an appointment event", () => {
    expect(
      consoleLiveKeys.keysFor(update("appointment.requested", { appointmentId: "a" })),
    ).toEqual([["staff", "appointments"]]);
    expect(consoleLiveKeys.all).toContainEqual(["staff", "appointments"]);
  });

  it("refetches the chat lists and the chat itself on a chat event, and nothing on a typing signal", () => {
    expect(consoleLiveKeys.keysFor(update("chat.message", { conversationId: "c" }))).toEqual([
      ["staff", "chats", "list"],
      ["staff", "chats", "detail", "c"],
    ]);
    expect(consoleLiveKeys.keysFor(update("chat.typing", { conversationId: "c" }))).toEqual([]);
  });

  it("ignores an event type it does not know", () => {
    expect(consoleLiveKeys.keysFor(update("booking.posted"))).toEqual([]);
  });
});
