import { useCallback } from "react";
import { useSearchParams } from "react-router";

/**
 * The booking's choices, kept in the address (back, reload and links from the chat work):
 * /cabinet/booking?personId=…&specialtyId=…&clinicId=…&day=…&slotId=…
 */
export interface BookingChoices {
  /** Only the persons of this contract are offered (opened from a contract page). */
  contractId: string | null;
  personId: string | null;
  specialtyId: string | null;
  doctorId: string | null;
  metro: string | null;
  district: string | null;
  clinicId: string | null;
  day: string | null;
  slotId: string | null;
}

export type BookingKey = keyof BookingChoices;

const keys: readonly BookingKey[] = [
  "contractId",
  "personId",
  "specialtyId",
  "doctorId",
  "metro",
  "district",
  "clinicId",
  "day",
  "slotId",
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A value from the address that is of the right shape, else null (a hand-edited link). */
function valid(key: BookingKey, value: string | null): string | null {
  if (value === null || value === "") return null;
  if (key === "day") return DAY.test(value) ? value : null;
  if (key === "metro" || key === "district") return value.slice(0, 100);
  return UUID.test(value) ? value : null;
}

export function readChoices(search: URLSearchParams): BookingChoices {
  const choices = {} as BookingChoices;
  for (const key of keys) choices[key] = valid(key, search.get(key));
  return choices;
}

/** What a step's change clears: the choices made after it. */
const later: Record<BookingKey, readonly BookingKey[]> = {
  contractId: [],
  personId: ["specialtyId", "doctorId", "metro", "district", "clinicId", "day", "slotId"],
  specialtyId: ["doctorId", "clinicId", "day", "slotId"],
  doctorId: ["clinicId", "day", "slotId"],
  metro: ["clinicId", "day", "slotId"],
  district: ["clinicId", "day", "slotId"],
  clinicId: ["day", "slotId"],
  day: ["slotId"],
  slotId: [],
};

/** The address of the booking with `changes` applied, the later choices cleared. */
export function bookingSearch(
  current: BookingChoices,
  changes: Partial<Record<BookingKey, string | null>>,
): string {
  const next: BookingChoices = { ...current };
  for (const key of Object.keys(changes) as BookingKey[]) {
    for (const cleared of later[key]) next[cleared] = null;
  }
  for (const key of Object.keys(changes) as BookingKey[]) next[key] = changes[key] ?? null;
  const search = new URLSearchParams();
  for (const key of keys) {
    const value = next[key];
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** The choices and a way to make one: each choice is a new history entry (back undoes it). */
export function useBookingChoices() {
  const [search, setSearch] = useSearchParams();
  const choices = readChoices(search);
  const choose = useCallback(
    (changes: Partial<Record<BookingKey, string | null>>, options?: { replace?: boolean }) => {
      setSearch((previous) => new URLSearchParams(bookingSearch(readChoices(previous), changes)), {
        replace: options?.replace ?? false,
      });
    },
    [setSearch],
  );
  return { choices, choose };
}
