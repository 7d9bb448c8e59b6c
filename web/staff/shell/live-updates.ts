import type { QueryKey } from "@tanstack/react-query";
import { type LiveKeys, type LiveUpdate, useLiveEvents } from "../../ui/live-events.ts";
import { appointmentsKey } from "../appointments/appointments.api.ts";
import { chatKeysFor, chatListKey, chatsKey } from "../chat/chat.api.ts";
import { callbacksKey, messagesKey, queueSummaryKey } from "../contact/contact.api.ts";
import { contractCardKey } from "../contracts/contracts.api.ts";
import { replacementsKey } from "../replacements/replacements.api.ts";

function contractCard(update: LiveUpdate): QueryKey[] {
  const { contractId } = update.payload;
  return typeof contractId === "string" ? [contractCardKey(contractId)] : [];
}

/** Which of the console's queries each event makes stale (the event types of server/plugins/events.ts). */
export const consoleLiveKeys: LiveKeys = {
  keysFor(update) {
    const area = update.type.split(".")[0];
    switch (area) {
      case "callback":
        return [callbacksKey, queueSummaryKey];
      case "message":
        return [messagesKey, queueSummaryKey];
      case "replacement":
        return [replacementsKey, queueSummaryKey, ...contractCard(update)];
      case "appeal":
        return contractCard(update);
      case "appointment":
        return [appointmentsKey];
      case "chat":
        // A typing signal changes nothing stored: the chat page hears it itself.
        return update.type === "chat.typing" ? [] : chatKeysFor(update.payload);
      default:
        return [];
    }
  },
  all: [
    callbacksKey,
    messagesKey,
    replacementsKey,
    queueSummaryKey,
    appointmentsKey,
    chatListKey,
    [...chatsKey, "detail"],
  ],
};

/**
 * The queues, «Обзор» and the menu's badges follow the console's live stream while someone is
 * signed in, instead of polling.
 */
export function useConsoleLiveUpdates(signedIn: boolean): void {
  useLiveEvents(signedIn ? "/api/staff/events" : null, consoleLiveKeys);
}
