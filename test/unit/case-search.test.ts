// Case search at scale: broad searches count up to a cap, the trigram index (or, for two Chinese characters,
// the bigram index) drives text searches newest first, and a message's words still find their case.
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

  it('finds two-character Chinese words through the bigram index, as a substring scan would, and follows edits', () => {
    const subjects = ['电动车电池充电时起火', '婴幼儿奶粉超过保质期', '电池', '奶 粉分开写', '充电宝外壳漏电', 'AB电器', '池电'];
    const enterprises = subjects.map((_, i) => (i === 4 ? '华电池业有限公司' : '某公司'));
    const { db, registry } = registryWith(subjects.map((subject, i) => ({ subject, enterprise: enterprises[i] })));
    const scan = (word: string) => subjects.flatMap((subject, i) => (`${subject} ${enterprises[i]}`.includes(word) ? [i + 1] : [])).reverse();
    for (const word of ['电池', '奶粉', '漏电', '池电', '粉分', '保质']) {
      expect(registry.search(page(word)).items.map((c) => c.id), word).toEqual(scan(word));
    }
    // the query plan: the bigram index drives, no scan of the cases table
    const plan = db.$client.prepare(`explain query plan select c.id from cases_bigrams f join cases c on c.id = f.rowid where f.cases_bigrams match ? order by f.rowid desc limit 20`).all('"电池"') as { detail: string }[];
    expect(plan.map((row) => row.detail).join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
    expect(plan.map((row) => row.detail).join('\n')).not.toMatch(/SCAN c\b/);
    // only the enterprise's column when the enterprise is asked for; with a text, both apply
    expect(registry.search({ enterprise: '电池', page: 1, pageSize: 20 }).items.map((c) => c.id)).toEqual([5]);
    expect(registry.search({ enterprise: '电池', text: '漏电', page: 1, pageSize: 20 }).items.map((c) => c.id)).toEqual([5]);
    expect(registry.search({ enterprise: '电池', text: '奶粉', page: 1, pageSize: 20 }).items).toEqual([]);
    // an edit moves the case in and out of the index
    db.$client.prepare(`update cases set subject = '热水器漏气' where id = 1`).run();
    expect(registry.search(page('电池')).items.map((c) => c.id)).toEqual([5, 3]);
    expect(registry.search(page('漏气')).items.map((c) => c.id)).toEqual([1]);
    // two characters that are not both Han still scan, and still find
    expect(registry.search(page('AB')).items.map((c) => c.id)).toEqual([6]);
    // a message's words: two characters find the case through its transcript too
    db.$client
      .prepare(`insert into voicemails (recording_name, case_id, lang, file, sha256, bytes, duration_ms, transcript, transcript_status) values ('m1', 2, 'zh', 'f', 's', 1, 1, '我家的热水器漏气了', 'done')`)
      .run();
    expect(registry.search(page('漏气'))).toMatchObject({ total: 2, items: [expect.objectContaining({ id: 2 }), expect.objectContaining({ id: 1 })] });
  });
});
