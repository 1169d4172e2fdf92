// The KPI formulas are the spec: each is checked on a hand-built history of calls.
import { describe, expect, it } from 'vitest';
import { kpiFigures, kpiWindows, windowStarts, type CallFacts } from '../../src/live/kpis.ts';
import { DEFAULT_KPI_THRESHOLDS, tileColour, validateKpiThresholds } from '../../src/live/kpi-thresholds.ts';

const NOW = Date.parse('2026-11-23T06:00:00Z'); // 14:00 in Beijing
const settings = { slSeconds: 15, shortAbandonSeconds: 5 };
let next = 0;
/** A call that joined `queue` `minutesAgo` minutes ago and went as `how` says. */
function call(minutesAgo: number, how: Partial<CallFacts> & Pick<CallFacts, 'outcome'>, queue = 'hotline-zh'): CallFacts {
  const queuedAt = NOW - minutesAgo * 60_000 + next++;
  return { queue, queuedAt, answeredAt: null, endedAt: null, leftQueueAt: null, holdSeconds: null, talkSeconds: null, wrapUpSeconds: null, ...how };
}
const answered = (minutesAgo: number, hold: number, talk: number | null, wrapUp: number | null = null, queue?: string) =>
  call(minutesAgo, { outcome: 'answered', holdSeconds: hold, talkSeconds: talk, wrapUpSeconds: wrapUp, answeredAt: NOW - minutesAgo * 60_000 + hold * 1000 }, queue);
const abandoned = (minutesAgo: number, hold: number) => call(minutesAgo, { outcome: 'abandoned', holdSeconds: hold, endedAt: NOW - minutesAgo * 60_000 + hold * 1000 });

describe('KPI figures', () => {
  // 10 offered: 6 answered (4 within 15 s), 1 short abandon (3 s), 2 abandons (20 s, 40 s), 1 overflowed
  const history = [
    answered(50, 5, 100, 20),
    answered(40, 10, 200, 40),
    answered(30, 15, 300, 0),
    answered(20, 2, 60, null),
    answered(10, 30, 120, 30),
    answered(5, 45, null), // still talking: no handle time yet
    abandoned(45, 3),
    abandoned(35, 20),
    abandoned(25, 40),
    call(15, { outcome: 'overflowed', leftQueueAt: NOW - 10 * 60_000, endedAt: NOW - 9 * 60_000 }),
  ];

  it('counts offered, answered, abandoned (short apart) and overflowed calls', () => {
    expect(kpiFigures(history, settings, NOW)).toMatchObject({ offered: 10, answered: 6, abandoned: 2, shortAbandoned: 1, overflowed: 1, waiting: 0 });
  });

  it('service level = answered within 15 s ÷ (offered − short abandons − undecided)', () => {
    // within 15 s: 5, 10, 15, 2 → 4 of (10 − 1)
    expect(kpiFigures(history, settings, NOW).serviceLevel).toBeCloseTo(4 / 9);
  });

  it('接通率 = answered ÷ calls whose wait ended; abandon rate leaves short abandons out', () => {
    const figures = kpiFigures(history, settings, NOW);
    expect(figures.connectionRate).toBeCloseTo(6 / 10);
    expect(figures.abandonRate).toBeCloseTo(2 / 9);
  });

  it('ASA is the mean wait of answered calls; AHT the mean talk + wrap-up of those that ended', () => {
    const figures = kpiFigures(history, settings, NOW);
    expect(figures.asaSeconds).toBeCloseTo((5 + 10 + 15 + 2 + 30 + 45) / 6);
    expect(figures.ahtSeconds).toBeCloseTo((120 + 240 + 300 + 60 + 150) / 5);
    expect(figures.avgAbandonWaitSeconds).toBeCloseTo((20 + 40) / 2);
  });

  it('does not hold a caller still waiting against the service level until 15 s have passed', () => {
    const fresh = call(0.1, { outcome: 'in-progress' }); // waiting 6 s
    const stale = call(1, { outcome: 'in-progress' }); // waiting 60 s: can no longer be answered in time
    const figures = kpiFigures([answered(3, 5, 60), fresh, stale], settings, NOW);
    expect(figures).toMatchObject({ offered: 3, waiting: 2, connectionRate: 1 });
    expect(figures.serviceLevel).toBeCloseTo(1 / 2);
  });

  it('says nothing (null) rather than 0 % or 100 % when nothing happened', () => {
    expect(kpiFigures([], settings, NOW)).toMatchObject({ offered: 0, serviceLevel: null, connectionRate: null, asaSeconds: null, ahtSeconds: null });
  });
});

