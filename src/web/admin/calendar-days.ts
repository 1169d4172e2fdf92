// The days of a year's schedule as the console edits them: one row per day, holiday or make-up workday.
export type DayKind = 'holiday' | 'workday';

export interface ScheduleDay {
  day: string;
  kind: DayKind;
  name: string;
}

export interface YearSchedule {
  year: number;
  source: 'library' | 'admin';
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The State Council's holiday names (the names stored are these, whatever the page's language). */
export const HOLIDAY_NAMES = [
  ['newYear', '元旦'],
  ['springFestival', '春节'],
  ['qingming', '清明节'],
  ['labourDay', '劳动节'],
  ['dragonBoat', '端午节'],
  ['midAutumn', '中秋节'],
  ['nationalDay', '国庆节'],
] as const;

const noon = (day: string) => new Date(`${day}T12:00:00Z`);
export const weekdayOf = (day: string) => noon(day).getUTCDay();
export const isWeekend = (day: string) => [0, 6].includes(weekdayOf(day));

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = noon(from); at <= noon(to) && days.length < 400; at = new Date(at.getTime() + 86_400_000)) days.push(at.toISOString().slice(0, 10));
  return days;
}

export function rowsOf(schedule: Pick<YearSchedule, 'holidays' | 'workdays'>): ScheduleDay[] {
  return [
    ...Object.entries(schedule.holidays).map(([day, name]) => ({ day, kind: 'holiday' as const, name })),
    ...Object.entries(schedule.workdays).map(([day, name]) => ({ day, kind: 'workday' as const, name })),
  ].sort((a, b) => a.day.localeCompare(b.day));
}

export function scheduleOf(rows: ScheduleDay[]): { holidays: Record<string, string>; workdays: Record<string, string> } {
  const pick = (kind: DayKind) => Object.fromEntries(rows.filter((row) => row.kind === kind).map((row) => [row.day, row.name]));
  return { holidays: pick('holiday'), workdays: pick('workday') };
}

/** The first day the schedule of `year` may name (a New Year block may start in late December). */
export const firstDayOf = (year: number) => `${year - 1}-12-25`;
export const lastDayOf = (year: number) => `${year}-12-31`;
