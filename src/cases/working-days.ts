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
const officialHolidays: Record<string, string> = holidayData.holidays;
const makeUpWorkdays: Record<string, string> = holidayData.workdays;

const coveredYears = Object.keys(officialHolidays).map((day) => Number(day.slice(0, 4)));

/** The years for which the State Council arrangement is in the library; outside them only weekends are off. */
export const CHINESE_CALENDAR_YEARS = {
  first: Math.min(...coveredYears),
  last: Math.max(...coveredYears),
} as const;

/** The mainland calendar: weekends off, public holidays off, make-up workdays on. */
export const chineseCalendar: WorkingCalendar = {
  isWorkingDay(day) {
    if (makeUpWorkdays[day] !== undefined) return true;
    if (officialHolidays[day] !== undefined) return false;
    const weekday = dayToUtcNoon(day).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  },
  isPublicHoliday(day) {
    return officialHolidays[day] !== undefined;
  },
};

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: HOTLINE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) that `at` falls on in Beijing time. */
export function localDay(at: Date): string {
  const parts = dayFormatter.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
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
  let day = localDay(from);
  let count = 0;
  // YYYY-MM-DD strings sort in date order.
  while (day < lastDay) {
    day = nextDay(day);
    if (calendar.isWorkingDay(day)) count++;
  }
  return count;
}

function dayToUtcNoon(day: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`a calendar day must be YYYY-MM-DD, got "${day}"`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
}

function nextDay(day: string): string {
  const noon = dayToUtcNoon(day);
  noon.setUTCDate(noon.getUTCDate() + 1);
  return noon.toISOString().slice(0, 10);
}

/** The last millisecond of `day` in the hotline's zone: one millisecond before the next day begins there. */
function endOfLocalDay(day: string): Date {
  return new Date(startOfLocalDay(nextDay(day)).getTime() - 1);
}

function startOfLocalDay(day: string): Date {
  const utcMidnight = dayToUtcNoon(day).getTime() - 12 * 3_600_000;
  return new Date(utcMidnight - zoneOffsetMs(new Date(utcMidnight)));
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
