import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { OpeningHoursError, parseOpeningHours } from '../../src/ivr/opening-hours.ts';

// Times are written in Beijing time (+08:00).
const at = (local: string) => new Date(`${local}+08:00`);

describe('opening hours', () => {
  const hours = parseOpeningHours('workdays 08:30-17:30; sat 09:00-12:00');

  it('opens on a working day within the hours, not before or after', () => {
    expect(hours.isOpen(at('2026-11-23T08:30:00'))).toBe(true); // Monday
    expect(hours.isOpen(at('2026-11-23T08:29:00'))).toBe(false);
    expect(hours.isOpen(at('2026-11-23T17:30:00'))).toBe(false);
  });

  it('closes on public holidays, also a holiday Saturday, and opens on a make-up workday (调休)', () => {
    expect(hours.isOpen(at('2026-10-01T10:00:00'))).toBe(false); // National Day, Thursday
    expect(hours.isOpen(at('2026-10-03T10:00:00'))).toBe(false); // Saturday inside the holiday
    expect(hours.isOpen(at('2026-10-10T15:00:00'))).toBe(true); // make-up Saturday, workday hours
    expect(hours.isOpen(at('2026-02-18T10:00:00'))).toBe(false); // Spring Festival
  });

  it('applies weekday rules on ordinary weekends only', () => {
    expect(hours.isOpen(at('2026-11-21T10:00:00'))).toBe(true); // Saturday morning
    expect(hours.isOpen(at('2026-11-21T13:00:00'))).toBe(false);
    expect(hours.isOpen(at('2026-11-22T10:00:00'))).toBe(false); // Sunday
  });

  it('knows always and never, daily and day lists', () => {
    expect(parseOpeningHours('always').isOpen(at('2026-10-01T03:00:00'))).toBe(true);
    expect(parseOpeningHours('never').isOpen(at('2026-11-23T10:00:00'))).toBe(false);
    expect(parseOpeningHours('daily 00:00-24:00').isOpen(at('2026-10-01T23:59:00'))).toBe(true);
    expect(parseOpeningHours('mon,wed 09:00-10:00').isOpen(at('2026-11-25T09:30:00'))).toBe(true);
  });

  it.each(['', 'weekdays 09:00-17:00', 'mon-fri 9-17', 'mon-fri 17:00-09:00', 'mon-fri 09:00-25:00', 'mon-fri 09:00-17:00 extra'])(
    'refuses %j with a message',
    (text) => {
      expect(() => parseOpeningHours(text)).toThrow(OpeningHoursError);
    },
  );

  it('is checked when the configuration is read', () => {
    expect(() => loadConfig({ HOTLINE_OPENING_HOURS: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOTLINE_OPENING_HOURS: 'sometimes' })).toThrow(/^HOTLINE_OPENING_HOURS:/);
    expect(loadConfig({}).openingHours.text).toBe('workdays 08:30-17:30');
  });
});
