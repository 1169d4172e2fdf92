// The one live model of the contact centre: who waits in which queue, which operator does what, which
// calls are on which phone. Changed only by Asterisk's events (through the AMI router), and rebuilt from
// Asterisk's own listing after every (re)connect — never carried over from memory.
import type { Language } from '../config.ts';
import type { QueueEvent, QueueMember } from '../queues/queue-events.ts';
import type { QueueMembership } from '../queues/queue-membership.ts';
import { agentStatus, type AgentStatus } from './agent-status.ts';

export interface WaitingCaller {
  uniqueid: string;
  queue: string;
  /** 1 = next to be answered. */
  position: number;
  caller: string;
  lang: Language | null;
  intent: string | null;
  /** When the caller joined the queue (epoch ms). */
  joinedAt: number;
  /** A call-back's placeholder standing in line for a citizen: the request's id. */
  callbackId: number | null;
}

export interface AgentCall {
  /** The caller's channel. */
  uniqueid: string;
  caller: string;
  queue: string;
  state: 'ringing' | 'talking';
  /** When it started ringing, or was answered (epoch ms). */
  since: number;
}

export interface LiveAgent {
  agentInterface: string;
  memberName: string;
  /** The hotline queues it is a member of. */
  queues: string[];
  status: AgentStatus;
  pausedReason: string | null;
  /** When the status last changed (epoch ms). */
  since: number;
  call: AgentCall | null;
}

/** Asterisk's own view at one moment: QueueStatus (members and entries) and CoreShowChannels. */
export interface LiveSnapshot {
  members: QueueMember[];
  entries: { queue: string; position: number; uniqueid: string; caller: string; waitSeconds: number }[];
  channels: {
    name: string;
    uniqueid: string;
    linkedid: string;
    caller: string;
    application: string;
    applicationData: string;
    bridged: boolean;
    seconds: number;
    /** HOTLINE_LANG, HOTLINE_INTENT and HOTLINE_CALLBACK on the channel (manager.conf channelvars), when set. */
    lang: Language | null;
    intent: string | null;
    callbackId: number | null;
  }[];
}

/** What changed by one event or rebuild, for the wallboard's deltas. */
export interface LiveChanges {
  queues: Set<string>;
  callers: Set<string>;
  agents: Set<string>;
  /** Agents whose status changed: [agentInterface, status, reason]. */
  statusChanges: { agentInterface: string; status: AgentStatus; reason: string | null; at: number }[];
}

const lower = (agentInterface: string) => agentInterface.toLowerCase();
const noChanges = (): LiveChanges => ({ queues: new Set(), callers: new Set(), agents: new Set(), statusChanges: [] });

export class LiveModel {
  /** Callers by queue, in queue order. */
  #waiting = new Map<string, WaitingCaller[]>();
  /** The call on each operator's phone, by lower-cased interface. */
  #calls = new Map<string, AgentCall>();
  #agents = new Map<string, LiveAgent>();

  constructor(
    readonly members: QueueMembership,
    readonly queues: readonly string[],
    /** What the server knows of a call Asterisk lists (language, intent): from the call records. */
    private readonly describeCall: (uniqueid: string) => { lang: Language | null; intent: string | null } | undefined = () => undefined,
  ) {
    for (const queue of queues) this.#waiting.set(queue, []);
  }

  waiting(queue: string): readonly WaitingCaller[] {
    return this.#waiting.get(queue) ?? [];
  }

  callers(): WaitingCaller[] {
    return this.queues.flatMap((queue) => this.waiting(queue));
  }

  caller(uniqueid: string): WaitingCaller | undefined {
    return this.callers().find((caller) => caller.uniqueid === uniqueid);
  }

