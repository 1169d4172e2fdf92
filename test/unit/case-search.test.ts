// Case search at scale: broad searches count up to a cap, the trigram index drives text searches newest
// first, and a message's words still find their case.
import { describe, expect, it } from 'vitest';
import { SEARCH_COUNT_CAP } from '../../src/cases/case-registry.ts';
import { CaseRegistryRepository } from '../../src/db/case-registry-repository.ts';
import { freshDatabase } from '../helpers/test-db.ts';

function registryWith(cases: { subject: string; status?: string; enterprise?: string }[]) {
  const db = freshDatabase();
  const insert = db.$client.prepare(
    `insert into cases (number, status, kind, channel, lang, subject, enterprise_name, created_at) values (?, ?, 'complaint', 'phone', 'zh', ?, ?, '2026-11-23T02:00:00.000Z')`,
  );
  db.$client.transaction(() => {
    cases.forEach((c, i) => insert.run(`2611230${String(i + 1).padStart(5, '0')}`, c.status ?? 'registered', c.subject, c.enterprise ?? null));
  })();
  return { db, registry: new CaseRegistryRepository(db) };
}

const page = (text: string, pageNumber = 1, extra: Record<string, unknown> = {}) => ({ text, page: pageNumber, pageSize: 20, ...extra });

describe('case search', () => {
  it('counts exactly up to the cap, and says "at least the cap" beyond it', () => {
    const { registry } = registryWith(Array.from({ length: SEARCH_COUNT_CAP + 5 }, (_, i) => ({ subject: i % 2 ? '电动自行车锂电池充电时起火' : '儿童塑料玩具有刺鼻异味' })));
    expect(registry.search(page('锂电池充电'))).toMatchObject({ total: 5002, totalCapped: false });
    expect(registry.search({ page: 1, pageSize: 20 })).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
    // a two-character word (no trigram): the count stops at the cap too
    expect(registry.search(page('异味'))).toMatchObject({ total: 5003, totalCapped: false });
  });

  it('pages a text search newest first through the index, with the other filters applied', () => {
    const { registry } = registryWith(
      Array.from({ length: 60 }, (_, i) => ({ subject: i % 3 === 0 ? `燃气热水器漏气 ${i}` : `羽绒服标签与实物不符 ${i}`, status: i % 2 ? 'closed' : 'registered' })),
    );
    const first = registry.search(page('热水器漏气'));
    expect(first.total).toBe(20);
    expect(first.items.map((c) => c.subject)).toEqual(Array.from({ length: 20 }, (_, k) => `燃气热水器漏气 ${57 - 3 * k}`));
    const closed = registry.search(page('热水器漏气', 1, { status: 'closed' }));
    expect(closed.items.every((c) => c.status === 'closed' && c.subject!.startsWith('燃气热水器漏气'))).toBe(true);
    expect(closed.total).toBe(10);
    const second = registry.search({ text: '标签与实物', page: 2, pageSize: 30 });
    expect(second.items).toHaveLength(10);
    expect(second.items.map((c) => c.subject)).toEqual([14, 13, 11, 10, 8, 7, 5, 4, 2, 1].map((i) => `羽绒服标签与实物不符 ${i}`));
  });

  it('finds a case by the words of its message, in date order with the cases whose own text matches', () => {
    const { db, registry } = registryWith([{ subject: '电饭煲外壳漏电' }, { subject: '咨询' }, { subject: '电饭煲外壳漏电，第二次' }, { subject: '其他' }]);
    db.$client
      .prepare(`insert into voicemails (recording_name, case_id, lang, file, sha256, bytes, duration_ms, transcript, transcript_status) values ('m1', 2, 'zh', 'f', 's', 1, 1, '我买的电饭煲外壳漏电了', 'done')`)
      .run();
    const found = registry.search(page('外壳漏电'));
    expect(found).toMatchObject({ total: 3, totalCapped: false });
    expect(found.items.map((c) => c.id)).toEqual([3, 2, 1]);
    expect(registry.search({ text: '外壳漏电', page: 2, pageSize: 2 }).items.map((c) => c.id)).toEqual([1]);
    // a case found by its own text and by its message's is counted once; filters apply to both
    db.$client
      .prepare(`insert into voicemails (recording_name, case_id, lang, file, sha256, bytes, duration_ms, transcript, transcript_status) values ('m2', 1, 'zh', 'f', 's', 1, 1, '外壳漏电', 'done')`)
      .run();
    expect(registry.search(page('外壳漏电'))).toMatchObject({ total: 3 });
    expect(registry.search(page('外壳漏电', 1, { status: 'registered', kind: 'complaint' }))).toMatchObject({ total: 3 });
    expect(registry.search(page('外壳漏电', 1, { status: 'closed' }))).toMatchObject({ total: 0, items: [] });
  });
});
