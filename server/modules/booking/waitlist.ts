/** An earlier time offered to a waiting client is held for them this long. */
export const OFFER_HOLD_MINUTES = 15;

/** Whether an offer made at `offeredAt` still holds the time at `now`: for 15 minutes, the 15th excluded. */
export function isOfferHeld(offeredAt: Date, now: Date, holdMinutes = OFFER_HOLD_MINUTES): boolean {
  return now.getTime() < offeredAt.getTime() + holdMinutes * 60_000;
}

export type WaitingClient = {
  id: string;
  joinedAt: Date;
  /** The start of the appointment the client would move from. */
  currentStartsAt: Date;
};

/**
 * Who is offered a freed time: the client who joined the waitlist first (then by id, so two servers
 * agree), skipping those for whom it is not earlier than their own time and those already offered it
 * (`alreadyOffered`: declined or let the hold lapse). Null when nobody is left.
 */
export function nextWaitingClient(
  freedStartsAt: Date,
  waiting: readonly WaitingClient[],
  alreadyOffered: ReadonlySet<string> = new Set(),
): WaitingClient | null {
  const eligible = waiting
    .filter((client) => client.currentStartsAt.getTime() > freedStartsAt.getTime())
    .filter((client) => !alreadyOffered.has(client.id))
    .sort(
      (a, b) =>
        a.joinedAt.getTime() - b.joinedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  return eligible[0] ?? null;
}
