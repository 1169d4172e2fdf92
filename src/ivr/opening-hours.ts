// When the line is staffed: rules like "workdays 08:30-17:30; sat 09:00-12:00", on the Chinese calendar.
// `workdays` are the State Council's working days (make-up days 调休 included, public holidays excluded);
// weekday rules (mon…sun, ranges like mon-fri) never apply on a public holiday. `always` / `never` too.
import { HOTLINE_TIME_ZONE } from '../cases/case-number.ts';
import { chineseCalendar, localDay, type WorkingCalendar } from '../cases/working-days.ts';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

interface Rule {
  days: 'workdays' | 'daily' | ReadonlySet<number>;
  fromMinute: number;
  toMinute: number;
}

export interface OpeningHours {
  readonly text: string;
  isOpen(at: Date, calendar?: WorkingCalendar): boolean;
}

export class OpeningHoursError extends Error {}

function minutes(clock: string, rule: string): number {
  const match = clock.match(/^(\d{2}):(\d{2})$/);
  const value = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || value > 24 * 60) throw new OpeningHoursError(`"${clock}" in "${rule}" is not a time (HH:MM, 00:00 to 24:00)`);
  return value;
}

function parseDays(days: string, rule: string): Rule['days'] {
  if (days === 'workdays' || days === 'daily') return days;
  const set = new Set<number>();
  for (const part of days.split(',')) {
    const [from, to] = part.split('-') as [string, string | undefined];
    const start = WEEKDAYS.indexOf(from as (typeof WEEKDAYS)[number]);
    const end = to === undefined ? start : WEEKDAYS.indexOf(to as (typeof WEEKDAYS)[number]);
    if (start < 0 || end < 0) throw new OpeningHoursError(`"${part}" in "${rule}" is not workdays, daily, or days like mon-fri`);
    for (let day = start; ; day = (day + 1) % 7) {
      set.add(day);
      if (day === end) break;
    }
  }
  return set;
}

/** Beijing's clock and weekday, made once: a formatter costs ≈ 0.7 ms to make, and the IVR asks on every call. */
const CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: HOTLINE_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short' });

export function parseOpeningHours(text: string): OpeningHours {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'always') return { text, isOpen: () => true };
  if (trimmed === 'never') return { text, isOpen: () => false };
  const rules: Rule[] = trimmed
    .split(';')
    .map((rule) => rule.trim())
    .filter(Boolean)
    .map((rule) => {
      const [days, hours, extra] = rule.split(/\s+/);
      const [from, to] = hours?.split('-') ?? [];
      if (!days || !from || !to || extra) throw new OpeningHoursError(`"${rule}" should read like "mon-fri 08:30-17:30"`);
      const fromMinute = minutes(from, rule);
      const toMinute = minutes(to, rule);
      if (toMinute <= fromMinute) throw new OpeningHoursError(`"${rule}" closes before it opens`);
      return { days: parseDays(days, rule), fromMinute, toMinute };
    });
  if (rules.length === 0) throw new OpeningHoursError('no rules: write e.g. "workdays 08:30-17:30", or always / never');
  return {
    text,
    isOpen(at: Date, calendar: WorkingCalendar = chineseCalendar) {
      const day = localDay(at);
      const parts = CLOCK.formatToParts(at);
      const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
      const minute = Number(part('hour')) * 60 + Number(part('minute'));
      const weekday = WEEKDAYS.indexOf(part('weekday').toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number]);
      const working = calendar.isWorkingDay(day);
      const holiday = calendar.isPublicHoliday?.(day) ?? (!working && weekday >= 1 && weekday <= 5);
      return rules.some((rule) => {
        if (minute < rule.fromMinute || minute >= rule.toMinute) return false;
        if (rule.days === 'workdays') return working;
        if (rule.days === 'daily') return true;
        return rule.days.has(weekday) && !holiday;
      });
    },
  };
}

/** The longest rules text an admin may store (a handful of rules fits in far less). */
export const MAX_OPENING_HOURS_LENGTH = 200;

/**
 * An admin's setting `{text}` (GET/PUT /api/admin/opening-hours): the rules parsed, or an OpeningHoursError
 * naming `body/text` and what is wrong with it.
 */
export function validateOpeningHoursSetting(input: unknown): OpeningHours {
  const text = (input as { text?: unknown } | null)?.text;
  if (typeof input !== 'object' || input === null || typeof text !== 'string') throw new OpeningHoursError('body/text: the rules, like "workdays 08:30-17:30; sat 09:00-12:00", or always / never');
  const extra = Object.keys(input).find((key) => key !== 'text');
  if (extra) throw new OpeningHoursError(`body/${extra}: not a field (text)`);
  if (text.length > MAX_OPENING_HOURS_LENGTH) throw new OpeningHoursError(`body/text: at most ${MAX_OPENING_HOURS_LENGTH} characters`);
  try {
    return parseOpeningHours(text.trim());
  } catch (error) {
    if (error instanceof OpeningHoursError) throw new OpeningHoursError(`body/text: ${error.message}`);
    throw error;
  }
}
