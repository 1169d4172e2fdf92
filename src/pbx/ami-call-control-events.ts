// Maps the AMI events call control follows (channels, bridges, hold, music on hold, transfers, originate and
// dial results) to its channel events, and CoreShowChannels to the listing it rebuilds from.
import type { ChannelEvent, ChannelState, ListedChannel } from '../calls/call-control-model.ts';
import type { AmiMessage } from './ami-client.ts';

const text = (message: AmiMessage, key: string): string => {
  const value = message[key];
  if (Array.isArray(value)) return String(value[0] ?? '');
  return value === undefined || value === null ? '' : String(value);
};

/** Asterisk's ChannelState numbers: 0 down, 4 ring (an inbound call arriving), 5 ringing (our outbound call rings), 6 up. */
function channelState(message: AmiMessage): ChannelState {
  const state = Number(text(message, 'channelstate'));
  if (state === 6) return 'up';
  if (state === 5) return 'ringing';
  return 'down';
}

const channel = (message: AmiMessage) => ({ uniqueid: text(message, 'uniqueid'), name: text(message, 'channel') });

export function mapCallControlEvent(message: AmiMessage): ChannelEvent | null {
  if (message.actionid && text(message, 'event') !== 'OriginateResponse') return null;
  switch (text(message, 'event')) {
    case 'Newchannel':
      return { type: 'channel-new', ...channel(message), state: channelState(message), callerNumber: text(message, 'calleridnum') };
    case 'Newstate':
      return { type: 'channel-state', ...channel(message), state: channelState(message), callerNumber: text(message, 'calleridnum') };
    case 'Hangup':
      return { type: 'channel-gone', ...channel(message), cause: Number(text(message, 'cause')) || 0 };
    case 'Rename':
      return { type: 'channel-renamed', uniqueid: text(message, 'uniqueid'), name: text(message, 'newname') };
    case 'BridgeEnter':
      return { type: 'bridge-enter', ...channel(message), bridgeId: text(message, 'bridgeuniqueid') };
    case 'BridgeLeave':
      return { type: 'bridge-leave', ...channel(message), bridgeId: text(message, 'bridgeuniqueid') };
    case 'Hold':
      return { type: 'hold', ...channel(message) };
    case 'Unhold':
      return { type: 'unhold', ...channel(message) };
    case 'MusicOnHoldStart':
      return { type: 'moh-start', ...channel(message) };
    case 'MusicOnHoldStop':
      return { type: 'moh-stop', ...channel(message) };
    case 'AttendedTransfer':
      return {
        type: 'attended-transfer',
        success: text(message, 'result') === 'Success',
        threeway: text(message, 'desttype') === 'Threeway',
        transfererUniqueids: [text(message, 'origtransfereruniqueid'), text(message, 'secondtransfereruniqueid')].filter(Boolean),
        bridgeId: text(message, 'destbridgeuniqueid'),
      };
    case 'BlindTransfer':
      return {
        type: 'blind-transfer',
        success: text(message, 'result') === 'Success',
        result: text(message, 'result'),
        transfererUniqueid: text(message, 'transfereruniqueid'),
        extension: text(message, 'extension'),
      };
    case 'OriginateResponse':
      return { type: 'originate-response', uniqueid: text(message, 'uniqueid'), success: text(message, 'response') === 'Success', reason: originateReason(text(message, 'reason')) };
    case 'DialEnd':
      return { type: 'dial-end', uniqueid: text(message, 'uniqueid'), destUniqueid: text(message, 'destuniqueid'), dialStatus: text(message, 'dialstatus') };
    default:
      return null;
  }
}

/** OriginateResponse's Reason is the AST_CONTROL code the operator's phone answered with. */
function originateReason(reason: string): string {
  const known: Record<string, string> = { '0': 'no answer from the phone (unreachable or no such endpoint)', '1': 'hung up', '3': 'no answer', '5': 'busy', '8': 'congestion' };
  return known[reason] ?? `reason ${reason}`;
}

/** CoreShowChannels' CoreShowChannel events → the listing (BridgeId says which channels talk together). */
export function listedChannels(events: AmiMessage[]): ListedChannel[] {
  return events
    .filter((event) => event.event === 'CoreShowChannel')
    .map((event) => ({
      uniqueid: text(event, 'uniqueid'),
      name: text(event, 'channel'),
      state: channelState(event),
      callerNumber: text(event, 'calleridnum'),
      bridgeId: text(event, 'bridgeid') || null,
    }));
}
