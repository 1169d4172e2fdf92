// The working calendar the hotline runs on: the chinese-days library's State Council arrangements, and
// years an admin enters from the State Council's notice when the library lags behind. Its horizon — the
// last day it knows — is explicit: beyond it only weekends are known to be off, so a deadline that
// falls there is provisional, and /readyz warns before the horizon comes near.
import { LIBRARY_SCHEDULE, CHINESE_CALENDAR_YEARS, dayToUtcNoon, forgetWorkingDayCounts, scheduledWorkingDay, type WorkingCalendar } from './working-days.ts';

/** One year's arrangement: days off (holidays, the weekends inside a holiday block included) and make-up workdays, by name. */
export interface YearSchedule {
  year: number;
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export interface CalendarYear {
  year: number;
  source: 'library' | 'admin';
}

export class CalendarScheduleError extends Error {
  readonly statusCode = 400;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks an admin's entry for `year`; throws CalendarScheduleError naming the day and the problem. */
export function validateYearSchedule(year: number, input: { holidays: Record<string, string>; workdays: Record<string, string> }): YearSchedule {
  const check = (kind: 'holidays' | 'workdays', day: string, name: string) => {
    const where = `body/${kind}/${day}`;
    if (!DAY.test(day) || dayToUtcNoon(day).toISOString().slice(0, 10) !== day) throw new CalendarScheduleError(`${where}: not a calendar day (YYYY-MM-DD)`);
    // A schedule's New Year block may begin in the last days of the year before.
    const first = `${year - 1}-12-25`;
    const last = `${year}-12-31`;
    if (day < first || day > last) throw new CalendarScheduleError(`${where}: not in ${year} (the schedule of one year, from ${first} to ${last})`);
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > 40) throw new CalendarScheduleError(`${where}: give the holiday's name (1 to 40 characters), e.g. 春节`);
  };
  for (const [day, name] of Object.entries(input.holidays)) check('holidays', day, name);
  for (const [day, name] of Object.entries(input.workdays)) {
    check('workdays', day, name);
    const weekday = dayToUtcNoon(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) throw new CalendarScheduleError(`body/workdays/${day}: a make-up workday (调休) is a Saturday or Sunday; ${day} is a weekday anyway`);
    if (input.holidays[day] !== undefined) throw new CalendarScheduleError(`body/workdays/${day}: the day is listed as a holiday too`);
  }
  if (Object.keys(input.holidays).length === 0) throw new CalendarScheduleError('body/holidays: a year has public holidays; list them (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆)');
  return { year, holidays: { ...input.holidays }, workdays: { ...input.workdays } };
}

export class HolidayCalendar implements WorkingCalendar {
  #holidays: Record<string, string> = {};
  #workdays: Record<string, string> = {};
  #years = new Map<number, CalendarYear['source']>();

  constructor(adminYears: YearSchedule[] = []) {
    for (let year = CHINESE_CALENDAR_YEARS.first; year <= CHINESE_CALENDAR_YEARS.last; year++) this.#years.set(year, 'library');
    this.#rebuild(adminYears);
  }

  /** Replaces the admin-entered years (each wins over the library for its own year). */
  setAdminYears(adminYears: YearSchedule[]): void {
    for (const [year, source] of this.#years) if (source === 'admin') this.#years.delete(year);
    for (let year = CHINESE_CALENDAR_YEARS.first; year <= CHINESE_CALENDAR_YEARS.last; year++) this.#years.set(year, 'library');
    this.#rebuild(adminYears);
    forgetWorkingDayCounts(this);
  }

  #rebuild(adminYears: YearSchedule[]): void {
    const replaced = new Set(adminYears.map((schedule) => schedule.year));
    const fromLibrary = (table: Record<string, string>) =>
      Object.fromEntries(Object.entries(table).filter(([day]) => !replaced.has(Number(day.slice(0, 4)))));
    this.#holidays = fromLibrary(LIBRARY_SCHEDULE.holidays);
    this.#workdays = fromLibrary(LIBRARY_SCHEDULE.workdays);
    for (const schedule of adminYears) {
      Object.assign(this.#holidays, schedule.holidays);
      Object.assign(this.#workdays, schedule.workdays);
      this.#years.set(schedule.year, 'admin');
    }
  }

  isWorkingDay(day: string): boolean {
    return scheduledWorkingDay(day, this.#holidays, this.#workdays);
  }

  isPublicHoliday(day: string): boolean {
    return this.#holidays[day] !== undefined;
  }

  /** The days off and make-up workdays of a year, with where they come from. */
  year(year: number): (YearSchedule & CalendarYear) | undefined {
    const source = this.#years.get(year);
    if (!source) return undefined;
    const of = (table: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(table)
          .filter(([day]) => Number(day.slice(0, 4)) === year)
          .map(([day, name]) => [day, name.split(',')[1] ?? name]),
      );
    return { year, source, holidays: of(this.#holidays), workdays: of(this.#workdays) };
  }

  years(): CalendarYear[] {
    return [...this.#years].map(([year, source]) => ({ year, source })).sort((a, b) => a.year - b.year);
  }

  /** The last day the calendar knows (31 December of its last covered year). */
  knownUntil(): string {
    return `${Math.max(...this.#years.keys())}-12-31`;
  }

  /** Whether a deadline's day lies beyond what the calendar knows (its holidays there are unknown). */
  isBeyond(day: string): boolean {
    return day > this.knownUntil();
  }
}
