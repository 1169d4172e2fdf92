// Maps asterisk-manager's event objects (lowercased keys; ChanVariable as an object) to domain events.
import type { Language } from '../config.ts';
import type { QueueEvent, QueueMember } from '../queues/queue-events.ts';
import type { AmiMessage } from './ami-client.ts';

const text = (message: AmiMessage, key: string): string => {
  const value = message[key];
  if (Array.isArray(value)) return String(value[0] ?? '');
  return value === undefined || value === null ? '' : String(value);
};
const num = (message: AmiMessage, key: string): number => {
  const value = Number(text(message, key));
  return Number.isFinite(value) ? value : 0;
};

/** Channel variables of the caller leg, listed in manager.conf `channelvars`. */
export function chanVariables(message: AmiMessage): Record<string, string> {
  const raw = message.chanvariable;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  }
  return {};
}

/** A caller's side of a queue event, from the ids and number of its channel and the variables it carries. */
function side(variables: Record<string, string>, uniqueid: string, linkedid: string, caller: string, queue: string) {
  const lang = variables.HOTLINE_LANG;
  const intent = variables.HOTLINE_INTENT;
  const callbackId = Number(variables.HOTLINE_CALLBACK);
  return {
    uniqueid,
    linkedid: linkedid || uniqueid,
    caller,
    queue,
    ...(lang === 'zh' || lang === 'en' ? { lang: lang as Language } : {}),
    ...(intent ? { intent } : {}),
    ...(Number.isInteger(callbackId) && callbackId > 0 ? { callbackId } : {}),
  };
}

function callerSide(message: AmiMessage) {
  return side(chanVariables(message), text(message, 'uniqueid'), text(message, 'linkedid'), text(message, 'calleridnum'), text(message, 'queue'));
}

/** The operator's channel's variables on a queue event (DestChanVariable: "NAME=value" lines). */
function destVariables(message: AmiMessage): Record<string, string> {
  const raw = message.destchanvariable;
  const lines = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  return Object.fromEntries(lines.map((line) => String(line).split(/=(.*)/s, 2) as [string, string]).filter(([name]) => name));
}

/**
 * The caller's side of an AgentComplete Asterisk sent without it. app_queue looks the caller's channel up when
 * the call ends; a caller whose channel is already gone (they hung up first, and Asterisk is busy) leaves the
 * event with only the operator's side (Dest…). The operator's channel inherited the call's variables —
 * HOTLINE_CALLID is the caller's uniqueid — and its connected line is the caller.
 */
function callerSideFromAgent(message: AmiMessage) {
  const variables = destVariables(message);
  return side(variables, variables.HOTLINE_CALLID ?? '', text(message, 'destlinkedid'), text(message, 'destconnectedlinenum'), text(message, 'queue'));
}

export function queueMemberFrom(message: AmiMessage): QueueMember {
  return {
    queue: text(message, 'queue'),
    agentInterface: text(message, 'interface') || text(message, 'location') || text(message, 'stateinterface'),
    memberName: text(message, 'membername') || text(message, 'name'),
    paused: text(message, 'paused') === '1',
    pausedReason: text(message, 'pausedreason'),
    deviceStatus: num(message, 'status'),
    inCall: text(message, 'incall') === '1',
  };
}

/** Returns the domain event for an AMI event, or null for events the domain does not use. */
export function mapAmiEvent(message: AmiMessage): QueueEvent | null {
  // List responses (QueueStatus…) carry our ActionID; they are read by the action's caller, not here.
  if (message.actionid) return null;
  switch (text(message, 'event')) {
    case 'QueueCallerJoin':
      return { type: 'caller-joined', position: num(message, 'position'), ...callerSide(message) };
    case 'AgentCalled':
      return { type: 'agent-called', agentInterface: text(message, 'interface'), memberName: text(message, 'membername'), ...callerSide(message) };
    case 'AgentConnect':
      return {
        type: 'agent-connected',
        agentInterface: text(message, 'interface'),
        holdSeconds: num(message, 'holdtime'),
        ringSeconds: num(message, 'ringtime'),
        ...callerSide(message),
      };
    case 'AgentComplete':
      return {
        type: 'agent-completed',
        agentInterface: text(message, 'interface'),
        talkSeconds: num(message, 'talktime'),
        reason: text(message, 'reason'),
        ...(text(message, 'uniqueid') ? callerSide(message) : callerSideFromAgent(message)),
      };
    case 'AgentRingNoAnswer':
      return { type: 'agent-ring-no-answer', agentInterface: text(message, 'interface'), ringMs: num(message, 'ringtime'), ...callerSide(message) };
    case 'QueueCallerAbandon':
      return { type: 'caller-abandoned', position: num(message, 'position'), holdSeconds: num(message, 'holdtime'), ...callerSide(message) };
    case 'QueueCallerLeave':
      return { type: 'caller-left', position: num(message, 'position'), ...callerSide(message) };
    case 'Hangup':
      return { type: 'hangup', uniqueid: text(message, 'uniqueid'), linkedid: text(message, 'linkedid'), cause: num(message, 'cause') };
    case 'UserEvent':
      if (text(message, 'userevent') !== 'HotlineCallback') return null;
      return { type: 'callback-status', callbackId: num(message, 'id'), status: text(message, 'status') };
    case 'QueueMemberAdded':
      return { type: 'member-added', ...queueMemberFrom(message) };
    case 'QueueMemberRemoved':
      return { type: 'member-removed', ...queueMemberFrom(message) };
    case 'QueueMemberPause':
      return { type: 'member-paused', ...queueMemberFrom(message) };
    case 'QueueMemberStatus':
      return { type: 'member-status', ...queueMemberFrom(message) };
    default:
      return null;
  }
}
