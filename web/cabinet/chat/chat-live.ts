import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { ChatConversation } from "../../../common/chat/chat.schema.ts";
import { type LiveUpdate, useLiveListener } from "../../ui/live-events.ts";
import { postChatReceipt, postChatTyping } from "./chat.api.ts";
import { chatQueryKeys, conversationIdOf } from "./chat-stream.ts";

/** How long «Врач печатает…» stays after the doctor's last typing signal. */
export const TYPING_SHOWN_MS = 6_000;
/** The client's own typing goes out at most this often. */
export const TYPING_THROTTLE_MS = 3_000;

/** A typing signal from the doctor's side of this conversation (never the client's own echo). */
function isDoctorTyping(update: LiveUpdate, conversationId: string): boolean {
  if (update.type !== "chat.typing" || conversationIdOf(update) !== conversationId) return false;
  return update.payload.side === "doctor";
}

/**
 * «Врач печатает…»: true from the doctor's typing signal until TYPING_SHOWN_MS pass without one,
 * or until a new message of the doctor's arrives (`lastDoctorMessageId` changes).
 */
export function useDoctorTyping(conversationId: string, lastDoctorMessageId: string | null) {
  const [typingAt, setTypingAt] = useState<number | null>(null);
  useLiveListener((update) => {
    if (isDoctorTyping(update, conversationId)) setTypingAt(Date.now());
  });
  useEffect(() => {
    if (typingAt === null) return;
    const timer = setTimeout(() => setTypingAt(null), TYPING_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [typingAt]);
  // The doctor's message is there: they stopped typing it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new message of the doctor's
  useEffect(() => setTypingAt(null), [lastDoctorMessageId]);
  return typingAt !== null;
}

/** Tells the doctor the client is typing, at most once every TYPING_THROTTLE_MS. */
export function useTypingSignal(conversationId: string): () => void {
  const lastSent = useRef(0);
  return useCallback(() => {
    const now = Date.now();
    if (now - lastSent.current < TYPING_THROTTLE_MS) return;
    lastSent.current = now;
    // A lost typing signal matters to nobody.
    postChatTyping(conversationId).catch(() => {});
  }, [conversationId]);
}

function subscribeVisibility(onChange: () => void) {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}

/** Whether this tab is on the screen (not a background tab, not a locked phone). */
export function usePageVisible(): boolean {
  return useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState !== "hidden",
    () => true,
  );
}

/**
 * The read marks the doctor sees: the doctor's newest message is «прочитано» while the
 * conversation is open on the screen, and «доставлено» when it arrived (by the live stream's
 * refetch) into a tab in the background. Each receipt goes out once; a failed one is tried on the
 * next change.
 */
export function useReceipts(conversation: ChatConversation | undefined): void {
  const queryClient = useQueryClient();
  const visible = usePageVisible();
  const posted = useRef(new Set<string>());
  const lastDoctor = conversation?.messages.findLast((message) => message.author === "doctor");
  const conversationId = conversation?.id;
  const delivery = lastDoctor?.delivery;
  const lastDoctorId = lastDoctor?.id;

  useEffect(() => {
    if (!conversationId || !lastDoctorId || delivery === "read") return;
    const state = visible ? "read" : "delivered";
    if (state === "delivered" && delivery === "delivered") return;
    const key = `${lastDoctorId}:${state}`;
    if (posted.current.has(key)) return;
    posted.current.add(key);
    postChatReceipt(conversationId, { upToMessageId: lastDoctorId, state }).then(
      () => {
        // The list's unread marks follow a read receipt.
        if (state === "read") void queryClient.invalidateQueries({ queryKey: chatQueryKeys.list });
      },
      () => posted.current.delete(key),
    );
  }, [conversationId, lastDoctorId, delivery, visible, queryClient]);
}
