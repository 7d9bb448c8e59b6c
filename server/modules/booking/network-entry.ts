import type { LimitPeriod, NetworkEntry } from "./coverage.ts";

/** One row of a program's network at one clinic: null specialty or service means «all of them». */
export type NetworkRow = {
  specialtyId: string | null;
  serviceId: string | null;
  guaranteeLetterRequired: boolean;
  limitVisits: number | null;
  limitPeriod: LimitPeriod;
};

/**
 * The network entry that covers a service of a specialty at a clinic, from the program's rows for
 * that clinic: the most specific row wins (the service itself, then its specialty, then the whole
 * clinic); null when no row covers it. `usedInPeriod` is the caller's count for the chosen row.
 */
export function networkRowFor(
  rows: readonly NetworkRow[],
  specialtyId: string,
  serviceId: string,
): NetworkRow | null {
  const matching = rows.filter(
    (row) =>
      (row.specialtyId === null || row.specialtyId === specialtyId) &&
      (row.serviceId === null || row.serviceId === serviceId),
  );
  const specificity = (row: NetworkRow) =>
    (row.serviceId === null ? 0 : 2) + (row.specialtyId === null ? 0 : 1);
  return matching.sort((a, b) => specificity(b) - specificity(a))[0] ?? null;
}

/** The chosen row with the visits already used in its period, as `decideCoverage` takes it. */
export function toNetworkEntry(row: NetworkRow | null, usedInPeriod: number): NetworkEntry | null {
  if (row === null) return null;
  return {
    guaranteeLetterRequired: row.guaranteeLetterRequired,
    limit:
      row.limitVisits === null
        ? null
        : { visits: row.limitVisits, period: row.limitPeriod, usedInPeriod },
  };
}
