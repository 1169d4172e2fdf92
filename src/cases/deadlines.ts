// Which deadline a case runs against after each step, and its supervision colour.
import type { CaseRecord, Colour, Stage } from './case-model.ts';
import { escalationColour, extendDeadline } from './escalation.ts';
import { limitFor, type TimeLimitTable } from './time-limits.ts';
import { addWorkingDays, chineseCalendar, type WorkingCalendar } from './working-days.ts';

export type DeadlineFields = Pick<CaseRecord, 'dueAt' | 'stage' | 'stageStartedAt' | 'stageDueAt' | 'colour'>;

const NO_DEADLINE: DeadlineFields = { dueAt: null, stage: null, stageStartedAt: null, stageDueAt: null, colour: null };

export class DeadlineClock {
  constructor(
    private readonly limits: () => TimeLimitTable,
    private readonly calendar: WorkingCalendar = chineseCalendar,
  ) {}

  #stage(stage: Stage, startedAt: Date, dueAt: Date, overallDueAt: string | null): DeadlineFields {
    return { dueAt: overallDueAt, stage, stageStartedAt: startedAt.toISOString(), stageDueAt: dueAt.toISOString(), colour: null };
  }

  #limit(stage: Stage, kind: CaseRecord['kind']): number | undefined {
    if (!kind) return undefined;
    try {
      return limitFor(this.limits(), stage, kind);
    } catch {
      return undefined;
    }
  }

  /** A case as it enters the registry: only complaints carry a registration-decision limit (7 working days). */
  received(record: Pick<CaseRecord, 'kind' | 'createdAt'>): DeadlineFields {
    const days = this.#limit('registration', record.kind);
    if (!days) return NO_DEADLINE;
    const start = new Date(record.createdAt);
    return this.#stage('registration', start, addWorkingDays(start, days, this.calendar), null);
  }

  /** Deadlines after a state change at `now`. */
  after(record: CaseRecord, now: Date): DeadlineFields {
    switch (record.status) {
      case 'draft':
        return this.received(record);
      case 'registered': {
        const days = this.#limit('handling', record.kind) ?? 15;
        const due = addWorkingDays(now, days, this.calendar);
        return this.#stage('handling', now, due, due.toISOString());
      }
      case 'dispatched':
        return this.#stage('sign-for', now, addWorkingDays(now, this.#limit('sign-for', record.kind) ?? 1, this.calendar), record.dueAt);
      case 'accepted':
      case 'returned':
      case 'handled':
        return record.dueAt ? this.#stage('handling', new Date(record.registeredAt ?? now), new Date(record.dueAt), record.dueAt) : NO_DEADLINE;
      case 'replied':
        return this.#stage('return-visit', now, addWorkingDays(now, this.#limit('return-visit', record.kind) ?? 1, this.calendar), record.dueAt);
      default:
        return { ...NO_DEADLINE, dueAt: record.dueAt };
    }
  }

  /** An approved extension moves the handling deadline (and the current step's, if it is the handling one). */
  extended(record: CaseRecord, extraWorkingDays: number): Pick<CaseRecord, 'dueAt' | 'stageDueAt'> {
    if (!record.dueAt) return { dueAt: null, stageDueAt: record.stageDueAt };
    const dueAt = extendDeadline(new Date(record.dueAt), extraWorkingDays, this.calendar).toISOString();
    return { dueAt, stageDueAt: record.stage === 'handling' ? dueAt : record.stageDueAt };
  }

  /** The colour now: the worse of the current step's deadline and the overall handling deadline. */
  colour(record: DeadlineFields & Pick<CaseRecord, 'registeredAt'>, now: Date): Colour | null {
    const colours: Colour[] = [];
    if (record.stageDueAt && record.stageStartedAt) {
      colours.push(escalationColour(new Date(record.stageStartedAt), new Date(record.stageDueAt), now, this.calendar));
    }
    if (record.dueAt && record.registeredAt && record.stage) {
      colours.push(escalationColour(new Date(record.registeredAt), new Date(record.dueAt), now, this.calendar));
    }
    if (colours.length === 0) return null;
    return colours.includes('red') ? 'red' : colours.includes('yellow') ? 'yellow' : 'green';
  }

  /** The deadline that is overdue now, if any (for the escalation job). */
  missedDeadline(record: DeadlineFields, now: Date): string | null {
    for (const due of [record.stageDueAt, record.stage ? record.dueAt : null]) {
      if (due && new Date(due).getTime() < now.getTime()) return due;
    }
    return null;
  }
}
