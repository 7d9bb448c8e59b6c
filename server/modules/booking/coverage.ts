import { addCalendarDays, dateParts, moscowDate } from "./moscow-time.ts";

/** How a program's limit is counted: per calendar month, quarter or year (Moscow), or over the whole contract. */
export type LimitPeriod = "month" | "quarter" | "year" | "contract";

/** The person's program network entry for one clinic, specialty and service (null: the program does not cover it). */
export type NetworkEntry = {
  guaranteeLetterRequired: boolean;
  /** e.g. 5 visits a year; `usedInPeriod` counts the live and fulfilled visits in the period of the visit date. */
  limit: { visits: number; period: LimitPeriod; usedInPeriod: number } | null;
};

export type CoverageInput = {
  visitStartsAt: Date;
  /** The contract's term in Moscow calendar dates, both days included. */
  contract: { startDate: string; endDate: string };
  network: NetworkEntry | null;
  /** The clinic's own price of the service, in kopecks. */
  clinicPriceKopecks: number;
  /** The company's discount on paid visits, in basis points (1500 = 15 %); 0 when there is none. */
  discountBasisPoints: number;
};

export type PaidReason = "not_in_network" | "limit_used_up" | "contract_not_active";

export type Coverage =
  | { kind: "covered" }
  | { kind: "guarantee_letter" }
  | { kind: "paid"; reason: PaidReason; clinicPriceKopecks: number; companyPriceKopecks: number };

/**
 * What a time and service costs this person: «По программе», «Нужно гарантийное письмо» or «Платно».
 * Checked in this order: the contract active on the visit's Moscow date, the service in the person's
 * network, its limit not used up, then whether the clinic needs a guarantee letter.
 */
export function decideCoverage(input: CoverageInput): Coverage {
  const paid = (reason: PaidReason): Coverage => ({
    kind: "paid",
    reason,
    clinicPriceKopecks: input.clinicPriceKopecks,
    companyPriceKopecks: discountedPriceKopecks(
      input.clinicPriceKopecks,
      input.discountBasisPoints,
    ),
  });
  const visitDate = moscowDate(input.visitStartsAt);
  if (visitDate < input.contract.startDate || visitDate > input.contract.endDate) {
    return paid("contract_not_active");
  }
  if (input.network === null) return paid("not_in_network");
  const { limit } = input.network;
  if (limit !== null && limit.usedInPeriod >= limit.visits) return paid("limit_used_up");
  return input.network.guaranteeLetterRequired ? { kind: "guarantee_letter" } : { kind: "covered" };
}

/**
 * The company's price: the clinic's price less the discount, rounded DOWN to a whole kopeck, so the
 * client never pays a fraction of a kopeck more than the discount promises (1 001 kopecks at 15 % →
 * 850.85 → 850). Integer arithmetic only: no floating-point money.
 */
export function discountedPriceKopecks(
  clinicPriceKopecks: number,
  discountBasisPoints: number,
): number {
  if (!Number.isSafeInteger(clinicPriceKopecks) || clinicPriceKopecks < 0) {
    throw new RangeError(
      `A price is a whole, non-negative number of kopecks: ${clinicPriceKopecks}`,
    );
  }
  if (
    !Number.isInteger(discountBasisPoints) ||
    discountBasisPoints < 0 ||
    discountBasisPoints > 10_000
  ) {
    throw new RangeError(`A discount is 0…10000 basis points: ${discountBasisPoints}`);
  }
  return Math.floor((clinicPriceKopecks * (10_000 - discountBasisPoints)) / 10_000);
}

/**
 * The Moscow calendar period whose visits count against a limit for a visit on `visitStartsAt`:
 * `from` included, `to` excluded (`yyyy-mm-dd`). The repository counts usage in exactly this range.
 */
export function limitPeriodContaining(
  visitStartsAt: Date,
  period: LimitPeriod,
  contract: { startDate: string; endDate: string },
): { from: string; to: string } {
  if (period === "contract") {
    return { from: contract.startDate, to: addCalendarDays(contract.endDate, 1) };
  }
  const [year, month] = dateParts(moscowDate(visitStartsAt));
  const pad = (value: number) => String(value).padStart(2, "0");
  if (period === "year") return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
  const firstMonth = period === "quarter" ? Math.floor((month - 1) / 3) * 3 + 1 : month;
  const span = period === "quarter" ? 3 : 1;
  const nextMonth = firstMonth + span;
  const to =
    nextMonth > 12 ? `${year + 1}-${pad(nextMonth - 12)}-01` : `${year}-${pad(nextMonth)}-01`;
  return { from: `${year}-${pad(firstMonth)}-01`, to };
}
