// Money crosses the provider's API as a string of roubles with two decimals («2900.00»); inside
// it is integer kopecks. Integer string arithmetic both ways: a float never touches an amount.

const ROUBLES = /^(\d{1,12})\.(\d{2})$/;

/** 290000 → "2900.00". */
export function kopecksToRoubles(kopecks: number): string {
  if (!Number.isSafeInteger(kopecks) || kopecks < 0) {
    throw new RangeError(`an amount in kopecks must be a non-negative integer, got ${kopecks}`);
  }
  const roubles = Math.trunc(kopecks / 100);
  const rest = kopecks % 100;
  return `${roubles}.${rest.toString().padStart(2, "0")}`;
}

/** "2900.00" → 290000; anything but digits, a point and two digits is refused. */
export function roublesToKopecks(value: string): number {
  const match = ROUBLES.exec(value);
  if (!match) throw new RangeError(`not an amount in roubles with two decimals: ${value}`);
  const [, roubles = "0", rest = "00"] = match;
  return Number(roubles) * 100 + Number(rest);
}
