// The time-limit table (限时办结) as data: how many working days each stage of a case may take,
// per kind of case. Admins may replace it; validateTimeLimitTable guards what they send.

import { CASE_KINDS, type CaseKind } from './case-model.ts';

export { CASE_KINDS, type CaseKind };

export const TIME_LIMIT_STAGES = ['registration', 'handling', 'sign-for', 'return-visit'] as const;
export type TimeLimitStage = (typeof TIME_LIMIT_STAGES)[number];

export type TimeLimitTable = Record<TimeLimitStage, Partial<Record<CaseKind, number>> & { default?: number }>;

/** Longest limit an admin may set: a year of working days is already far beyond any rule. */
export const MAX_TIME_LIMIT_DAYS = 365;

export const DEFAULT_TIME_LIMITS: TimeLimitTable = {
  // Only a complaint needs a decision on whether it is accepted (受理) before it is handled.
  registration: { complaint: 7 },
  handling: {
    // Answered within 3 working days when it could not be answered on the spot.
    consultation: 3,
    // Not fixed by the brief that set these defaults: 15, like a report's check. Configurable,
    // so confirm it against the rules the centre works under before relying on it.
    complaint: 15,
    report: 15,
    suggestion: 15,
    praise: 15,
    // 行风监督: conduct supervision of the bureau's own staff.
    conduct: 15,
  },
  // A department signs for a dispatched case within 1 working day, whatever its kind.
  'sign-for': { default: 1 },
  // The caller is visited back (回访) within 1 working day of the department's reply.
  'return-visit': { default: 1 },
};

export class TimeLimitTableError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path} ${problem}`);
    this.name = 'TimeLimitTableError';
  }
}

/** Working days allowed for `stage` of a case of `kind`: the kind's own limit, else the stage default. */
export function limitFor(table: TimeLimitTable, stage: TimeLimitStage, kind: CaseKind): number {
  const limits = table[stage];
  const days = limits[kind] ?? limits.default;
  if (days === undefined) throw new RangeError(`no ${stage} time limit for a ${kind} case and no ${stage}.default`);
  return days;
}

/** Checks a table sent by an admin; the error names the offending path so it can go back as a 400. */
export function validateTimeLimitTable(input: unknown): TimeLimitTable {
  if (!isPlainObject(input)) throw new TimeLimitTableError('time limits', 'must be an object of stages');
  for (const stage of Object.keys(input)) {
    if (!isOneOf(TIME_LIMIT_STAGES, stage)) {
      throw new TimeLimitTableError(stage, `is not a stage (expected one of ${TIME_LIMIT_STAGES.join(', ')})`);
    }
  }
  const table = {} as TimeLimitTable;
  for (const stage of TIME_LIMIT_STAGES) {
    table[stage] = validateStage(stage, input[stage]);
  }
  return table;
}

function validateStage(stage: TimeLimitStage, input: unknown): TimeLimitTable[TimeLimitStage] {
  if (input === undefined) throw new TimeLimitTableError(stage, 'is missing');
  if (!isPlainObject(input)) throw new TimeLimitTableError(stage, 'must be an object of case kinds to working days');
  const limits: TimeLimitTable[TimeLimitStage] = {};
  for (const [key, days] of Object.entries(input)) {
    const path = `${stage}.${key}`;
    if (key !== 'default' && !isOneOf(CASE_KINDS, key)) {
      throw new TimeLimitTableError(path, `is not a case kind (expected default or one of ${CASE_KINDS.join(', ')})`);
    }
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_TIME_LIMIT_DAYS) {
      throw new TimeLimitTableError(path, `must be a whole number of working days from 1 to ${MAX_TIME_LIMIT_DAYS}`);
    }
    limits[key] = days;
  }
  return limits;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
  return (options as readonly string[]).includes(value);
}