describe('KPI windows', () => {
  it('today is the Beijing day; the last 15 and 60 minutes roll, per queue and for the whole line', () => {
    const beijingMidnight = Date.parse('2026-11-22T16:00:00Z');
    const calls = [
      { ...answered(0, 5, 60), queuedAt: beijingMidnight - 60_000 }, // yesterday in Beijing, 23:59
      answered(300, 5, 60),
      answered(50, 5, 60, null, 'hotline-en'),
      answered(10, 20, 60),
    ];
    const windows = kpiWindows(calls, ['hotline-zh', 'hotline-en'], settings, NOW, windowStarts(NOW, beijingMidnight));
    expect(windows.today!.all.offered).toBe(3);
    expect(windows.last60!.all.offered).toBe(2);
    expect(windows.last15!.all.offered).toBe(1);
    expect(windows.last60!.byQueue['hotline-en']!.offered).toBe(1);
    expect(windows.today!.byQueue['hotline-zh']).toMatchObject({ offered: 2, serviceLevel: 0.5 });
  });
});

describe('tile colours', () => {
  it('colour by the admin’s thresholds, each in its own direction', () => {
    expect(tileColour('serviceLevel', 0.85)).toBe('green');
    expect(tileColour('serviceLevel', 0.7)).toBe('yellow');
    expect(tileColour('serviceLevel', 0.5)).toBe('red');
    expect(tileColour('asaSeconds', 10)).toBe('green');
    expect(tileColour('asaSeconds', 30)).toBe('yellow');
    expect(tileColour('asaSeconds', 60)).toBe('red');
    expect(tileColour('connectionRate', null)).toBe('none');
  });

  it('refuses a table with red on the wrong side of yellow, naming the KPI', () => {
    expect(() => validateKpiThresholds({ ...DEFAULT_KPI_THRESHOLDS, asaSeconds: { better: 'lower', yellow: 40, red: 20 } })).toThrow(/body\/asaSeconds: red must be above yellow/);
    expect(() => validateKpiThresholds({ ...DEFAULT_KPI_THRESHOLDS, bogus: { better: 'lower', yellow: 1, red: 2 } })).toThrow(/body\/bogus: not a KPI/);
    expect(validateKpiThresholds(DEFAULT_KPI_THRESHOLDS)).toEqual(DEFAULT_KPI_THRESHOLDS);
  });
});

describe('KPI windows in one pass', () => {
  it('give each window and queue the figures of its own calls taken alone', () => {
    const beijingMidnight = Date.parse('2026-11-22T16:00:00Z');
    const outcomes = ['answered', 'abandoned', 'overflowed', 'in-progress', 'ended-in-ivr'] as const;
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const calls = Array.from({ length: 400 }, () => {
      const outcome = outcomes[Math.floor(random() * outcomes.length)]!;
      const hold = random() < 0.3 ? null : Math.floor(random() * 40);
      return call(random() * 900 - 5, {
        outcome,
        holdSeconds: hold,
        answeredAt: outcome === 'answered' && hold === null ? NOW - random() * 3_600_000 : null,
        leftQueueAt: random() < 0.2 ? NOW - random() * 60_000 : null,
        talkSeconds: random() < 0.5 ? Math.floor(random() * 300) : null,
        wrapUpSeconds: random() < 0.5 ? Math.floor(random() * 30) : null,
      }, random() < 0.5 ? 'hotline-zh' : 'hotline-en');
    });
    const starts = windowStarts(NOW, beijingMidnight);
    const windows = kpiWindows(calls, ['hotline-zh', 'hotline-en'], settings, NOW, starts);
    for (const [window, start] of Object.entries(starts)) {
      const inWindow = calls.filter((entry) => entry.queuedAt >= start && entry.queuedAt <= NOW);
      expect(windows[window]!.all).toEqual(kpiFigures(inWindow, settings, NOW));
      for (const queue of ['hotline-zh', 'hotline-en']) {
        expect(windows[window]!.byQueue[queue]).toEqual(kpiFigures(inWindow.filter((entry) => entry.queue === queue), settings, NOW));
      }
    }
    expect(windows.today!.all.offered).toBeGreaterThan(windows.last60!.all.offered);
    expect(windows.last60!.all.offered).toBeGreaterThan(windows.last15!.all.offered);
  });
});
