// What a supervisor does from an operator's row: listen, whisper (coach: only the operator hears) or
// barge (three-way) on the live call — Asterisk calls the supervisor's own phone and joins it with
// ChanSpy — and force-pause or log the operator out. Every action is audited.
import { CaseRuleError } from '../cases/lifecycle.ts';
import type { Agent, AgentPresence, AgentStateService } from '../queues/agent-state.ts';
import { agentInterface } from '../queues/agent-state.ts';
import type { LiveModel } from './live-model.ts';

export const SPY_MODES = ['listen', 'whisper', 'barge'] as const;
export type SpyMode = (typeof SPY_MODES)[number];

/** Has Asterisk ring the supervisor's phone and spy on the operator's channel once answered. */
export interface SpyDialler {
  spy(supervisorExtension: string, operatorInterface: string, mode: SpyMode, label: string): Promise<void>;
}

export interface SupervisionAudit {
  record(entry: { actorUserId: number; action: string; targetUserId: number; details: Record<string, unknown> }): void;
}

export interface Supervisor {
  id: number;
  username: string;
  extension: string | null;
}

export class SupervisorActions {
  constructor(
    private readonly model: LiveModel,
    private readonly dialler: SpyDialler,
    private readonly agentStates: AgentStateService,
    private readonly audit: SupervisionAudit,
    private readonly pbxConnected: () => boolean,
  ) {}

  /** Refused 409 unless the operator is talking on a call now; 409 when the supervisor has no phone. */
  async spy(supervisor: Supervisor, operator: Agent, mode: SpyMode): Promise<{ mode: SpyMode; supervisorExtension: string; call: { uniqueid: string; queue: string } }> {
    if (!supervisor.extension) throw new CaseRuleError(409, 'your account has no phone extension for Asterisk to ring: ask an admin to set one');
    if (!this.pbxConnected()) throw Object.assign(new Error('the PBX is not connected; try again when /readyz is ready'), { statusCode: 503 });
    const call = this.model.agent(agentInterface(operator.extension))?.call;
    if (!call || call.state !== 'talking') throw new CaseRuleError(409, `${operator.username} is not on a call`);
    await this.dialler.spy(supervisor.extension, agentInterface(operator.extension), mode, `${mode} ${operator.extension}`);
    this.audit.record({ actorUserId: supervisor.id, action: mode, targetUserId: operator.userId, details: { extension: operator.extension, call: call.uniqueid, queue: call.queue } });
    return { mode, supervisorExtension: supervisor.extension, call: { uniqueid: call.uniqueid, queue: call.queue } };
  }

  /** Pauses the operator (with a reason) or takes them out of the queues, as they could themselves. */
  async force(supervisor: Supervisor, operator: Agent, state: 'paused' | 'offline', reason: string | null): Promise<AgentPresence> {
    if (!this.pbxConnected()) throw Object.assign(new Error('the PBX is not connected; try again when /readyz is ready'), { statusCode: 503 });
    const presence = await this.agentStates.setState(operator, state, state === 'paused' ? (reason ?? 'supervisor') : null);
    this.audit.record({ actorUserId: supervisor.id, action: state === 'paused' ? 'force-pause' : 'force-logout', targetUserId: operator.userId, details: { extension: operator.extension, reason } });
    return presence;
  }
}
