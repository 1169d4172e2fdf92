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

/** PJSIP/1001-0000002a → 1001 (an operator's phone: 3–6 digits, as accounts' extensions are); other channels → undefined. */
export const extensionOfChannel = (name: string): string | undefined => name.match(/^PJSIP\/(\d{3,6})-[0-9a-f]+$/i)?.[1];

export class ChannelMirror {
  #channels = new Map<string, MirroredChannel>();
  // Indexes kept with every change: each event reconciles every operator's session, and scanning all
  // channels per extension and per bridge made that O(operators × channels) per event (bench:load).
  #byExtension = new Map<string, Set<string>>();
  #byBridge = new Map<string, Set<string>>();
  /** When each channel was first mirrored: members are listed in that order, as a scan of all channels would. */
  #sequence = new Map<string, number>();
  #next = 0;

  apply(event: ChannelEvent): MirroredChannel | undefined {
    if (!('uniqueid' in event)) return undefined;
    const known = this.#channels.get(event.uniqueid);
    switch (event.type) {
      case 'channel-new':
      case 'channel-state': {
        const channel = known ?? this.#add({ uniqueid: event.uniqueid, name: '', state: event.state, callerNumber: event.callerNumber, bridgeId: null, moh: false, holding: false });
        channel.state = event.state;
        this.#rename(channel, event.name || channel.name);
        if (event.type === 'channel-new' || !channel.callerNumber) channel.callerNumber = event.callerNumber;
        return channel;
      }
      case 'channel-gone':
        if (known) this.#remove(known);
        return known;
      case 'channel-renamed':
        if (known) this.#rename(known, event.name);
        return known;
      case 'bridge-enter':
      case 'bridge-leave': {
        const channel = known ?? this.#add({ uniqueid: event.uniqueid, name: '', state: 'up' as const, callerNumber: '', bridgeId: null, moh: false, holding: false }, event.name);
        if (event.type === 'bridge-enter') this.#bridge(channel, event.bridgeId);
        else if (channel.bridgeId === event.bridgeId) this.#bridge(channel, null);
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
    this.clear();
    for (const listed of channels) {
      const channel = this.#add({ ...listed, name: '', bridgeId: null, moh: false, holding: false }, listed.name);
      this.#bridge(channel, listed.bridgeId);
    }
  }

  clear(): void {
    this.#channels.clear();
    this.#byExtension.clear();
    this.#byBridge.clear();
    this.#sequence.clear();
  }

  channel(uniqueid: string): MirroredChannel | undefined {
    return this.#channels.get(uniqueid);
  }

  /** The other channels in a bridge. */
  bridgeMembers(bridgeId: string | null, except?: string): MirroredChannel[] {
    if (!bridgeId) return [];
    return this.#members(this.#byBridge.get(bridgeId)).filter((channel) => channel.uniqueid !== except);
  }

  /** The channel of an operator's phone that carries their call: bridged first, then answered, then ringing. */
  operatorChannel(extension: string): MirroredChannel | undefined {
    const rank = (channel: MirroredChannel) => (channel.bridgeId ? 3 : channel.state === 'up' ? 2 : channel.state === 'ringing' ? 1 : 0);
    let best: MirroredChannel | undefined;
    for (const channel of this.#members(this.#byExtension.get(extension))) {
      if (!best || rank(channel) > rank(best)) best = channel;
    }
    return best;
  }

  /** Extensions with a channel now. */
  extensions(): Set<string> {
    return new Set(this.#byExtension.keys());
  }

  #members(uniqueids: Set<string> | undefined): MirroredChannel[] {
    if (!uniqueids) return [];
    return [...uniqueids].sort((a, b) => this.#sequence.get(a)! - this.#sequence.get(b)!).map((uniqueid) => this.#channels.get(uniqueid)!);
  }

  #add(channel: MirroredChannel, name = channel.name): MirroredChannel {
    this.#channels.set(channel.uniqueid, channel);
    this.#sequence.set(channel.uniqueid, this.#next++);
    this.#rename(channel, name);
    return channel;
  }

  #remove(channel: MirroredChannel): void {
    this.#rename(channel, '');
    this.#bridge(channel, null);
    this.#channels.delete(channel.uniqueid);
    this.#sequence.delete(channel.uniqueid);
  }

  #rename(channel: MirroredChannel, name: string): void {
    const was = extensionOfChannel(channel.name);
    const now = extensionOfChannel(name);
    channel.name = name;
    if (was !== now) {
      if (was) unindex(this.#byExtension, was, channel.uniqueid);
      if (now) index(this.#byExtension, now, channel.uniqueid);
    }
  }

  #bridge(channel: MirroredChannel, bridgeId: string | null): void {
    if (channel.bridgeId === bridgeId) return;
    if (channel.bridgeId) unindex(this.#byBridge, channel.bridgeId, channel.uniqueid);
    if (bridgeId) index(this.#byBridge, bridgeId, channel.uniqueid);
    channel.bridgeId = bridgeId;
  }
}

function index(map: Map<string, Set<string>>, key: string, uniqueid: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(uniqueid);
}

function unindex(map: Map<string, Set<string>>, key: string, uniqueid: string): void {
  const set = map.get(key);
  set?.delete(uniqueid);
  if (set?.size === 0) map.delete(key);
}
