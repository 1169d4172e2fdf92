// What an operator is doing, as the wallboard shows it, derived from Asterisk's queue membership and calls.

export const AGENT_STATUSES = ['offline', 'available', 'ringing', 'on-call', 'wrap-up', 'paused'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** The pause reason the server gives Asterisk while an operator is in wrap-up (后处理) after a call. */
export const WRAP_UP_REASON = 'wrap-up';

/** Asterisk device states (QueueMember Status): 2 in use, 3 busy, 6 ringing, 7 ringing while in use, 8 on hold. */
const IN_USE = new Set([2, 3, 7, 8]);
const RINGING = new Set([6, 7]);

export interface AgentFacts {
  /** Member of any hotline queue. */
  member: boolean;
  /** Paused in every hotline queue it is a member of. */
  paused: boolean;
  pausedReason: string;
  deviceStatus: number;
  call?: { state: 'ringing' | 'talking' };
}

/** On a call first (whatever else), then ringing, then paused (wrap-up is a pause of its own), then available. */
export function agentStatus(facts: AgentFacts): AgentStatus {
  if (!facts.member) return 'offline';
  if (facts.call?.state === 'talking' || (IN_USE.has(facts.deviceStatus) && facts.call?.state !== 'ringing')) return 'on-call';
  if (facts.call?.state === 'ringing' || RINGING.has(facts.deviceStatus)) return 'ringing';
  if (facts.paused) return facts.pausedReason === WRAP_UP_REASON ? 'wrap-up' : 'paused';
  return 'available';
}
