import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_LIMITS,
  limitFor,
  TimeLimitTableError,
  validateTimeLimitTable,
  type TimeLimitTable,
} from '../../src/cases/time-limits.ts';

/** A deep copy of the defaults, as an admin would send them back after editing. */
const editableDefaults = () => JSON.parse(JSON.stringify(DEFAULT_TIME_LIMITS)) as Record<string, Record<string, unknown>>;

describe('the default time limits', () => {
  it('give a complaint 7 working days to be accepted or refused', () => {
    expect(limitFor(DEFAULT_TIME_LIMITS, 'registration', 'complaint')).toBe(7);
  });

  it('give 15 working days to handle a report, suggestion, praise, conduct case or complaint', () => {
    for (const kind of ['report', 'suggestion', 'praise', 'conduct', 'complaint'] as const) {
      expect(limitFor(DEFAULT_TIME_LIMITS, 'handling', kind)).toBe(15);
    }
  });

  it('give 3 working days to answer a consultation that was not answered on the spot', () => {
    expect(limitFor(DEFAULT_TIME_LIMITS, 'handling', 'consultation')).toBe(3);
  });

  it('give a department 1 working day to sign for any case, and 1 for the return visit', () => {
    expect(limitFor(DEFAULT_TIME_LIMITS, 'sign-for', 'report')).toBe(1);
    expect(limitFor(DEFAULT_TIME_LIMITS, 'return-visit', 'complaint')).toBe(1);
  });
});

describe('limitFor', () => {
  const table: TimeLimitTable = {
    registration: { complaint: 7 },
    handling: { default: 20, report: 10 },
    'sign-for': { default: 1 },
    'return-visit': {},
  };

  it('prefers the kind’s own limit over the stage default', () => {
    expect(limitFor(table, 'handling', 'report')).toBe(10);
    expect(limitFor(table, 'handling', 'praise')).toBe(20);
  });

  it('throws, naming stage and kind, when neither exists', () => {
    expect(() => limitFor(table, 'registration', 'report')).toThrow(/registration.*report/);
    expect(() => limitFor(table, 'return-visit', 'complaint')).toThrow(RangeError);
  });
});

describe('validateTimeLimitTable', () => {
  it('accepts the defaults and returns a copy', () => {
    const input = editableDefaults();
    const table = validateTimeLimitTable(input);
    expect(table).toEqual(DEFAULT_TIME_LIMITS);
    expect(table.handling).not.toBe(input.handling);
  });

  it.each([
    ['zero', 0],
    ['a fraction', 1.5],
    ['more than a year', 366],
    ['a string', '15'],
    ['negative', -3],
  ])('refuses %s as a limit, naming the path', (_, days) => {
    const input = editableDefaults();
    input.handling!.complaint = days;
    expect(() => validateTimeLimitTable(input)).toThrow(
      'handling.complaint must be a whole number of working days from 1 to 365',
    );
  });

  it('accepts the edges 1 and 365', () => {
    const input = editableDefaults();
    input.handling!.report = 365;
    input['sign-for']!.default = 1;
    expect(limitFor(validateTimeLimitTable(input), 'handling', 'report')).toBe(365);
  });

  it('refuses an unknown case kind, naming the path', () => {
    const input = editableDefaults();
    input.registration!.petition = 7;
    expect(() => validateTimeLimitTable(input)).toThrow(/^registration\.petition is not a case kind/);
  });

  it('refuses an unknown stage', () => {
    const input = { ...editableDefaults(), mediation: { complaint: 45 } };
    expect(() => validateTimeLimitTable(input)).toThrow(/^mediation is not a stage/);
  });

  it('refuses a missing stage and a stage that is not an object', () => {
    const missing = editableDefaults();
    delete missing['return-visit'];
    expect(() => validateTimeLimitTable(missing)).toThrow('return-visit is missing');
    expect(() => validateTimeLimitTable({ ...editableDefaults(), handling: 15 })).toThrow(/^handling must be an object/);
    expect(() => validateTimeLimitTable([])).toThrow(/must be an object/);
  });

  it('throws a TimeLimitTableError carrying the path, so the admin API can answer 400', () => {
    const input = editableDefaults();
    input['sign-for']!.default = 0;
    try {
      validateTimeLimitTable(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TimeLimitTableError);
      expect((error as TimeLimitTableError).path).toBe('sign-for.default');
    }
  });
});
