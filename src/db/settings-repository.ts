// Admin-editable settings stored as JSON by key: the time-limit table, the holiday calendar's years.
import { eq, like, sql } from 'drizzle-orm';
import type { YearSchedule } from '../cases/holiday-calendar.ts';
import { DEFAULT_KPI_THRESHOLDS, validateKpiThresholds, type KpiThresholds } from '../live/kpi-thresholds.ts';
import { DEFAULT_TIME_LIMITS, validateTimeLimitTable, type TimeLimitTable } from '../cases/time-limits.ts';
import type { Db } from './database.ts';
import { settings } from './schema.ts';

const TIME_LIMITS_KEY = 'time-limits';
const KPI_THRESHOLDS_KEY = 'kpi-thresholds';
/** calendar:<year> → the State Council's schedule for that year as an admin entered it. */
const CALENDAR_PREFIX = 'calendar:';

const frozen = (table: TimeLimitTable): TimeLimitTable => {
  for (const limits of Object.values(table)) Object.freeze(limits);
  return Object.freeze(table);
};

export class SettingsRepository {
  // Deadlines read the table for every case change; it changes only when an admin saves it.
  #timeLimits: TimeLimitTable | undefined;
  #kpiThresholds: KpiThresholds | undefined;

  constructor(private readonly db: Db) {}

  /** The stored table, else the defaults. Frozen: callers share the cached copy. */
  timeLimits(): TimeLimitTable {
    if (!this.#timeLimits) {
      const row = this.db.select({ value: settings.value }).from(settings).where(eq(settings.key, TIME_LIMITS_KEY)).get();
      // Re-validated on read too: a hand-edited row fails here, naming the path, not later in a deadline.
      const table = row ? validateTimeLimitTable(JSON.parse(row.value)) : structuredClone(DEFAULT_TIME_LIMITS);
      this.#timeLimits = frozen(table);
    }
    return this.#timeLimits;
  }

  /** Validates (a TimeLimitTableError names the bad path) and stores the table; returns what was stored. */
  setTimeLimits(input: unknown): TimeLimitTable {
    const table = validateTimeLimitTable(input);
    const value = JSON.stringify(table);
    this.db
      .insert(settings)
      .values({ key: TIME_LIMITS_KEY, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` } })
      .run();
    this.#timeLimits = undefined;
    return this.timeLimits();
  }

  /** The years of holidays and make-up workdays admins entered. */
  calendarYears(): YearSchedule[] {
    return this.db
      .select({ value: settings.value })
      .from(settings)
      .where(like(settings.key, `${CALENDAR_PREFIX}%`))
      .all()
      .map((row) => JSON.parse(row.value) as YearSchedule)
      .sort((a, b) => a.year - b.year);
  }

  setCalendarYear(schedule: YearSchedule): void {
    const key = `${CALENDAR_PREFIX}${schedule.year}`;
    const value = JSON.stringify(schedule);
    this.db
      .insert(settings)
      .values({ key, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` } })
      .run();
  }

  /** The wallboard tiles' thresholds, else the defaults. */
  kpiThresholds(): KpiThresholds {
    if (!this.#kpiThresholds) {
      const row = this.db.select({ value: settings.value }).from(settings).where(eq(settings.key, KPI_THRESHOLDS_KEY)).get();
      this.#kpiThresholds = row ? validateKpiThresholds(JSON.parse(row.value)) : structuredClone(DEFAULT_KPI_THRESHOLDS);
    }
    return this.#kpiThresholds;
  }

  setKpiThresholds(input: unknown): KpiThresholds {
    const table = validateKpiThresholds(input);
    const value = JSON.stringify(table);
    this.db
      .insert(settings)
      .values({ key: KPI_THRESHOLDS_KEY, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` } })
      .run();
    this.#kpiThresholds = undefined;
    return this.kpiThresholds();
  }
}
