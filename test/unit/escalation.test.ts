import { describe, expect, it } from 'vitest';
import { escalationColour, extendDeadline, nextColourChange } from '../../src/cases/escalation.ts';
import { addWorkingDays, type WorkingCalendar } from '../../src/cases/working-days.ts';

const beijing = (localTime: string) => new Date(`${localTime}+08:00`);
const endOfBeijingDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

describe('escalation colour of a 7-working-day limit (started 30 Sep 2026, due end of 15 Oct)', () => {
  const startedAt = beijing('2026-09-30T15:00');
  const dueAt = addWorkingDays(startedAt, 7);
  // floor(20 % of 7) = 1, so yellow once at most 1 working day is left after today.
  const colourAt = (now: Date) => escalationColour(startedAt, dueAt, now);

  it('is green at the start and through the holiday', () => {
    expect(colourAt(startedAt)).toBe('green');
    expect(colourAt(beijing('2026-10-05T12:00'))).toBe('green');
  });

  it('is still green with 2 working days left after today', () => {
    expect(colourAt(beijing('2026-10-13T17:00'))).toBe('green');
  });

  it('turns yellow with 1 working day left after today', () => {
    expect(colourAt(beijing('2026-10-14T00:00'))).toBe('yellow');
  });

  it('is yellow on the last working day, up to and including the deadline itself', () => {
    expect(colourAt(beijing('2026-10-15T09:00'))).toBe('yellow');
    expect(colourAt(dueAt)).toBe('yellow');
  });

  it('turns red one millisecond after the deadline', () => {
    expect(colourAt(new Date(dueAt.getTime() + 1))).toBe('red');
    expect(colourAt(beijing('2026-10-20T09:00'))).toBe('red');
  });
});

describe('escalation colour of a 15-working-day limit (2 Mar 2026 to end of 23 Mar)', () => {
  const startedAt = beijing('2026-03-02T10:00');
  const dueAt = addWorkingDays(startedAt, 15);

  it('is due at the end of Monday 23 March', () => {
    expect(dueAt).toEqual(endOfBeijingDay('2026-03-23'));
  });

  it('turns yellow at 20 %: green with 4 working days left after today, yellow with 3', () => {
    expect(escalationColour(startedAt, dueAt, beijing('2026-03-17T12:00'))).toBe('green');
    expect(escalationColour(startedAt, dueAt, beijing('2026-03-18T12:00'))).toBe('yellow');
  });

  it('is yellow on the weekend before a Monday deadline', () => {
    expect(escalationColour(startedAt, dueAt, beijing('2026-03-21T12:00'))).toBe('yellow');
  });
});

describe('escalation colour of a 1-working-day limit', () => {
  it('is yellow from the start: signing for a case has no slack', () => {
    const startedAt = beijing('2026-03-09T10:00');
    const dueAt = addWorkingDays(startedAt, 1);
    expect(escalationColour(startedAt, dueAt, startedAt)).toBe('yellow');
    expect(escalationColour(startedAt, dueAt, new Date(dueAt.getTime() + 1))).toBe('red');
  });
});

describe('escalation colour with an injected calendar', () => {
  it('counts only the days the calendar says are working days', () => {
    const everyDay: WorkingCalendar = { isWorkingDay: () => true };
    const startedAt = beijing('2026-10-01T10:00');
    const dueAt = addWorkingDays(startedAt, 10, everyDay); // end of 11 Oct; yellow at ≤ 2 days left
    expect(escalationColour(startedAt, dueAt, beijing('2026-10-08T10:00'), everyDay)).toBe('green');
    expect(escalationColour(startedAt, dueAt, beijing('2026-10-09T10:00'), everyDay)).toBe('yellow');
  });
});

describe('extendDeadline', () => {
  it('adds working days after the old due day', () => {
    // 16 Fri (1), 19 Mon (2), 20 Tue (3).
    expect(extendDeadline(endOfBeijingDay('2026-10-15'), 3)).toEqual(endOfBeijingDay('2026-10-20'));
  });

  it('skips Spring Festival and counts its make-up Saturday', () => {
    // 14 Feb Sat make-up (1), 15–23 off, 24 Feb Tue (2).
    expect(extendDeadline(endOfBeijingDay('2026-02-13'), 2)).toEqual(endOfBeijingDay('2026-02-24'));
  });

  it('refuses an extension that is not a positive whole number of days', () => {
    expect(() => extendDeadline(endOfBeijingDay('2026-10-15'), 0)).toThrow(RangeError);
  });
});

describe('nextColourChange', () => {
  it('is exactly when the colour changes: the same colour up to the millisecond before, another from then on', () => {
    // Every limit from 1 to 20 working days, starting at every hour of 2026 that falls on the 1st, 8th,
    // 15th or 22nd of a month (holidays, make-up days and weekends included), checked from five moments.
    for (let month = 0; month < 12; month++) {
      for (const date of [1, 8, 15, 22]) {
        for (const days of [1, 2, 3, 5, 7, 10, 15, 20]) {
          const startedAt = new Date(Date.UTC(2026, month, date, 1 + days));
          const dueAt = addWorkingDays(startedAt, days);
          for (const offsetHours of [0, 30, 80, 200, 500]) {
            const now = new Date(startedAt.getTime() + offsetHours * 3_600_000);
            const change = nextColourChange(startedAt, dueAt, now);
            const colour = escalationColour(startedAt, dueAt, now);
            if (change === null) {
              expect(colour).toBe('red');
              continue;
            }
            expect(change.getTime()).toBeGreaterThan(now.getTime());
            expect(escalationColour(startedAt, dueAt, new Date(change.getTime() - 1)), `${startedAt.toISOString()} +${days}`).toBe(colour);
            expect(escalationColour(startedAt, dueAt, change)).not.toBe(colour);
          }
        }
      }
    }
  });

  it('is the start of the Beijing day the deadline turns yellow, then the millisecond after it', () => {
    const startedAt = beijing('2026-11-02T10:00');
    const dueAt = addWorkingDays(startedAt, 15); // end of Mon 23 Nov
    expect(nextColourChange(startedAt, dueAt, beijing('2026-11-05T10:00'))).toEqual(beijing('2026-11-18T00:00'));
    expect(nextColourChange(startedAt, dueAt, beijing('2026-11-18T00:00'))).toEqual(new Date(dueAt.getTime() + 1));
    expect(nextColourChange(startedAt, dueAt, new Date(dueAt.getTime() + 1))).toBeNull();
  });
});
