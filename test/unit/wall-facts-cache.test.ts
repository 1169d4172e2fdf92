// The wallboard's call facts are read from the database once, then only the calls the call store wrote are
// read again: after any sequence of writes they equal a fresh read of the whole window.
import { describe, expect, it } from 'vitest';
import { CallRepository } from '../../src/db/call-repository.ts';
import { WallRepository } from '../../src/db/wall-repository.ts';
import { freshDatabase } from '../helpers/test-db.ts';

const byQueuedAt = <T extends { queuedAt: number }>(facts: T[]) => [...facts].sort((a, b) => a.queuedAt - b.queuedAt);

describe('the wallboard’s call facts', () => {
  it('stay equal to a fresh read while calls join, are answered, abandon and end', () => {
    const db = freshDatabase();
    const calls = new CallRepository(db);
    const wall = new WallRepository(db, calls);
    const start = Date.parse('2026-11-22T01:00:00Z');
    const iso = (seconds: number) => new Date(start + seconds * 1000).toISOString();
    const compare = (from: number) => expect(byQueuedAt(wall.callFactsSince(from))).toEqual(byQueuedAt(new WallRepository(db).callFactsSince(from)));

    compare(start);
    for (let i = 0; i < 30; i++) {
      const uniqueid = `1795000000.${i}`;
      calls.ensure({ uniqueid, linkedid: uniqueid, caller: `1380000${String(i).padStart(4, '0')}`, enteredAt: iso(i * 10) });
      if (i % 5 === 4) continue; // ended in the IVR: never queued, never counted
      calls.update(uniqueid, { queue: i % 2 ? 'hotline-en' : 'hotline-zh', lang: i % 2 ? 'en' : 'zh' });
      calls.setOnce(uniqueid, 'queuedAt', iso(i * 10 + 3));
      if (i % 3 === 0) compare(start);
      if (i % 4 === 0) {
        calls.update(uniqueid, { outcome: 'abandoned', holdSeconds: 4 + i });
        calls.setOnce(uniqueid, 'endedAt', iso(i * 10 + 7 + i));
      } else {
        calls.setOnce(uniqueid, 'answeredAt', iso(i * 10 + 5));
        calls.update(uniqueid, { outcome: 'answered', holdSeconds: 2, agentUserId: null });
        if (i % 3 !== 1) calls.update(uniqueid, { talkSeconds: 60 + i, wrapUpSeconds: i % 2 ? 10 : null });
      }
      if (i % 2) compare(start);
    }
    compare(start);
    expect(wall.callFactsSince(start)).toHaveLength(24);
    // a call-back (not inbound) is not an offered call, whatever is written to it later
    calls.ensure({ uniqueid: '1795000000.99', linkedid: '1795000000.99', caller: '12365', enteredAt: iso(400) });
    calls.update('1795000000.99', { direction: 'callback', queue: 'hotline-zh', queuedAt: iso(401) });
    compare(start);
    // the window moves on (a new day, the last hour): only later calls are given, and kept current
    compare(start + 150_000);
    calls.update('1795000000.27', { wrapUpSeconds: 45 });
    compare(start + 150_000);
    expect(wall.callFactsSince(start + 150_000).find((facts) => facts.wrapUpSeconds === 45)).toBeDefined();
    // asked for an earlier window again: read afresh
    compare(start);
  });
});
