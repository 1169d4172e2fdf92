import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  CHINESE_CALENDAR_YEARS,
  chineseCalendar,
  localDay,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../src/cases/working-days.ts';

const beijing = (localTime: string) => new Date(`${localTime}+08:00`);
const endOfBeijingDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

describe('the Chinese working calendar', () => {
  it('covers 2026 (the library ships 2004 onwards)', () => {
    expect(CHINESE_CALENDAR_YEARS.first).toBe(2004);
    expect(CHINESE_CALENDAR_YEARS.last).toBeGreaterThanOrEqual(2026);
  });

  it('takes weekends off and weekdays on', () => {
    expect(chineseCalendar.isWorkingDay('2026-03-13')).toBe(true); // Friday
    expect(chineseCalendar.isWorkingDay('2026-03-14')).toBe(false); // Saturday
    expect(chineseCalendar.isWorkingDay('2026-03-15')).toBe(false); // Sunday
  });

  it('takes National Day 2026 off (1–7 October) and works the make-up Sunday 20 Sep and Saturday 10 Oct', () => {
    for (let date = 1; date <= 7; date++) {
      expect(chineseCalendar.isWorkingDay(`2026-10-0${date}`)).toBe(false);
    }
    expect(chineseCalendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(chineseCalendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(chineseCalendar.isWorkingDay('2026-10-12')).toBe(true); // the Monday after: plain working day
  });

  it('takes Spring Festival 2026 off (15–23 February) and works the make-up Saturdays 14 and 28 February', () => {
    for (let date = 15; date <= 23; date++) {
      expect(chineseCalendar.isWorkingDay(`2026-02-${date}`)).toBe(false);
    }
    expect(chineseCalendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(chineseCalendar.isWorkingDay('2026-02-28')).toBe(true);
  });
});

describe('localDay', () => {
  it('reads the day in Beijing time, not UTC', () => {
    expect(localDay(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-09-30');
    expect(localDay(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
  });
});

describe('addWorkingDays', () => {
  it('gives a plain week: Monday + 5 working days ends next Monday at 23:59:59.999 Beijing time', () => {
    const due = addWorkingDays(beijing('2026-03-09T10:00'), 5);
    expect(due).toEqual(endOfBeijingDay('2026-03-16'));
    expect(due.toISOString()).toBe('2026-03-16T15:59:59.999Z');
  });

  it('never counts the day of intake, however early', () => {
    expect(addWorkingDays(beijing('2026-03-09T00:00'), 1)).toEqual(endOfBeijingDay('2026-03-10'));
    expect(addWorkingDays(beijing('2026-03-09T23:59'), 1)).toEqual(endOfBeijingDay('2026-03-10'));
  });

  it('starts counting from the Beijing day: 00:30 Tuesday in Beijing is still Monday in UTC', () => {
    expect(addWorkingDays(new Date('2026-03-09T16:30:00Z'), 1)).toEqual(endOfBeijingDay('2026-03-11'));
  });

  it('counts a case opened on a weekend from the Monday', () => {
    expect(addWorkingDays(beijing('2026-03-14T11:00'), 1)).toEqual(endOfBeijingDay('2026-03-16'));
    expect(addWorkingDays(beijing('2026-03-15T11:00'), 5)).toEqual(endOfBeijingDay('2026-03-20'));
  });

  it('skips National Day 2026 and counts its make-up Saturday in a 7-working-day limit from 30 September', () => {
    // 1–7 Oct off; 8 Thu (1), 9 Fri (2), 10 Sat make-up (3), 11 Sun off, 12–15 Mon–Thu (4–7).
    expect(addWorkingDays(beijing('2026-09-30T15:00'), 7)).toEqual(endOfBeijingDay('2026-10-15'));
  });

  it('counts a make-up Saturday as a working day', () => {
    expect(addWorkingDays(beijing('2026-10-09T15:00'), 1)).toEqual(endOfBeijingDay('2026-10-10'));
  });

  it('counts a make-up Sunday as a working day', () => {
    expect(addWorkingDays(beijing('2026-09-18T15:00'), 1)).toEqual(endOfBeijingDay('2026-09-20'));
  });

  it('runs a 7-working-day limit through Spring Festival 2026', () => {
    // 14 Feb Sat make-up (1), 15–23 off, 24–27 Tue–Fri (2–5), 28 Sat make-up (6), 1 Mar Sun off, 2 Mar Mon (7).
    expect(addWorkingDays(beijing('2026-02-13T09:00'), 7)).toEqual(endOfBeijingDay('2026-03-02'));
    // Opened on the make-up Saturday itself: the next working day is after the whole break.
    expect(addWorkingDays(beijing('2026-02-14T09:00'), 1)).toEqual(endOfBeijingDay('2026-02-24'));
  });

  it('refuses a limit that is not a positive whole number of days', () => {
    for (const days of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => addWorkingDays(beijing('2026-03-09T10:00'), days)).toThrow(RangeError);
    }
  });

  it('follows an injected calendar', () => {
    const everyDay: WorkingCalendar = { isWorkingDay: () => true };
    expect(addWorkingDays(beijing('2026-03-13T10:00'), 3, everyDay)).toEqual(endOfBeijingDay('2026-03-16'));
  });

  it('gives up on a calendar with no working days instead of looping forever', () => {
    const never: WorkingCalendar = { isWorkingDay: () => false };
    expect(() => addWorkingDays(beijing('2026-03-09T10:00'), 1, never)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the first day up to and including the last', () => {
    expect(workingDaysBetween(beijing('2026-09-30T15:00'), endOfBeijingDay('2026-10-15'))).toBe(7);
    expect(workingDaysBetween(beijing('2026-03-13T18:00'), beijing('2026-03-16T08:00'))).toBe(1);
  });

  it('is 0 on the same day and when the end is not later', () => {
    expect(workingDaysBetween(beijing('2026-03-09T08:00'), beijing('2026-03-09T20:00'))).toBe(0);
    expect(workingDaysBetween(beijing('2026-03-16T08:00'), beijing('2026-03-09T20:00'))).toBe(0);
  });

  it('is 0 across a stretch of days off', () => {
    expect(workingDaysBetween(beijing('2026-10-01T08:00'), beijing('2026-10-07T20:00'))).toBe(0);
  });
});
