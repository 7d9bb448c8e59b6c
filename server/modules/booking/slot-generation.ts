import {
  addCalendarDays,
  isoWeekday,
  minutesOf,
  moscowDate,
  moscowInstant,
} from "./moscow-time.ts";

/** Moscow wall-clock times `HH:mm`; `end` is excluded. */
export type TimeRange = { start: string; end: string };

/** A doctor's week: for each ISO weekday (Monday 1 … Sunday 7) the working hours and breaks. */
export type WeeklyTemplate = {
  slotMinutes: number;
  days: { weekday: number; hours: TimeRange; breaks: TimeRange[] }[];
};

/** Leave or a sick day on a Moscow date: the whole day when `hours` is absent, else those hours. */
export type ScheduleException = { date: string; hours?: TimeRange };

export type Slot = { start: Date; end: Date };

type Interval = [number, number];

/**
 * Free slots of a doctor's template for `days` Moscow calendar days from today (today included), as
 * [start, end) UTC instants. Slots are laid end to end from the start of each free stretch (hours less
 * breaks and exceptions), so none crosses a break, an exception or the end of hours; a slot that has
 * already started at `now` is not offered.
 */
export function generateSlots(input: {
  template: WeeklyTemplate;
  exceptions: ScheduleException[];
  now: Date;
  days: number;
}): Slot[] {
  const { slotMinutes } = input.template;
  if (!Number.isInteger(slotMinutes) || slotMinutes <= 0) {
    throw new RangeError(`A slot is a whole positive number of minutes: ${slotMinutes}`);
  }
  const slots: Slot[] = [];
  const today = moscowDate(input.now);
  for (let offset = 0; offset < input.days; offset += 1) {
    const date = addCalendarDays(today, offset);
    const closed = input.exceptions.filter((exception) => exception.date === date);
    if (closed.some((exception) => exception.hours === undefined)) continue;
    const weekday = isoWeekday(date);
    for (const day of input.template.days.filter((entry) => entry.weekday === weekday)) {
      const taken = [...day.breaks, ...closed.flatMap((exception) => exception.hours ?? [])];
      for (const [from, to] of subtract(toInterval(day.hours), taken.map(toInterval))) {
        for (let start = from; start + slotMinutes <= to; start += slotMinutes) {
          const slot = {
            start: moscowInstant(date, start),
            end: moscowInstant(date, start + slotMinutes),
          };
          if (slot.start.getTime() > input.now.getTime()) slots.push(slot);
        }
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function toInterval(range: TimeRange): Interval {
  const interval: Interval = [minutesOf(range.start), minutesOf(range.end)];
  if (interval[0] >= interval[1]) {
    throw new RangeError(`A time range ends after it starts: ${range.start}–${range.end}`);
  }
  return interval;
}

/** `whole` less every interval of `holes`, as ordered disjoint intervals. */
function subtract(whole: Interval, holes: Interval[]): Interval[] {
  let pieces: Interval[] = [whole];
  for (const [holeFrom, holeTo] of holes) {
    pieces = pieces.flatMap(([from, to]): Interval[] => {
      if (holeTo <= from || holeFrom >= to) return [[from, to]];
      const left: Interval[] = holeFrom > from ? [[from, holeFrom]] : [];
      const right: Interval[] = holeTo < to ? [[holeTo, to]] : [];
      return [...left, ...right];
    });
  }
  return pieces.sort((a, b) => a[0] - b[0]);
}
