import { useEffect, useState } from "react";

/** Whole minutes from `since` to `now`, never below zero (a clock a little ahead of the server's). */
export function minutesSince(since: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
}

/** A wait as hours and minutes: 75 → { hours: 1, minutes: 15 }. */
export function splitMinutes(total: number): { hours: number; minutes: number } {
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** The time now, moving on every `stepMs`: waiting times count up on an open list. */
export function useNow(stepMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), stepMs);
    return () => window.clearInterval(timer);
  }, [stepMs]);
  return now;
}

/** The queue, oldest wait first (a chat with no wait, the doctor having spoken last, at the end). */
export function oldestWaitFirst<T extends { waitingSince: string | null; createdAt: string }>(
  chats: readonly T[],
): T[] {
  const key = (chat: T) => Date.parse(chat.waitingSince ?? "") || Number.POSITIVE_INFINITY;
  return [...chats].sort(
    (a, b) => key(a) - key(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
}
