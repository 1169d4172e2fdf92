// The server's periodic jobs: each never overlaps itself, logs its failures, stops with the server.
import type { CaseService } from '../cases/case-service.ts';
import type { Config } from '../config.ts';
import type { UserRepository } from '../db/user-repository.ts';
import { every, type PeriodicJob } from '../jobs/periodic.ts';
import type { WallService } from '../live/wall-service.ts';
import type { Logger } from '../log.ts';
import type { AgentStateService } from '../queues/agent-state.ts';

/** How often the KPI tiles are recomputed without an event (rolling windows move with the clock). */
const KPI_REFRESH_MS = 10_000;

export function startJobs(
  config: Config,
  log: Logger,
  deps: {
    caseService: CaseService;
    wall: WallService;
    users: UserRepository;
    agentStates: AgentStateService;
    amiConnected: () => boolean;
    ariConnected: () => boolean;
    recoverMessages: () => Promise<unknown>;
  },
): PeriodicJob[] {
  const { caseService, wall, users, agentStates } = deps;
  const evaluateDeadlines = async () => {
    const result = await caseService.evaluateDeadlines();
    if (result.escalated.length > 0) log.warn({ escalated: result.escalated }, 'overdue cases escalated (督办)');
    if (result.evaluated > 0) {
      log.info({ evaluated: result.evaluated }, 'case deadlines evaluated');
      wall.overdueChanged();
    }
  };
  return [
    every(config.escalationIntervalMinutes * 60_000, 'deadline evaluation', evaluateDeadlines, log, { runAtStart: true }),
    // Phones of operators disabled elsewhere (the CLI) leave the queues within one check.
    every(config.sessionCheckSeconds * 1000, 'queue membership check', () => (deps.amiConnected() ? agentStates.removeUnwanted() : 0), log),
    every(
      3_600_000,
      'expired session purge',
      () => {
        const purged = users.purgeExpiredSessions();
        if (purged > 0) log.info({ purged }, 'expired sessions purged');
      },
      log,
      { runAtStart: true },
    ),
    // The rolling windows roll, and a caller still waiting crosses the service-level time, without events.
    every(KPI_REFRESH_MS, 'KPI refresh', () => wall.kpisChanged(), log),
    every(60_000, 'overdue refresh', () => wall.overdueChanged(), log),
    // Messages kept back (a database that could not be written, the dialplan's own recording) are registered.
    every(60_000, 'message recovery', () => (deps.ariConnected() ? deps.recoverMessages() : []), log),
  ];
}
