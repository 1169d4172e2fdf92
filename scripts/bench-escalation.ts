// Benchmark of the escalation pass (督办) at 100,000 open cases: how long it holds the event loop.
// Fills open cases with deadlines into a fresh SQLite file, then runs the pass the server runs every
// 15 minutes — after an upgrade (every case due at once), on an ordinary day, and at a Beijing midnight
// — and reports the longest slice it ran without yielding, against the 20 ms bar, beside the old way
// (every open case evaluated in one go). Usage: npm run bench:escalation [-- --cases 100000]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { formatCaseNumber } from '../src/cases/case-number.ts';
import { CaseService } from '../src/cases/case-service.ts';
import { DeadlineClock } from '../src/cases/deadlines.ts';
import { DEFAULT_TIME_LIMITS } from '../src/cases/time-limits.ts';
import { addWorkingDays } from '../src/cases/working-days.ts';
import { CaseRegistryRepository } from '../src/db/case-registry-repository.ts';
import { openDatabase } from '../src/db/database.ts';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, db: { type: 'string', default: 'data/bench/escalation-bench.db' } } });
const TOTAL = Number(values.cases);
const FILE = resolve(values.db!);
const BAR_MS = 20;

rmSync(FILE, { force: true });
rmSync(`${FILE}-wal`, { force: true });
rmSync(`${FILE}-shm`, { force: true });
mkdirSync(dirname(FILE), { recursive: true });
const db = openDatabase(FILE);
let now = new Date('2026-11-23T01:30:00Z'); // a Monday morning in Beijing
const clock = new DeadlineClock(() => DEFAULT_TIME_LIMITS);
const service = new CaseService(new CaseRegistryRepository(db), clock, () => now);

process.stdout.write(`escalation benchmark: ${TOTAL.toLocaleString('en')} open cases into ${FILE}\n`);
const insert = db.$client.prepare(
  `insert into cases (number, status, kind, channel, caller_phone, lang, subject, registered_at, due_at, stage, stage_started_at, stage_due_at, colour, next_check_at, created_at)
   values (?, 'registered', 'complaint', 'phone', '13800138000', 'zh', '投诉', ?, ?, 'handling', ?, ?, ?, ?, ?)`,
);
const fillStarted = performance.now();
db.$client.transaction(() => {
  for (let i = 0; i < TOTAL; i++) {
    // Registered over the last 20 days, 15 working days each: green, yellow and red cases side by side.
    const registeredAt = new Date(now.getTime() - (i % (20 * 24)) * 3_600_000);
    const dueAt = addWorkingDays(registeredAt, 15).toISOString();
    const record = { dueAt, stage: 'handling' as const, stageStartedAt: registeredAt.toISOString(), stageDueAt: dueAt, colour: null, registeredAt: registeredAt.toISOString() };
    const timing = clock.timing(record, now);
    const day = registeredAt.toISOString().slice(2, 10).replaceAll('-', '');
    insert.run(formatCaseNumber(day, (i % 90_000) + 1), record.registeredAt, dueAt, record.stageStartedAt, dueAt, timing.colour, timing.nextCheckAt, record.registeredAt);
  }
})();
process.stdout.write(`filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s\n`);

interface PassResult {
  name: string;
  evaluated: number;
  totalMs: number;
  slices: number;
  longestSliceMs: number;
  loopDelayMaxMs: number;
}

async function pass(name: string): Promise<PassResult> {
  const slices: number[] = [];
  let sliceStarted = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  const result = await service.evaluateDeadlines({
    yieldToLoop: async () => {
      slices.push(performance.now() - sliceStarted);
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    },
  });
  slices.push(performance.now() - sliceStarted);
  const totalMs = performance.now() - started;
  delay.disable();
  return { name, evaluated: result.evaluated, totalMs, slices: slices.length, longestSliceMs: Math.max(...slices), loopDelayMaxMs: delay.max / 1e6 };
}

/** The old job: every open case with a deadline evaluated in one synchronous go. */
function oldWay(): PassResult {
  const started = performance.now();
  const open = db.$client.prepare(`select * from cases where stage is not null and status not in ('closed', 'not-accepted', 'merged')`).all() as Record<string, string>[];
  for (const row of open) {
    clock.colour({ dueAt: row.due_at!, stage: 'handling', stageStartedAt: row.stage_started_at!, stageDueAt: row.stage_due_at!, colour: null, registeredAt: row.registered_at! }, now);
  }
  const ms = performance.now() - started;
  return { name: 'old job: every open case at once (colour only, no writes)', evaluated: open.length, totalMs: ms, slices: 1, longestSliceMs: ms, loopDelayMaxMs: ms };
}

const results: PassResult[] = [];
results.push(oldWay());
db.$client.prepare(`update cases set next_check_at = ?`).run(now.toISOString());
results.push(await pass('first pass after the upgrade (every open case due)'));
now = new Date(now.getTime() + 15 * 60_000);
results.push(await pass('an ordinary pass 15 minutes later'));
now = new Date('2026-11-23T16:00:30Z'); // just after Beijing midnight: the day's colour changes
results.push(await pass('the pass just after Beijing midnight'));

const report = [
  `# escalation pass benchmark — ${new Date().toISOString()}`,
  `${TOTAL.toLocaleString('en')} open cases with handling deadlines; bar: no slice holds the event loop over ${BAR_MS} ms`,
  '| pass | cases evaluated | total ms | slices | longest slice ms | event-loop delay max ms | bar |',
  '|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.evaluated.toLocaleString('en')} | ${r.totalMs.toFixed(0)} | ${r.slices} | ${r.longestSliceMs.toFixed(1)} | ${r.loopDelayMaxMs.toFixed(1)} | ${r.longestSliceMs <= BAR_MS ? 'met' : 'missed'} |`,
  ),
].join('\n');
writeFileSync(resolve(dirname(FILE), 'escalation-report.md'), `${report}\n`);
process.stdout.write(`${report}\n`);
db.$client.close();
