// Supervision colours (督办) for a case under a time limit, and approved extensions of that limit.
import type { Colour } from './case-model.ts';
import { addWorkingDays, chineseCalendar, earliestDayWithin, localDay, startOfLocalDay, workingDaysBetween, type WorkingCalendar } from './working-days.ts';

/** Share of the limit left at which a case turns yellow. */
const YELLOW_SHARE = 0.2;

/**
 * The rule, all counted in working days with workingDaysBetween (days after today up to the due day):
 * - red: `now` is strictly after `dueAt`; the deadline's last millisecond itself is still in time;
 * - yellow: left = workingDaysBetween(now, dueAt) ≤ max(1, floor(0.2 × workingDaysBetween(startedAt, dueAt))),
 *   so a case is always yellow on its last working day and the one before, and earlier for long limits
 *   (a 15-day limit turns yellow with 3 working days left after today);
 * - green otherwise.
 * A 1-working-day limit (sign-for, return visit) is therefore yellow from the start: it has no slack.
 */
export function escalationColour(
  startedAt: Date,
  dueAt: Date,
  now: Date,
  calendar: WorkingCalendar = chineseCalendar,
): Colour {
  if (now.getTime() > dueAt.getTime()) return 'red';
  const span = workingDaysBetween(startedAt, dueAt, calendar);
  const left = workingDaysBetween(now, dueAt, calendar);
  return left <= Math.max(1, Math.floor(YELLOW_SHARE * span)) ? 'yellow' : 'green';
}

/**
 * When escalationColour(startedAt, dueAt, ·) next changes after `now`: the start of the (Beijing) day on
 * which the deadline turns yellow, else the millisecond after it, when it turns red; null once red.
 * Colours only change then, so the escalation job looks at a case only at those moments.
 */
export function nextColourChange(startedAt: Date, dueAt: Date, now: Date, calendar: WorkingCalendar = chineseCalendar): Date | null {
  const red = new Date(dueAt.getTime() + 1);
  if (now.getTime() >= red.getTime()) return null;
  const threshold = Math.max(1, Math.floor(YELLOW_SHARE * workingDaysBetween(startedAt, dueAt, calendar)));
  const yellow = startOfLocalDay(earliestDayWithin(localDay(dueAt), threshold, calendar));
  return yellow.getTime() > now.getTime() ? yellow : red;
}

/** The new deadline after an approved extension: the end of the Nth working day after the old due day. */
export function extendDeadline(
  dueAt: Date,
  extraWorkingDays: number,
  calendar: WorkingCalendar = chineseCalendar,
): Date {
  return addWorkingDays(dueAt, extraWorkingDays, calendar);
}
