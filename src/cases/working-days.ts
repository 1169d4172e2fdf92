// Working-day clock for case time limits (限时办结): weekends, public holidays and make-up workdays (调休)
// on the mainland calendar, with days read in the hotline's time zone whatever the host's TZ is.
import holidayData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { HOTLINE_TIME_ZONE } from './case-number.ts';

export interface WorkingCalendar {
  /** `day` is a calendar day written YYYY-MM-DD. */
  isWorkingDay(day: string): boolean;
  /** A public holiday (weekend days inside a holiday block included); optional for test calendars. */
  isPublicHoliday?(day: string): boolean;
}

// We read chinese-days' published data rather than call its isWorkday(): that function parses
// 'YYYY-MM-DD' as UTC midnight and then reads local fields, so on a host west of UTC it answers
// for the previous day (a Monday comes back as a day off).
/** The State Council arrangement as the chinese-days library publishes it: day → "English,中文,n". */
export const LIBRARY_SCHEDULE: { holidays: Record<string, string>; workdays: Record<string, string> } = {
  holidays: holidayData.holidays,
  workdays: holidayData.workdays,
};

const coveredYears = Object.keys(LIBRARY_SCHEDULE.holidays).map((day) => Number(day.slice(0, 4)));

/** The years for which the State Council arrangement is in the library; outside them only weekends are off. */
export const CHINESE_CALENDAR_YEARS = {
  first: Math.min(...coveredYears),
  last: Math.max(...coveredYears),
} as const;

/** Weekends off; a listed holiday off; a listed make-up workday (调休) on. */
export function scheduledWorkingDay(day: string, holidays: Record<string, unknown>, workdays: Record<string, unknown>): boolean {
  if (workdays[day] !== undefined) return true;
  if (holidays[day] !== undefined) return false;
  const weekday = dayToUtcNoon(day).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The mainland calendar as the library has it (no admin-entered years): the default of pure functions. */
export const chineseCalendar: WorkingCalendar = {
  isWorkingDay: (day) => scheduledWorkingDay(day, LIBRARY_SCHEDULE.holidays, LIBRARY_SCHEDULE.workdays),
  isPublicHoliday: (day) => LIBRARY_SCHEDULE.holidays[day] !== undefined,
};

/** The calendar day (YYYY-MM-DD) that `at` falls on in Beijing time. */
export function localDay(at: Date): string {
  const t = at.getTime();
  return new Date(t + cachedZoneOffsetMs(t)).toISOString().slice(0, 10);
}

/**
 * The deadline for a limit of `days` working days: the end (23:59:59.999 Beijing time) of the
 * `days`-th working day counted from the day after `start`'s day — the day of intake never counts.
 */
export function addWorkingDays(start: Date, days: number, calendar: WorkingCalendar = chineseCalendar): Date {
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`a time limit must be a positive whole number of working days, got ${days}`);
  }
  let day = localDay(start);
  let counted = 0;
  let daysOff = 0;
  while (counted < days) {
    day = nextDay(day);
    if (calendar.isWorkingDay(day)) {
      counted++;
      daysOff = 0;
    } else if (++daysOff > 366) {
      // A calendar with a whole year off is broken; fail rather than spin forever.
      throw new RangeError(`no working day in the year after ${day}`);
    }
  }
  return endOfLocalDay(day);
}

/** Working days after `from`'s day, up to and including `to`'s day (0 when `to` is not on a later day). */
export function workingDaysBetween(from: Date, to: Date, calendar: WorkingCalendar = chineseCalendar): number {
  const lastDay = localDay(to);
  const firstDay = localDay(from);
  if (firstDay >= lastDay) return 0;
  const table = ordinalTable(calendar);
  const first = table.index(firstDay);
  const last = table.index(lastDay);
  if (first !== undefined && last !== undefined) return table.ordinals[last]! - table.ordinals[first]!;
  let day = firstDay;
  let count = 0;
  // YYYY-MM-DD strings sort in date order.
  while (day < lastDay) {
    day = nextDay(day);
    if (calendar.isWorkingDay(day)) count++;
  }
  return count;
}

