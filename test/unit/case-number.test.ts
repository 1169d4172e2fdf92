import { describe, expect, it } from 'vitest';
import { caseDay, caseNumberProblem, formatCaseNumber, isValidCaseNumber, luhnCheckDigit } from '../../src/cases/case-number.ts';

describe('case numbers', () => {
  it('are 12 digits: YYMMDD, a 5-digit daily sequence and a Luhn check digit', () => {
    const number = formatCaseNumber('261121', 42);
    expect(number).toMatch(/^26112100042\d$/);
    expect(isValidCaseNumber(number)).toBe(true);
  });

  it('computes the standard Luhn digit (7992739871 → 3)', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('takes the day in Beijing time, not UTC', () => {
    expect(caseDay(new Date('2026-09-30T16:30:00Z'))).toBe('261001');
    expect(caseDay(new Date('2026-09-30T15:59:59Z'))).toBe('260930');
  });

  it('keeps each time zone’s day apart (its formatter is made once and kept)', () => {
    const at = new Date('2026-09-30T16:30:00Z');
    expect([caseDay(at, 'UTC'), caseDay(at), caseDay(at, 'UTC'), caseDay(at)]).toEqual(['260930', '261001', '260930', '261001']);
  });

  it('refuses sequences outside 1..99999 and malformed days', () => {
    expect(() => formatCaseNumber('261121', 0)).toThrow(RangeError);
    expect(() => formatCaseNumber('261121', 100_000)).toThrow(RangeError);
    expect(() => formatCaseNumber('2611', 1)).toThrow(RangeError);
  });

  // Sample numbers across days and sequences, so every digit position takes many values.
  const samples = Array.from({ length: 60 }, (_, i) => formatCaseNumber(`26${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}`, i * 1637 + 1));

  it('catches every single wrong digit', () => {
    let variants = 0;
    for (const number of samples) {
      for (let position = 0; position < 12; position++) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === number[position]) continue;
          const typo = number.slice(0, position) + digit + number.slice(position + 1);
          expect(caseNumberProblem(typo), `${number} → ${typo}`).not.toBeNull();
          variants++;
        }
      }
    }
    expect(variants).toBe(samples.length * 12 * 9);
  });

  it('catches every swap of two adjacent different digits except 09 ↔ 90', () => {
    let swaps = 0;
    for (const number of samples) {
      for (let position = 0; position < 11; position++) {
        const a = number[position]!;
        const b = number[position + 1]!;
        if (a === b) continue;
        const swapped = number.slice(0, position) + b + a + number.slice(position + 2);
        const caught = caseNumberProblem(swapped) !== null;
        const isNineZero = (a === '0' && b === '9') || (a === '9' && b === '0');
        if (!isNineZero) expect(caught, `${number} → ${swapped}`).toBe(true);
        swaps++;
      }
    }
    expect(swaps).toBeGreaterThan(400);
  });

  it('the check digit alone misses 09 ↔ 90 (known Luhn limit)', () => {
    const payload = '26112109000';
    const swappedPayload = '26112190000';
    expect(luhnCheckDigit(payload)).toBe(luhnCheckDigit(swappedPayload));
  });

  it('says what is wrong with a keyed number', () => {
    expect(caseNumberProblem('12345')).toBe('not-12-digits');
    expect(caseNumberProblem('26130100001x')).toBe('not-12-digits');
    expect(caseNumberProblem(formatCaseNumber('261121', 1).replace(/^2611/, '2613'))).toBe('bad-date');
    const good = formatCaseNumber('261121', 7);
    const wrongCheck = good.slice(0, 11) + String((Number(good[11]) + 1) % 10);
    expect(caseNumberProblem(wrongCheck)).toBe('bad-check-digit');
  });
});
