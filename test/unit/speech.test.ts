import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../../src/cases/case-model.ts';
import { datePrompts, digitPrompts, numberPrompts, SPEECH_PROMPT_IDS, statusPrompt } from '../../src/ivr/speech.ts';

describe('speech: values → prompt ids', () => {
  it('reads a case number digit by digit', () => {
    expect(digitPrompts('261121000107')).toEqual([
      'digit-2', 'digit-6', 'digit-1', 'digit-1', 'digit-2', 'digit-1', 'digit-0', 'digit-0', 'digit-0', 'digit-1', 'digit-0', 'digit-7',
    ]);
    expect(digitPrompts('0')).toEqual(['digit-0']);
  });

  it('refuses anything but digits', () => {
    for (const bad of ['', '12a4', '12 34', '-1', '１２', '#', '1.5']) {
      expect(() => digitPrompts(bad), bad).toThrow(RangeError);
    }
  });

  it('reads 0..99 as one prompt', () => {
    expect(numberPrompts(0)).toEqual(['number-0']);
    expect(numberPrompts(7)).toEqual(['number-7']);
    expect(numberPrompts(10)).toEqual(['number-10']);
    expect(numberPrompts(11)).toEqual(['number-11']);
    expect(numberPrompts(21, 'zh')).toEqual(['number-21']);
    expect(numberPrompts(99, 'en')).toEqual(['number-99']);
  });

  it('reads years digit by digit in Mandarin', () => {
    expect(numberPrompts(2026, 'zh')).toEqual(['number-2', 'number-0', 'number-2', 'number-6']);
    expect(numberPrompts(1999, 'zh')).toEqual(['number-1', 'number-9', 'number-9', 'number-9']);
    expect(numberPrompts(2000, 'zh')).toEqual(['number-2', 'number-0', 'number-0', 'number-0']);
  });

  it('reads years in pairs in English', () => {
    expect(numberPrompts(2026, 'en')).toEqual(['number-20', 'number-26']); // twenty twenty-six
    expect(numberPrompts(2010, 'en')).toEqual(['number-20', 'number-10']); // twenty ten
    expect(numberPrompts(1999, 'en')).toEqual(['number-19', 'number-99']); // nineteen ninety-nine
    expect(numberPrompts(2000, 'en')).toEqual(['number-2', 'word-thousand']); // two thousand
    expect(numberPrompts(2005, 'en')).toEqual(['number-2', 'word-thousand', 'number-5']); // two thousand five
    expect(numberPrompts(1900, 'en')).toEqual(['number-19', 'word-hundred']); // nineteen hundred
    expect(numberPrompts(1905, 'en')).toEqual(['number-19', 'word-oh', 'number-5']); // nineteen oh five
  });

  it('refuses numbers it cannot read', () => {
    for (const bad of [-1, 1.5, 10000, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => numberPrompts(bad, 'zh'), String(bad)).toThrow(RangeError);
    }
    expect(() => numberPrompts(2026)).toThrow(/needs a language/);
  });

  it('reads 2026-11-21 in both languages', () => {
    // 二零二六年十一月二十一日
    expect(datePrompts('2026-11-21', 'zh')).toEqual(['number-2', 'number-0', 'number-2', 'number-6', 'word-year', 'month-11', 'ordinal-21']);
    // November twenty-first, twenty twenty-six
    expect(datePrompts('2026-11-21', 'en')).toEqual(['month-11', 'ordinal-21', 'number-20', 'number-26']);
  });

  it('reads the first and the last day of a year', () => {
    expect(datePrompts('2026-01-01', 'zh')).toEqual(['number-2', 'number-0', 'number-2', 'number-6', 'word-year', 'month-1', 'ordinal-1']);
    expect(datePrompts('2026-01-01', 'en')).toEqual(['month-1', 'ordinal-1', 'number-20', 'number-26']);
    expect(datePrompts('2030-12-31', 'zh')).toEqual(['number-2', 'number-0', 'number-3', 'number-0', 'word-year', 'month-12', 'ordinal-31']);
    expect(datePrompts('2030-12-31', 'en')).toEqual(['month-12', 'ordinal-31', 'number-20', 'number-30']);
    expect(datePrompts('2008-08-08', 'en')).toEqual(['month-8', 'ordinal-8', 'number-2', 'word-thousand', 'number-8']);
  });

  it('refuses a date that is not YYYY-MM-DD or not in the calendar, and an unknown language', () => {
    for (const bad of ['', '2026-1-01', '2026/01/01', '20260101', '2026-13-01', '2026-00-10', '2026-02-29', '2026-04-31', '2026-01-00', '0999-01-01', ' 2026-01-01', '2026-01-01T00:00']) {
      expect(() => datePrompts(bad, 'zh'), bad).toThrow(RangeError);
    }
    expect(datePrompts('2028-02-29', 'zh').at(-1)).toBe('ordinal-29');
    expect(() => datePrompts('2026-11-21', 'fr' as 'zh')).toThrow(/unknown language/);
  });

  it('names a prompt per case status', () => {
    expect(statusPrompt('registered')).toBe('status-registered');
    expect(CASE_STATUSES.map(statusPrompt)).toEqual(CASE_STATUSES.map((s) => `status-${s}`));
    expect(() => statusPrompt('lost' as 'draft')).toThrow(RangeError);
  });

  it('lists every id it can return in SPEECH_PROMPT_IDS', () => {
    const returned = new Set<string>();
    const add = (ids: string[]) => ids.forEach((id) => returned.add(id));
    add(digitPrompts('0123456789'));
    for (let n = 0; n <= 99; n++) add(numberPrompts(n));
    for (const year of [1000, 1005, 1900, 1905, 1999, 2000, 2009, 2010, 2026, 9999]) for (const lang of ['zh', 'en'] as const) add(numberPrompts(year, lang));
    for (let month = 1; month <= 12; month++) {
      for (const date of [1, 28]) for (const lang of ['zh', 'en'] as const) add(datePrompts(`2026-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`, lang));
    }
    for (let date = 1; date <= 31; date++) add(datePrompts(`2026-01-${String(date).padStart(2, '0')}`, 'zh'));
    CASE_STATUSES.forEach((s) => returned.add(statusPrompt(s)));
    expect([...returned].filter((id) => !SPEECH_PROMPT_IDS.includes(id))).toEqual([]);
    expect(new Set(SPEECH_PROMPT_IDS).size).toBe(SPEECH_PROMPT_IDS.length);
    expect([...SPEECH_PROMPT_IDS].filter((id) => !returned.has(id))).toEqual([]);
  });
});
