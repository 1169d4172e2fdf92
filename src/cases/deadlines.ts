// Which deadline a case runs against after each step, and its supervision colour.
import type { CaseRecord, Colour, Stage } from './case-model.ts';
import { escalationColour, extendDeadline, nextColourChange } from './escalation.ts';
import { limitFor, type TimeLimitTable } from './time-limits.ts';
import { addWorkingDays, chineseCalendar, localDay, workingDaysBetween, type WorkingCalendar } from './working-days.ts';

export type DeadlineFields = Pick<CaseRecord, 'dueAt' | 'stage' | 'stageStartedAt' | 'stageDueAt' | 'colour'>;

const NO_DEADLINE: DeadlineFields = { dueAt: null, stage: null, stageStartedAt: null, stageDueAt: null, colour: null };

type Timed = DeadlineFields & Pick<CaseRecord, 'registeredAt'>;

/** The deadlines a case runs against: the current step's, and the overall handling deadline. */
function deadlinesOf(record: Timed): { startedAt: string; dueAt: string }[] {
  const deadlines: { startedAt: string; dueAt: string }[] = [];
  if (record.stageDueAt && record.stageStartedAt) deadlines.push({ startedAt: record.stageStartedAt, dueAt: record.stageDueAt });
  if (record.dueAt && record.registeredAt && record.stage) deadlines.push({ startedAt: record.registeredAt, dueAt: record.dueAt });
  return deadlines;
}

export class DeadlineClock {
  constructor(
    private readonly limits: () => TimeLimitTable,
    readonly calendar: WorkingCalendar & { isBeyond?(day: string): boolean } = chineseCalendar,
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
  colour(record: Timed, now: Date): Colour | null {
    const colours = deadlinesOf(record).map((deadline) => escalationColour(new Date(deadline.startedAt), new Date(deadline.dueAt), now, this.calendar));
    if (colours.length === 0) return null;
    return colours.includes('red') ? 'red' : colours.includes('yellow') ? 'yellow' : 'green';
  }

  /** The deadlines that are overdue now (for the escalation job, which escalates each once). */
  missedDeadlines(record: DeadlineFields, now: Date): string[] {
    return [record.stageDueAt, record.stage ? record.dueAt : null].filter(
      (due, index, all): due is string => due !== null && new Date(due).getTime() < now.getTime() && all.indexOf(due) === index,
    );
  }

  /** The colour now, and when the escalation job must look at the case next (null: no change ahead). */
  timing(record: Timed, now: Date): { colour: Colour | null; nextCheckAt: string | null } {
    const changes = deadlinesOf(record)
      .map((deadline) => nextColourChange(new Date(deadline.startedAt), new Date(deadline.dueAt), now, this.calendar))
      .filter((at): at is Date => at !== null)
      .map((at) => at.getTime());
    return { colour: this.colour(record, now), nextCheckAt: changes.length > 0 ? new Date(Math.min(...changes)).toISOString() : null };
  }

  /** Whether a deadline lies beyond the last day the calendar knows (its holidays there are unknown). */
  isProvisional(record: Pick<CaseRecord, 'dueAt' | 'stageDueAt'>): boolean {
    const beyond = this.calendar.isBeyond;
    if (!beyond) return false;
    return [record.dueAt, record.stageDueAt].some((due) => due !== null && beyond.call(this.calendar, localDay(new Date(due))));
  }

  /**
   * The same deadlines counted again on this clock's calendar after the calendar changed: each is the end
   * of the same number of working days after its start as it was on `before`.
   */
  recounted(record: Timed, before: WorkingCalendar): Pick<CaseRecord, 'dueAt' | 'stageDueAt'> {
    const recount = (startedAt: string, dueAt: string) => {
      const days = workingDaysBetween(new Date(startedAt), new Date(dueAt), before);
      return days > 0 ? addWorkingDays(new Date(startedAt), days, this.calendar).toISOString() : dueAt;
    };
    const stageDueAt = record.stageDueAt && record.stageStartedAt ? recount(record.stageStartedAt, record.stageDueAt) : record.stageDueAt;
    // The handling step's deadline is the overall one.
    const dueAt = record.dueAt && record.registeredAt ? (record.stage === 'handling' && record.stageDueAt === record.dueAt ? stageDueAt : recount(record.registeredAt, record.dueAt)) : record.dueAt;
    return { dueAt, stageDueAt };
  }
}
