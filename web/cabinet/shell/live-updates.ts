import { type LiveKeys, useLiveEvents, useLiveListener } from "../../ui/live-events.ts";
import { appointmentsQueryKeys } from "../appointments/appointments.api.ts";
import { acknowledgeDelivery, chatQueryKeys, conversationIdOf } from "../chat/chat-stream.ts";
import { callbacksQueryKey, messagesQueryKey } from "../contact/contact.api.ts";
import { contractsQueryKey } from "../contracts/contracts.api.ts";
import { notificationsQueryKeys } from "../notifications/notifications.api.ts";

/** Which of the cabinet's queries each event makes stale (the event types of server/plugins/events.ts). */
export const cabinetLiveKeys: LiveKeys = {
  keysFor(update) {
    switch (update.type.split(".")[0]) {
      case "callback":
        return [callbacksQueryKey];
      case "message":
        // «Новые ответы» on «Главная» and «Переписка» read the same messages.
        return [messagesQueryKey()];
      case "replacement":
      case "appeal":
        return [contractsQueryKey];
      case "appointment":
        // An operator's step (confirmed, booked by phone, cancelled by the clinic) or the client's
        // own on another device; «Состоялась» also writes an appeal on the contract.
        return update.type === "appointment.fulfilled"
          ? [appointmentsQueryKeys.all, contractsQueryKey]
          : [appointmentsQueryKeys.all];
      case "notification":
        // A new one for the centre and the header's badge (read on another device too).
        return [notificationsQueryKeys.all];
      case "waitlist":
        // An earlier time offered, held 15 minutes: the open appointment shows it at once.
        return [appointmentsQueryKeys.all];
      case "chat": {
        // «Врач печатает…» is a signal for the open conversation, not a change to read again.
        if (update.type === "chat.typing") return [];
        const conversationId = conversationIdOf(update);
        return [
          chatQueryKeys.list,
          conversationId ? chatQueryKeys.conversation(conversationId) : chatQueryKeys.conversations,
        ];
      }
      default:
        return [];
    }
  },
  all: [
    callbacksQueryKey,
    messagesQueryKey(),
    contractsQueryKey,
    chatQueryKeys.all,
    appointmentsQueryKeys.all,
    notificationsQueryKeys.all,
  ],
};

/** The signed-in cabinet follows its account's live stream. */
export function useCabinetLiveUpdates(signedIn: boolean): void {
  useLiveEvents(signedIn ? "/api/events" : null, cabinetLiveKeys);
  useLiveListener(acknowledgeDelivery);
}
