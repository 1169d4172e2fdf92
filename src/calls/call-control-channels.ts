// A mirror of Asterisk's channels and bridges, changed only by Asterisk's events and replaced by its own
// listing after every (re)connect: which channel is in which bridge, who hears music on hold, who holds.
import type { ChannelEvent, ChannelState, ListedChannel } from './call-control-model.ts';

export interface MirroredChannel {
  uniqueid: string;
  name: string;
  state: ChannelState;
  callerNumber: string;
  bridgeId: string | null;
  /** Music on hold is playing to this channel. */
  moh: boolean;
  /** This channel put its bridge on hold (Hold event; Asterisk publishes it for the hold feature and a consult). */
  holding: boolean;
}

/** PJSIP/1001-0000002a → 1001; other channels → undefined. */
export const extensionOfChannel = (name: string): string | undefined => name.match(/^PJSIP\/(10\d\d)-[0-9a-f]+$/i)?.[1];

export class ChannelMirror {
  #channels = new Map<string, MirroredChannel>();

  apply(event: ChannelEvent): MirroredChannel | undefined {
    if (!('uniqueid' in event)) return undefined;
    const known = this.#channels.get(event.uniqueid);
    switch (event.type) {
      case 'channel-new':
      case 'channel-state': {
        const channel = known ?? { uniqueid: event.uniqueid, name: event.name, state: event.state, callerNumber: event.callerNumber, bridgeId: null, moh: false, holding: false };
        channel.state = event.state;
        channel.name = event.name || channel.name;
        if (event.type === 'channel-new' || !channel.callerNumber) channel.callerNumber = event.callerNumber;
        this.#channels.set(event.uniqueid, channel);
        return channel;
      }
      case 'channel-gone':
        this.#channels.delete(event.uniqueid);
        return known;
      case 'channel-renamed':
        if (known) known.name = event.name;
        return known;
      case 'bridge-enter':
      case 'bridge-leave': {
        const channel = known ?? { uniqueid: event.uniqueid, name: event.name, state: 'up' as const, callerNumber: '', bridgeId: null, moh: false, holding: false };
        if (event.type === 'bridge-enter') channel.bridgeId = event.bridgeId;
        else if (channel.bridgeId === event.bridgeId) channel.bridgeId = null;
        this.#channels.set(event.uniqueid, channel);
        return channel;
      }
      case 'hold':
      case 'unhold':
        if (known) known.holding = event.type === 'hold';
        return known;
      case 'moh-start':
      case 'moh-stop':
        if (known) known.moh = event.type === 'moh-start';
        return known;
      default:
        return known;
    }
  }

  /** What Asterisk listed: hold and music are not listed, so they start unknown (false). */
  replace(channels: ListedChannel[]): void {
    this.#channels = new Map(channels.map((channel) => [channel.uniqueid, { ...channel, moh: false, holding: false }]));
  }

  clear(): void {
    this.#channels.clear();
  }

  channel(uniqueid: string): MirroredChannel | undefined {
    return this.#channels.get(uniqueid);
  }

  /** The other channels in a bridge. */
  bridgeMembers(bridgeId: string | null, except?: string): MirroredChannel[] {
    if (!bridgeId) return [];
    return [...this.#channels.values()].filter((channel) => channel.bridgeId === bridgeId && channel.uniqueid !== except);
  }

  /** The channel of an operator's phone that carries their call: bridged first, then answered, then ringing. */
  operatorChannel(extension: string): MirroredChannel | undefined {
    const rank = (channel: MirroredChannel) => (channel.bridgeId ? 3 : channel.state === 'up' ? 2 : channel.state === 'ringing' ? 1 : 0);
    let best: MirroredChannel | undefined;
    for (const channel of this.#channels.values()) {
      if (extensionOfChannel(channel.name) !== extension) continue;
      if (!best || rank(channel) > rank(best)) best = channel;
    }
    return best;
  }

  /** Extensions with a channel now. */
  extensions(): Set<string> {
    const found = new Set<string>();
    for (const channel of this.#channels.values()) {
      const extension = extensionOfChannel(channel.name);
      if (extension) found.add(extension);
    }
    return found;
  }
}
