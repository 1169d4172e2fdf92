// Admin-editable settings stored as JSON by key: the time-limit table, the wallboard's KPI thresholds, the
// line's settings, pause reasons and opening hours, the holiday calendar's years. Each is validated when written and again when read (a hand-edited row fails
// naming the path, not later in a deadline), and cached until it is written again.
import { eq, like, sql } from 'drizzle-orm';
import type { YearSchedule } from '../cases/holiday-calendar.ts';
import { DEFAULT_TIME_LIMITS, validateTimeLimitTable, type TimeLimitTable } from '../cases/time-limits.ts';
import { parseOpeningHours, validateOpeningHoursSetting, type OpeningHours } from '../ivr/opening-hours.ts';
import { DEFAULT_KPI_THRESHOLDS, validateKpiThresholds, type KpiThresholds } from '../live/kpi-thresholds.ts';
import { defaultLineSettings, DEFAULT_PAUSE_REASONS, validateLineSettings, validatePauseReasons, type LineSettings, type PauseReason } from '../queues/line-settings.ts';
import type { Db } from './database.ts';
import { settings } from './schema.ts';

/** calendar:<year> → the State Council's schedule for that year as an admin entered it. */
const CALENDAR_PREFIX = 'calendar:';

/** A setting: its key, how a stored value is checked, and its value when none is stored. */
interface Setting<T> {
  key: string;
  validate: (input: unknown) => T;
  fallback: () => T;
  /** What is written, when it is not the value itself (parsed rules are stored as their text). */
  stored?: (value: T) => unknown;
}

const TIME_LIMITS: Setting<TimeLimitTable> = { key: 'time-limits', validate: validateTimeLimitTable, fallback: () => structuredClone(DEFAULT_TIME_LIMITS) };
const KPI_THRESHOLDS: Setting<KpiThresholds> = { key: 'kpi-thresholds', validate: validateKpiThresholds, fallback: () => structuredClone(DEFAULT_KPI_THRESHOLDS) };
const PAUSE_REASONS: Setting<PauseReason[]> = { key: 'pause-reasons', validate: validatePauseReasons, fallback: () => structuredClone(DEFAULT_PAUSE_REASONS) };

/** Deep-frozen: callers share the cached copy. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object') for (const inner of Object.values(value)) frozen(inner);
  return Object.freeze(value);
}

export class SettingsRepository {
  readonly #cache = new Map<string, unknown>();
  readonly #line: Setting<LineSettings>;
  readonly #openingHours: Setting<OpeningHours>;

  /**
   * `defaultMaxWaitSeconds`: the line's longest wait until an admin sets one (HOTLINE_QUEUE_MAX_WAIT_SECONDS);
   * `defaultOpeningHours`: the opening hours until an admin sets them (HOTLINE_OPENING_HOURS, parsed at start).
   */
  constructor(
    private readonly db: Db,
    defaultMaxWaitSeconds = 300,
    readonly defaultOpeningHours: OpeningHours = parseOpeningHours('workdays 08:30-17:30'),
  ) {
    this.#line = { key: 'line-settings', validate: validateLineSettings, fallback: () => defaultLineSettings(defaultMaxWaitSeconds) };
    this.#openingHours = { key: 'opening-hours', validate: validateOpeningHoursSetting, fallback: () => defaultOpeningHours, stored: (hours) => ({ text: hours.text }) };
  }

  #get<T>(setting: Setting<T>): T {
    if (!this.#cache.has(setting.key)) {
      const row = this.db.select({ value: settings.value }).from(settings).where(eq(settings.key, setting.key)).get();
      this.#cache.set(setting.key, frozen(row ? setting.validate(JSON.parse(row.value)) : setting.fallback()));
    }
    return this.#cache.get(setting.key) as T;
  }

  /** Validates (the setting's error names the bad path), stores, and returns what is stored now. */
  #set<T>(setting: Setting<T>, input: unknown): T {
    const value = setting.validate(input);
    this.#put(setting.key, setting.stored ? setting.stored(value) : value);
    this.#cache.delete(setting.key);
    return this.#get(setting);
  }

  #put(key: string, value: unknown): void {
    const text = JSON.stringify(value);
    this.db
      .insert(settings)
      .values({ key, value: text })
      .onConflictDoUpdate({ target: settings.key, set: { value: text, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` } })
      .run();
  }

  /** The stored table, else the defaults. */
  timeLimits(): TimeLimitTable {
    return this.#get(TIME_LIMITS);
  }

  setTimeLimits(input: unknown): TimeLimitTable {
    return this.#set(TIME_LIMITS, input);
  }

  /** The wallboard tiles' thresholds, else the defaults. */
  kpiThresholds(): KpiThresholds {
    return this.#get(KPI_THRESHOLDS);
  }

  setKpiThresholds(input: unknown): KpiThresholds {
    return this.#set(KPI_THRESHOLDS, input);
  }

  /** Announcements, waits, wrap-up, call-back retries, recording retention. */
  lineSettings(): LineSettings {
    return this.#get(this.#line);
  }

  setLineSettings(input: unknown): LineSettings {
    return this.#set(this.#line, input);
  }

  /** The reasons operators pause for, in both languages. */
  pauseReasons(): PauseReason[] {
    return this.#get(PAUSE_REASONS);
  }

  setPauseReasons(input: unknown): PauseReason[] {
    return this.#set(PAUSE_REASONS, input);
  }

  /** When the line is staffed: an admin's rules, else HOTLINE_OPENING_HOURS. Read for every call's decision. */
  openingHours(): OpeningHours {
    return this.#get(this.#openingHours);
  }

  /** Takes `{text}`; an OpeningHoursError names body/text and what is wrong with the rules. */
  setOpeningHours(input: unknown): OpeningHours {
    return this.#set(this.#openingHours, input);
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
    this.#put(`${CALENDAR_PREFIX}${schedule.year}`, schedule);
  }
}
