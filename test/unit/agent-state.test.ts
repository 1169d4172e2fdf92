import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { AgentStateService, type Agent, type AgentStore, type QueueControl } from '../../src/queues/agent-state.ts';
import type { MemberEvent, QueueMember } from '../../src/queues/queue-events.ts';
import { QueueMembership } from '../../src/queues/queue-membership.ts';

/** Plays Asterisk's part: each action is answered by the member event the real one sends (see fixtures). */
class FakeAsteriskQueues implements QueueControl {
  actions: string[] = [];
  members = new Map<string, QueueMember>();
  silent = false;
  constructor(private membership: QueueMembership) {}
  #emit(type: MemberEvent['type'], member: QueueMember) {
    if (!this.silent) setTimeout(() => this.membership.apply({ type, ...member } as MemberEvent), 1);
  }
  async addMember(queue: string, agentInterface: string, memberName: string, paused: boolean, reason?: string) {
    this.actions.push(`add ${queue} ${agentInterface} paused=${paused}`);
    const member = { queue, agentInterface, memberName, paused, pausedReason: reason ?? '', deviceStatus: 1, inCall: false };
    this.members.set(`${queue}/${agentInterface}`, member);
    this.#emit('member-added', member);
  }
  async pauseMember(queue: string, agentInterface: string, paused: boolean, reason?: string) {
    this.actions.push(`pause ${queue} ${agentInterface} ${paused}`);
    const member = { ...this.members.get(`${queue}/${agentInterface}`)!, paused, pausedReason: reason ?? '' };
    this.members.set(`${queue}/${agentInterface}`, member);
    this.#emit('member-paused', member);
  }
  async removeMember(queue: string, agentInterface: string) {
    this.actions.push(`remove ${queue} ${agentInterface}`);
    const member = this.members.get(`${queue}/${agentInterface}`)!;
    this.members.delete(`${queue}/${agentInterface}`);
    this.#emit('member-removed', member);
  }
  async listMembers() {
    return [...this.members.values()];
  }
}

class MemoryAgents implements AgentStore {
  constructor(public agents: Agent[]) {}
  agentsWithIntent() {
    return this.agents;
  }
  saveDesiredState(userId: number, state: Agent['desiredState'], reason: string | null) {
    const agent = this.agents.find((a) => a.userId === userId)!;
    agent.desiredState = state;
    agent.pauseReason = reason;
  }
}

const queues = { zh: 'hotline-zh', en: 'hotline-en' } as const;
const bilingual = (): Agent => ({ userId: 1, username: 'op1001', extension: '1001', languages: ['zh', 'en'], desiredState: 'offline', pauseReason: null });

function setup(agents: Agent[] = [bilingual()], confirmMs = 200) {
  const membership = new QueueMembership();
  const asterisk = new FakeAsteriskQueues(membership);
  const store = new MemoryAgents(agents);
  const service = new AgentStateService(asterisk, membership, store, queues, createLogger('silent'), confirmMs);
  return { membership, asterisk, store, service };
}

describe('agent state', () => {
  it('puts a bilingual operator in both language queues when available', async () => {
    const { service, asterisk, store } = setup();
    const presence = await service.setState(store.agents[0]!, 'available');
    expect(presence).toEqual({ state: 'available', reason: null, queues: [{ queue: 'hotline-zh', paused: false }, { queue: 'hotline-en', paused: false }] });
    expect(asterisk.actions).toEqual(['add hotline-zh PJSIP/1001 paused=false', 'add hotline-en PJSIP/1001 paused=false']);
    expect(store.agents[0]!.desiredState).toBe('available');
  });

  it('puts a Mandarin-only operator in the Mandarin queue only', async () => {
    const { service, store } = setup([{ ...bilingual(), languages: ['zh'] }]);
    expect((await service.setState(store.agents[0]!, 'available')).queues).toEqual([{ queue: 'hotline-zh', paused: false }]);
  });

  it('pauses with a reason, then goes offline', async () => {
    const { service, asterisk, store } = setup();
    await service.setState(store.agents[0]!, 'available');
    const paused = await service.setState(store.agents[0]!, 'paused', 'lunch');
    expect(paused).toMatchObject({ state: 'paused', reason: 'lunch' });
    const offline = await service.setState(store.agents[0]!, 'offline');
    expect(offline).toEqual({ state: 'offline', reason: null, queues: [] });
    expect(asterisk.actions.filter((a) => a.startsWith('remove'))).toHaveLength(2);
  });

  it('fails, and keeps the old intent, when Asterisk never confirms', async () => {
    const { service, asterisk, store } = setup();
    asterisk.silent = true;
    await expect(service.setState(store.agents[0]!, 'available')).rejects.toThrow(/did not confirm member-added PJSIP\/1001/);
    expect(store.agents[0]!.desiredState).toBe('offline');
  });

  it('after a reconnect, re-adds operators who wanted to be available and drops strangers', async () => {
    const { service, asterisk, store, membership } = setup([{ ...bilingual(), desiredState: 'available' }]);
    asterisk.members.set('hotline-zh/PJSIP/1009', { queue: 'hotline-zh', agentInterface: 'PJSIP/1009', memberName: 'x', paused: false, pausedReason: '', deviceStatus: 1, inCall: false });
    membership.clear();
    await service.reconcile();
    expect(service.presence(store.agents[0]!).state).toBe('available');
    expect(membership.get('hotline-zh', 'PJSIP/1009')).toBeUndefined();
    expect(asterisk.actions).toContain('remove hotline-zh PJSIP/1009');
  });
});