// Deadlines and colours count working days between two days thousands of times a pass: each calendar
// gets a table of running counts (working days from 2000-01-01 up to each day to 2045), made on first
// use and dropped when the calendar changes (forgetWorkingDayCounts).
const TABLE_FIRST = Date.UTC(2000, 0, 1, 12);
const TABLE_DAYS = 46 * 366;
const tables = new WeakMap<WorkingCalendar, { ordinals: Int32Array; index(day: string): number | undefined }>();

function ordinalTable(calendar: WorkingCalendar) {
  let table = tables.get(calendar);
  if (!table) {
    const ordinals = new Int32Array(TABLE_DAYS);
    let count = 0;
    for (let i = 0; i < TABLE_DAYS; i++) {
      if (calendar.isWorkingDay(new Date(TABLE_FIRST + i * 86_400_000).toISOString().slice(0, 10))) count++;
      ordinals[i] = count;
    }
    table = {
      ordinals,
      index(day: string) {
        const i = Math.round((dayToUtcNoon(day).getTime() - TABLE_FIRST) / 86_400_000);
        return i >= 0 && i < TABLE_DAYS ? i : undefined;
      },
    };
    tables.set(calendar, table);
  }
  return table;
}

/**
 * The earliest day from which at most `left` working days remain up to and including `lastDay`
 * (workingDaysBetween(that day, lastDay) ≤ left, and for every later day too).
 */
export function earliestDayWithin(lastDay: string, left: number, calendar: WorkingCalendar = chineseCalendar): string {
  const table = ordinalTable(calendar);
  const last = table.index(lastDay);
  if (last !== undefined) {
    const target = table.ordinals[last]! - left;
    let low = 0;
    let high = last;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (table.ordinals[middle]! >= target) high = middle;
      else low = middle + 1;
    }
    if (low > 0) return new Date(TABLE_FIRST + low * 86_400_000).toISOString().slice(0, 10);
  }
  let day = lastDay;
  let counted = 0;
  for (;;) {
    const before = counted + (calendar.isWorkingDay(day) ? 1 : 0);
    if (before > left) return day;
    counted = before;
    day = nextDay(day, -1);
  }
}

/** Call after a calendar's days changed (an admin entered a year), so counts are made anew. */
export function forgetWorkingDayCounts(calendar: WorkingCalendar): void {
  tables.delete(calendar);
}

export function dayToUtcNoon(day: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`a calendar day must be YYYY-MM-DD, got "${day}"`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
}

export function nextDay(day: string, by = 1): string {
  const noon = dayToUtcNoon(day);
  noon.setUTCDate(noon.getUTCDate() + by);
  return noon.toISOString().slice(0, 10);
}

/** The last millisecond of `day` in the hotline's zone: one millisecond before the next day begins there. */
export function endOfLocalDay(day: string): Date {
  return new Date(startOfLocalDay(nextDay(day)).getTime() - 1);
}

/** The first millisecond of `day` in the hotline's zone. */
export function startOfLocalDay(day: string): Date {
  const utcMidnight = dayToUtcNoon(day).getTime() - 12 * 3_600_000;
  return new Date(utcMidnight - cachedZoneOffsetMs(utcMidnight));
}

const offsets = new Map<number, number>();
/** zoneOffsetMs by the hour (zones change offset on the hour, and Beijing has not since 1991). */
function cachedZoneOffsetMs(t: number): number {
  const hour = Math.floor(t / 3_600_000);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    if (offsets.size > 50_000) offsets.clear();
    offset = zoneOffsetMs(new Date(hour * 3_600_000));
    offsets.set(hour, offset);
  }
  return offset;
}

const offsetFormatter = new Intl.DateTimeFormat('en-US', { timeZone: HOTLINE_TIME_ZONE, timeZoneName: 'longOffset' });

/** How far the hotline's zone is ahead of UTC at `at` (+8 h for Beijing, which has had no DST since 1991). */
function zoneOffsetMs(at: Date): number {
  const name = offsetFormatter.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -1 : 1) * minutes * 60_000;
}
