// The working calendar's horizon and the admins' entry of a year's holidays (the State Council's notice):
// stored, applied at once, and every open deadline it touches counted again on the new calendar.
import type { Actor } from './case-model.ts';
import type { CaseService } from './case-service.ts';
import { CaseRuleError } from './lifecycle.ts';
import { HolidayCalendar, validateYearSchedule, type YearSchedule } from './holiday-calendar.ts';
import { dayToUtcNoon, localDay } from './working-days.ts';

export interface CalendarStore {
  calendarYears(): YearSchedule[];
  setCalendarYear(schedule: YearSchedule): void;
}

/** How long before the calendar's last day the hotline starts warning. */
export const HORIZON_WARNING_DAYS = 60;

export class CalendarService {
  constructor(
    readonly calendar: HolidayCalendar,
    private readonly store: CalendarStore,
    private readonly cases: CaseService,
    private readonly now: () => Date = () => new Date(),
  ) {
    calendar.setAdminYears(store.calendarYears());
  }

  /** The last known day, the days until it, and a warning when fewer than HORIZON_WARNING_DAYS are left. */
  horizon(): { knownUntil: string; daysLeft: number; warning: string | null } {
    const knownUntil = this.calendar.knownUntil();
    const daysLeft = Math.round((dayToUtcNoon(knownUntil).getTime() - dayToUtcNoon(localDay(this.now())).getTime()) / 86_400_000);
    const nextYear = Number(knownUntil.slice(0, 4)) + 1;
    const warning =
      daysLeft < HORIZON_WARNING_DAYS
        ? `the working-day calendar ends on ${knownUntil} (${daysLeft} days from now): deadlines after it count only weekends as days off. Enter the State Council's holiday schedule for ${nextYear}: PUT /api/admin/calendar/${nextYear}`
        : null;
    return { knownUntil, daysLeft, warning };
  }

  /** Stores an admin's schedule for `year`, applies it, and counts the deadlines it touches again. */
  async enterYear(year: number, input: { holidays: Record<string, string>; workdays: Record<string, string> }, actor: Actor) {
    if (actor.role !== 'admin') throw new CaseRuleError(403, `the holiday calendar is kept by admins; you are ${actor.role}`);
    const current = localDay(this.now()).slice(0, 4);
    if (year < Number(current) - 1 || year > Number(current) + 2) {
      throw new CaseRuleError(400, `params/year ${year}: enter the schedule of a year from ${Number(current) - 1} to ${Number(current) + 2}`);
    }
    const schedule = validateYearSchedule(year, input);
    const before = new HolidayCalendar(this.store.calendarYears());
    this.store.setCalendarYear(schedule);
    this.calendar.setAdminYears(this.store.calendarYears());
    const touchedFrom = [`${year}-01-01`, ...Object.keys(schedule.holidays), ...Object.keys(schedule.workdays)].sort()[0]!;
    const recounted = await this.cases.recountDeadlines(before, touchedFrom, `holiday schedule ${year} entered`);
    return { ...this.calendar.year(year)!, recounted, knownUntil: this.calendar.knownUntil() };
  }
}
