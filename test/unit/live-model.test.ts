// The live model fed with a real recorded event stream (test/fixtures/ami/wall-three-callers.jsonl,
// recorded with `node scripts/record-ami-fixtures.mjs --scenario wall`): three callers wait, the second
// gives up, the operator comes back from lunch and answers the first. Twice during the recording
// Asterisk was asked for its own view (QueueStatus, CoreShowChannels): the model built from the events
// must equal the model rebuilt from that view, also after a disconnect in the middle.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LiveModel, type LiveChanges } from '../../src/live/live-model.ts';
import type { AmiMessage } from '../../src/pbx/ami-client.ts';
import { mapAmiEvent } from '../../src/pbx/ami-events.ts';
import { liveSnapshotFrom } from '../../src/pbx/ami-live-snapshot.ts';
import { isMemberEvent } from '../../src/queues/queue-events.ts';
import { QueueMembership } from '../../src/queues/queue-membership.ts';

const QUEUES = ['hotline-zh', 'hotline-en'];
const stream: AmiMessage[] = readFileSync(new URL('../fixtures/ami/wall-three-callers.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as AmiMessage);
const at = (message: AmiMessage) => Number(message.timestamp) * 1000;

/** The snapshots Asterisk gave during the recording: their events, and where in the stream they were taken. */
function snapshots() {
  const result: { index: number; at: number; snapshot: ReturnType<typeof liveSnapshotFrom> }[] = [];
  stream.forEach((message, index) => {
    if (message.event !== 'CoreShowChannelsComplete') return;
    const channelsId = message.actionid;
    const statusEnd = stream.slice(0, index).findLastIndex((m) => m.event === 'QueueStatusComplete');
    const statusId = stream[statusEnd]!.actionid;
    const queueStatus = stream.filter((m) => m.actionid === statusId);
    const channels = stream.filter((m) => m.actionid === channelsId);
    // list answers carry no timestamp: the snapshot was taken just after the last timestamped event before it
    const stamped = stream.slice(0, statusEnd).findLast((m) => Number.isFinite(at(m)))!;
    result.push({ index: statusEnd, at: at(stamped), snapshot: liveSnapshotFrom(queueStatus, channels) });
  });
  return result;
}

function freshModel() {
  return new LiveModel(new QueueMembership(), QUEUES);
}

/** Feeds stream[from, to) as the server does: membership first, then the model. */
function feed(model: LiveModel, from: number, to: number, log: LiveChanges[] = []) {
  let last = 0;
  for (const message of stream.slice(from, to)) {
    const event = mapAmiEvent(message);
    if (!event || ('queue' in event && !QUEUES.includes(event.queue))) continue;
    if (Number.isFinite(at(message))) last = at(message);
    if (isMemberEvent(event)) model.members.apply(event);
    log.push(model.apply(event, last));
  }
  return log;
}

/** What the wallboard shows of a model, without the clocks (compared apart, to the second). */
function view(model: LiveModel) {
  return {
    callers: model.callers().map(({ uniqueid, queue, position, caller }) => ({ uniqueid, queue, position, caller })),
    agents: model
      .agents()
      .filter((agent) => agent.status !== 'offline')
      .map(({ agentInterface, status, pausedReason, queues, call }) => ({ agentInterface, status, pausedReason, queues, call: call && { uniqueid: call.uniqueid, caller: call.caller, queue: call.queue, state: call.state } })),
  };
}

describe('the live model over a recorded call stream', () => {
  const [first, second] = snapshots();

  it('recorded two snapshots of Asterisk’s own view', () => {
    expect(first!.snapshot.entries.map((entry) => entry.caller)).toEqual(['13800138101', '13800138102', '13800138103']);
    expect(second!.snapshot.entries.map((entry) => entry.caller)).toEqual(['13800138103']);
  });

  it('shows three callers in order while the operator is at lunch, as Asterisk did', () => {
    const model = freshModel();
    feed(model, 0, first!.index);
    const rebuilt = freshModel();
    rebuilt.rebuild(first!.snapshot, first!.at);
    expect(view(model)).toEqual(view(rebuilt));
    expect(view(model)).toEqual({
      callers: [
        { uniqueid: '1795279319.0', queue: 'hotline-zh', position: 1, caller: '13800138101' },
        { uniqueid: '1795279319.1', queue: 'hotline-zh', position: 2, caller: '13800138102' },
        { uniqueid: '1795279320.2', queue: 'hotline-zh', position: 3, caller: '13800138103' },
      ],
      agents: [{ agentInterface: 'PJSIP/1001', status: 'paused', pausedReason: 'lunch', queues: ['hotline-zh'], call: null }],
    });
    // the join times agree with Asterisk's wait, to the second
    for (const caller of model.callers()) expect(Math.abs(caller.joinedAt - rebuilt.caller(caller.uniqueid)!.joinedAt)).toBeLessThan(1_500);
  });

  it('renumbers the queue when the second caller gives up, and puts the answered caller on the operator’s phone', () => {
    const model = freshModel();
    const log = feed(model, 0, second!.index);
    const abandon = log.find((changes) => changes.callers.has('1795279319.1') && !model.caller('1795279319.1'));
    expect(abandon).toBeDefined();
    const rebuilt = freshModel();
    rebuilt.rebuild(second!.snapshot, second!.at);
    expect(view(model)).toEqual(view(rebuilt));
    expect(view(model)).toEqual({
      callers: [{ uniqueid: '1795279320.2', queue: 'hotline-zh', position: 1, caller: '13800138103' }],
      agents: [
        {
          agentInterface: 'PJSIP/1001',
          status: 'on-call',
          pausedReason: null,
          queues: ['hotline-zh'],
          call: { uniqueid: '1795279319.0', caller: '13800138101', queue: 'hotline-zh', state: 'talking' },
        },
      ],
    });
  });

  it('after a disconnect in the middle, rebuilt from Asterisk, ends where the uninterrupted model ends', () => {
    const straight = freshModel();
    feed(straight, 0, stream.length);
    const interrupted = freshModel();
    feed(interrupted, 0, first!.index - 2);
    // the connection drops: nothing is kept; on reconnect the model is what Asterisk lists
    interrupted.clear(first!.at);
    expect(view(interrupted)).toEqual({ callers: [], agents: [] });
    interrupted.rebuild(first!.snapshot, first!.at);
    feed(interrupted, first!.index, stream.length);
    expect(view(interrupted)).toEqual(view(straight));
    expect(view(straight)).toEqual({ callers: [], agents: [{ agentInterface: 'PJSIP/1001', status: 'available', pausedReason: null, queues: ['hotline-zh'], call: null }] });
  });

  it('records each status change of the operator once, in order', () => {
    const model = freshModel();
    const changes = feed(model, 0, stream.length).flatMap((change) => change.statusChanges.map((c) => `${c.status}${c.reason ? `:${c.reason}` : ''}`));
    expect(changes).toEqual(['paused:lunch', 'available', 'ringing', 'on-call', 'available']);
  });
});