  agents(): LiveAgent[] {
    return [...this.#agents.values()].sort((a, b) => a.agentInterface.localeCompare(b.agentInterface));
  }

  agent(agentInterface: string): LiveAgent | undefined {
    return this.#agents.get(lower(agentInterface));
  }

  /** The earliest join time of the callers waiting in a queue, or null when none waits. */
  longestWaitSince(queue: string): number | null {
    const callers = this.waiting(queue);
    return callers.length === 0 ? null : Math.min(...callers.map((caller) => caller.joinedAt));
  }

  /** Applies one event (already applied to the membership by its owner); returns what changed. */
  apply(event: QueueEvent, at: number): LiveChanges {
    const changes = noChanges();
    switch (event.type) {
      case 'caller-joined': {
        const callers = this.#queue(event.queue).filter((caller) => caller.uniqueid !== event.uniqueid);
        const entry: WaitingCaller = {
          uniqueid: event.uniqueid,
          queue: event.queue,
          position: 0,
          caller: event.caller,
          lang: event.lang ?? null,
          intent: event.intent ?? null,
          joinedAt: at,
          callbackId: event.callbackId ?? null,
        };
        // Asterisk may place a caller ahead of others (a priority, a kept place): its position says where.
        callers.splice(Math.max(0, Math.min(callers.length, event.position - 1)), 0, entry);
        this.#setQueue(event.queue, callers, changes);
        break;
      }
      case 'caller-left':
      case 'caller-abandoned':
        this.#removeCaller(event.uniqueid, changes);
        break;
      case 'agent-called':
        this.#setCall(event.agentInterface, { uniqueid: event.uniqueid, caller: event.caller, queue: event.queue, state: 'ringing', since: at }, changes);
        break;
      case 'agent-ring-no-answer':
        if (this.#calls.get(lower(event.agentInterface))?.uniqueid === event.uniqueid) this.#setCall(event.agentInterface, null, changes);
        break;
      case 'agent-connected':
        this.#removeCaller(event.uniqueid, changes);
        this.#setCall(event.agentInterface, { uniqueid: event.uniqueid, caller: event.caller, queue: event.queue, state: 'talking', since: at }, changes);
        // With ringall, the other phones that rang for this caller stop ringing.
        for (const [agent, call] of this.#calls) {
          if (call.uniqueid === event.uniqueid && agent !== lower(event.agentInterface)) this.#setCall(agent, null, changes);
        }
        break;
      case 'agent-completed':
        if (this.#calls.get(lower(event.agentInterface))?.uniqueid === event.uniqueid) this.#setCall(event.agentInterface, null, changes);
        break;
      case 'hangup':
        this.#removeCaller(event.uniqueid, changes);
        for (const [agent, call] of this.#calls) if (call.uniqueid === event.uniqueid && call.state === 'ringing') this.#setCall(agent, null, changes);
        break;
      case 'member-added':
      case 'member-removed':
      case 'member-paused':
      case 'member-status':
        changes.agents.add(lower(event.agentInterface));
        break;
      default:
        break;
    }
    this.#refreshAgents(changes.agents, at, changes);
    return changes;
  }

  /** Replaces everything with what Asterisk listed (after a connect); returns what changed. */
  rebuild(snapshot: LiveSnapshot, at: number): LiveChanges {
    const changes = noChanges();
    const before = new Set([...this.#agents.keys()]);
    this.members.replaceAll(snapshot.members);
    const channelOf = new Map(snapshot.channels.map((channel) => [channel.uniqueid, channel]));
    for (const queue of this.queues) {
      const entries = snapshot.entries.filter((entry) => entry.queue === queue).sort((a, b) => a.position - b.position);
      const callers = entries.map((entry): WaitingCaller => {
        const channel = channelOf.get(entry.uniqueid);
        const known = channel?.lang ? channel : this.describeCall(entry.uniqueid);
        return {
          uniqueid: entry.uniqueid,
          queue,
          position: entry.position,
          caller: entry.caller,
          lang: known?.lang ?? null,
          intent: known?.intent || null,
          joinedAt: at - entry.waitSeconds * 1000,
          callbackId: channel?.callbackId ?? null,
        };
      });
      this.#setQueue(queue, callers, changes);
      for (const caller of callers) changes.callers.add(caller.uniqueid);
    }
    // The operators' legs of queue calls: Queue() dials them (AppQueue), their linkedid is the caller's channel.
    this.#calls.clear();
    for (const channel of snapshot.channels) {
      const agent = channel.name.match(/^(PJSIP\/[^-]+)-/i)?.[1];
      if (!agent || channel.application !== 'AppQueue') continue;
      const callerLeg = channelOf.get(channel.linkedid);
      const queue = callerLeg?.applicationData.split(',')[0] ?? '';
      if (!this.queues.includes(queue)) continue;
      this.#calls.set(lower(agent), {
        uniqueid: channel.linkedid,
        caller: callerLeg?.caller ?? '',
        queue,
        state: channel.bridged ? 'talking' : 'ringing',
        since: at - channel.seconds * 1000,
      });
    }
    const interfaces = new Set([...before, ...this.members.all().map((member) => lower(member.agentInterface)), ...this.#calls.keys()]);
    this.#refreshAgents(interfaces, at, changes);
    for (const queue of this.queues) changes.queues.add(queue);
    return changes;
  }

  /** Drops everything (the AMI connection is gone: nothing is known until the next rebuild). */
  clear(at: number): LiveChanges {
    return this.rebuild({ members: [], entries: [], channels: [] }, at);
  }

  #queue(queue: string): WaitingCaller[] {
    return [...(this.#waiting.get(queue) ?? [])];
  }

  #setQueue(queue: string, callers: WaitingCaller[], changes: LiveChanges): void {
    if (!this.#waiting.has(queue)) return;
    const previous = new Map((this.#waiting.get(queue) ?? []).map((caller) => [caller.uniqueid, caller.position]));
    const renumbered = callers.map((caller, index) => ({ ...caller, position: index + 1 }));
    for (const caller of renumbered) if (previous.get(caller.uniqueid) !== caller.position) changes.callers.add(caller.uniqueid);
    for (const uniqueid of previous.keys()) if (!renumbered.some((caller) => caller.uniqueid === uniqueid)) changes.callers.add(uniqueid);
    this.#waiting.set(queue, renumbered);
    changes.queues.add(queue);
  }

  #removeCaller(uniqueid: string, changes: LiveChanges): void {
    for (const [queue, callers] of this.#waiting) {
      if (callers.some((caller) => caller.uniqueid === uniqueid)) this.#setQueue(queue, callers.filter((caller) => caller.uniqueid !== uniqueid), changes);
    }
  }

  #setCall(agentInterface: string, call: AgentCall | null, changes: LiveChanges): void {
    const key = lower(agentInterface);
    if (call) this.#calls.set(key, call);
    else this.#calls.delete(key);
    changes.agents.add(key);
  }

  /** Recomputes the named operators from membership and calls; records status changes. */
  #refreshAgents(interfaces: Iterable<string>, at: number, changes: LiveChanges): void {
    for (const key of interfaces) {
      const memberships = this.queues.flatMap((queue) => this.members.get(queue, key) ?? []);
      const call = this.#calls.get(key) ?? null;
      const previous = this.#agents.get(key);
      if (memberships.length === 0 && !call && !previous) continue;
      const paused = memberships.length > 0 && memberships.every((member) => member.paused);
      const pausedReason = paused ? memberships.find((member) => member.pausedReason)?.pausedReason ?? '' : '';
      const status = agentStatus({
        member: memberships.length > 0,
        paused,
        pausedReason,
        deviceStatus: Math.max(0, ...memberships.map((member) => member.deviceStatus)),
        call: call ?? undefined,
      });
      const reason = status === 'paused' ? pausedReason || null : null;
      const agent: LiveAgent = {
        agentInterface: memberships[0]?.agentInterface ?? previous?.agentInterface ?? key,
        memberName: memberships[0]?.memberName ?? previous?.memberName ?? '',
        queues: memberships.map((member) => member.queue),
        status,
        pausedReason: reason,
        since: previous && previous.status === status && previous.pausedReason === reason ? previous.since : at,
        call,
      };
      if (!previous || previous.status !== status || previous.pausedReason !== reason) {
        changes.statusChanges.push({ agentInterface: agent.agentInterface, status, reason, at });
      }
      changes.agents.add(key);
      this.#agents.set(key, agent);
    }
  }
}
