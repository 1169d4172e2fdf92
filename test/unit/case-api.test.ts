// The case API through app.inject against a real migrated SQLite database: each role's allowed and forbidden actions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidCaseNumber } from '../../src/cases/case-number.ts';
import { caseApi, CIQ_BUREAU, QUALITY_BUREAU } from '../helpers/case-api.ts';

let api: Awaited<ReturnType<typeof caseApi>>;
beforeEach(async () => {
  api = await caseApi();
});
afterEach(async () => {
  await api.hotline.stop();
});

async function registered(fields: Record<string, unknown> = {}) {
  const number = await api.create('op', { ...api.complaint, ...fields });
  expect((await api.act('op', number, { action: 'register' })).statusCode).toBe(200);
  return number;
}

describe('case workflow through the API', () => {
  it('goes register → dispatch → sign for → handle → reply → return visit → close, each step by its role, all audited', async () => {
    const number = await api.create('op', api.complaint);
    expect(isValidCaseNumber(number)).toBe(true);
    const draft = (await api.call('op', 'GET', `/api/cases/${number}`)).json();
    expect(draft).toMatchObject({ status: 'draft', kind: 'complaint', stage: 'registration', citizenPhone: '13800138000' });

    const steps: [keyof typeof api.tokens, Record<string, unknown>, string][] = [
      ['op', { action: 'register' }, 'registered'],
      ['sup', { action: 'dispatch', departmentId: QUALITY_BUREAU }, 'dispatched'],
      ['h1', { action: 'accept' }, 'accepted'],
      ['h1', { action: 'handle', result: '经查，该批次电池存在质量问题，已责令企业召回并退货。' }, 'handled'],
      ['h1', { action: 'reply', reply: '已答复投诉人处理结果。' }, 'replied'],
      ['op', { action: 'return-visit', satisfaction: 'satisfied', note: '投诉人表示满意' }, 'visited'],
      ['op', { action: 'close' }, 'closed'],
    ];
    for (const [who, body, status] of steps) {
      const response = await api.act(who, number, body);
      expect(response.statusCode, `${who} ${body.action}: ${response.body}`).toBe(200);
      expect(response.json().status).toBe(status);
    }
    const closed = (await api.call('sup', 'GET', `/api/cases/${number}`)).json();
    expect(closed).toMatchObject({ status: 'closed', departmentId: QUALITY_BUREAU, satisfaction: 'satisfied', stage: null, colour: null });
    expect(closed.closedAt).toBeTruthy();

    const history = (await api.call('sup', 'GET', `/api/cases/${number}/history`)).json().events;
    expect(history.map((event: { action: string }) => event.action)).toEqual(['create', 'register', 'dispatch', 'accept', 'handle', 'reply', 'return-visit', 'close']);
    expect(history[2]).toMatchObject({ fromStatus: 'registered', toStatus: 'dispatched', actorUserId: api.accounts.sup.id, details: { departmentId: QUALITY_BUREAU } });
    expect(history[6]).toMatchObject({ reason: '投诉人表示满意', actorUserId: api.accounts.op.id });
    expect(() => api.db.$client.prepare('update case_events set reason = ? where id = 1').run('edited')).toThrow(/append-only/);
    expect(() => api.db.$client.prepare('delete from case_events').run()).toThrow(/append-only/);
  });

  it('sets working-day deadlines: handling at registration, sign-for at dispatch, return visit after the reply', async () => {
    const number = await registered();
    const afterRegister = (await api.call('op', 'GET', `/api/cases/${number}`)).json();
    expect(afterRegister).toMatchObject({ stage: 'handling', colour: 'green' });
    expect(afterRegister.dueAt).toBe(afterRegister.stageDueAt);
    const dispatched = (await api.act('sup', number, { action: 'dispatch', departmentId: CIQ_BUREAU })).json();
    expect(dispatched.stage).toBe('sign-for');
    expect(new Date(dispatched.stageDueAt).getTime()).toBeLessThan(new Date(dispatched.dueAt).getTime());
    // A one-working-day limit has no slack: yellow from the start.
    expect(dispatched.colour).toBe('yellow');
  });

  it('lets a department return a case with a reason, and the centre dispatch it elsewhere', async () => {
    const number = await registered();
    await api.act('sup', number, { action: 'dispatch', departmentId: QUALITY_BUREAU });
    // another department's case is not there for them (404: not even its existence is told)
    expect((await api.act('h2', number, { action: 'accept' })).statusCode).toBe(404);
    expect((await api.act('h1', number, { action: 'return' })).statusCode).toBe(400);
    const returned = await api.act('h1', number, { action: 'return', reason: '不属于本局职责，属进口商品' });
    expect(returned.json().status).toBe('returned');
    expect((await api.act('h1', number, { action: 'accept' })).statusCode).toBe(404);
    expect((await api.act('sup', number, { action: 'dispatch', departmentId: CIQ_BUREAU })).json()).toMatchObject({ status: 'dispatched', departmentId: CIQ_BUREAU });
    expect((await api.act('h2', number, { action: 'accept' })).json().status).toBe('accepted');
  });

  it('reopens a case after an unsatisfied return visit (重办) instead of closing it', async () => {
    const number = await registered({ kind: 'consultation' });
    await api.act('op', number, { action: 'reply', reply: '当场答复：请保留购物凭证。' });
    await api.act('op2', number, { action: 'return-visit', satisfaction: 'unsatisfied' });
    expect((await api.act('op', number, { action: 'close' })).statusCode).toBe(409);
    expect((await api.act('op', number, { action: 'reopen', reason: '不满意' })).statusCode).toBe(403);
    const reopened = await api.act('sup', number, { action: 'reopen', reason: '群众不满意，重办' });
    expect(reopened.json()).toMatchObject({ status: 'dispatched', satisfaction: null });
  });

  it('refuses a transition from the wrong state with 409 and changes nothing', async () => {
    const number = await api.create('op', api.complaint);
    const before = api.snapshot();
    const response = await api.act('sup', number, { action: 'dispatch', departmentId: QUALITY_BUREAU });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toMatch(/cannot dispatch case \d{12}: it is draft/);
    expect(api.snapshot()).toEqual(before);
  });

  it('does not register a draft missing what the citizen asked', async () => {
    const number = await api.create('op', { citizenPhone: '13900000000' });
    const response = await api.act('op', number, { action: 'register' });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toMatch(/without kind, subject, description/);
  });

  it('handles not-accept and merge of duplicates', async () => {
    const first = await registered();
    const duplicate = await api.create('op2', api.complaint);
    const merged = await api.act('op2', duplicate, { action: 'merge', into: first, reason: '重复投诉' });
    expect(merged.json()).toMatchObject({ status: 'merged' });
    expect((await api.act('op2', first, { action: 'merge', into: first })).statusCode).toBe(409);
    const other = await api.create('op', api.complaint);
    expect((await api.act('op', other, { action: 'not-accept', reason: '不属于质量投诉范围' })).json().status).toBe('not-accepted');
    expect((await api.call('op', 'PATCH', `/api/cases/${other}`, { subject: '改' })).statusCode).toBe(409);
  });

  it('requests, approves and rejects extensions before the deadline, by the right roles', async () => {
    const number = await registered();
    await api.act('sup', number, { action: 'dispatch', departmentId: QUALITY_BUREAU });
    await api.act('h1', number, { action: 'accept' });
    const before = (await api.call('sup', 'GET', `/api/cases/${number}`)).json().dueAt;
    expect((await api.act('h1', number, { action: 'request-extension', extraWorkingDays: 5, reason: '需要送检' })).statusCode).toBe(200);
    expect((await api.act('h1', number, { action: 'request-extension', extraWorkingDays: 5, reason: '再次' })).statusCode).toBe(409);
    const requestId = (api.db.$client.prepare('select id from extension_requests').get() as { id: number }).id;
    expect((await api.act('h1', number, { action: 'approve-extension', requestId })).statusCode).toBe(403);
    const approved = (await api.act('sup', number, { action: 'approve-extension', requestId })).json();
    expect(new Date(approved.dueAt).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect((await api.act('sup', number, { action: 'approve-extension', requestId })).statusCode).toBe(409);
  });

  it('lets supervisors escalate (督办) and lists it for them only', async () => {
    const number = await registered();
    expect((await api.act('op', number, { action: 'escalate', note: '媒体关注' })).statusCode).toBe(403);
    expect((await api.act('sup', number, { action: 'escalate', note: '媒体关注，加急办理' })).statusCode).toBe(200);
    const list = await api.call('sup', 'GET', '/api/supervision');
    expect(list.json().overdue).toEqual([expect.objectContaining({ caseNumber: number, kind: 'manual', note: '媒体关注，加急办理' })]);
    expect((await api.call('op', 'GET', '/api/supervision')).statusCode).toBe(403);
  });
});

describe('who sees which case', () => {
  it('gives handlers only their department’s cases, and admins none', async () => {
    const number = await registered();
    await api.act('sup', number, { action: 'dispatch', departmentId: QUALITY_BUREAU });
    expect((await api.call('h1', 'GET', `/api/cases/${number}`)).statusCode).toBe(200);
    const hidden = await api.call('h2', 'GET', `/api/cases/${number}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().message).toBe(`no case ${number}`);
    expect((await api.call('h2', 'GET', '/api/cases')).json().total).toBe(0);
    expect((await api.call('h1', 'GET', '/api/cases')).json().total).toBe(1);
    expect((await api.call('admin', 'GET', '/api/cases')).statusCode).toBe(403);
    expect((await api.call('h1', 'POST', '/api/cases', { channel: 'phone', lang: 'zh' })).statusCode).toBe(403);
    expect((await api.call('h1', 'PATCH', `/api/cases/${number}`, { subject: 'x' })).statusCode).toBe(403);
    expect((await api.call(null, 'GET', '/api/cases')).statusCode).toBe(401);
  });

  it('masks a confidential informant for all but the registering operator and supervisors', async () => {
    const number = await registered({ kind: 'report', confidential: true, citizenName: '李四', citizenAddress: '上海市某路1号' });
    await api.act('sup', number, { action: 'dispatch', departmentId: QUALITY_BUREAU });
    const mine = (await api.call('op', 'GET', `/api/cases/${number}`)).json();
    expect(mine).toMatchObject({ citizenName: '李四', citizenPhone: '13800138000', masked: false });
    expect((await api.call('sup', 'GET', `/api/cases/${number}`)).json().citizenName).toBe('李四');
    for (const who of ['op2', 'h1'] as const) {
      const seen = (await api.call(who, 'GET', `/api/cases/${number}`)).json();
      expect(seen, who).toMatchObject({ citizenName: '***', citizenPhone: '138****8000', citizenAddress: '***', masked: true });
      // Searching by the masked phone does not find the case: no oracle on who the informant is.
      expect((await api.call(who, 'GET', '/api/cases?phone=13800138000')).json()).toMatchObject({ total: 0, items: [] });
    }
  });

  it('takes transfers from other hotlines from exchange clients, and shows them only those', async () => {
    const transfer = await api.call('ex', 'POST', '/api/cases', { channel: 'transfer', lang: 'zh', transferSource: '12345', transferReference: 'SH12345-2026-000817', ...api.complaint });
    expect(transfer.statusCode).toBe(201);
    expect(transfer.json()).toMatchObject({ channel: 'transfer', transferSource: '12345', transferReference: 'SH12345-2026-000817' });
    expect((await api.call('ex', 'POST', '/api/cases', { channel: 'phone', lang: 'zh' })).statusCode).toBe(403);
    expect((await api.call('ex', 'POST', '/api/cases', { channel: 'transfer', lang: 'zh' })).statusCode).toBe(409);
    await api.create('op', api.complaint);
    expect((await api.call('ex', 'GET', '/api/cases')).json().total).toBe(1);
    expect((await api.call('ex', 'GET', `/api/cases/${transfer.json().number}`)).statusCode).toBe(200);
  });
});

describe('API documentation', () => {
  it('serves OpenAPI at /docs with the case routes and their schemas', async () => {
    const spec = (await api.call(null, 'GET', '/docs/json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{number}', '/api/cases/{number}/actions', '/api/auth/login']));
    expect(spec.paths['/api/cases'].post.requestBody.content['application/json'].schema.required).toEqual(['channel', 'lang']);
    expect((await api.call(null, 'GET', '/docs')).statusCode).toBeLessThan(400);
  });
});

describe('finding cases', () => {
  it('finds Chinese and English substrings, by phone, number, enterprise, status, kind and colour, with paging', async () => {
    const battery = await registered();
    const milk = await api.create('op', { ...api.complaint, kind: 'report', citizenPhone: '13911112222', subject: '进口奶粉疑似过期', description: '超市销售的进口奶粉生产日期被篡改', enterpriseName: '某某超市', product: 'infant formula milk powder' });
    const q = async (query: string) => (await api.call('op', 'GET', `/api/cases?${query}`)).json();
    expect((await q(`q=${encodeURIComponent('充电起火')}`)).items.map((c: { number: string }) => c.number)).toEqual([battery]);
    expect((await q(`q=${encodeURIComponent('奶粉')}`)).items.map((c: { number: string }) => c.number)).toEqual([milk]);
    expect((await q(`q=${encodeURIComponent('生产日期被篡改')}`)).total).toBe(1);
    expect((await q('q=FORMULA')).items[0].number).toBe(milk);
    expect((await q(`q=${encodeURIComponent('不存在的词语')}`)).total).toBe(0);
    expect((await q('phone=13911112222')).items[0].number).toBe(milk);
    expect((await q(`number=${battery}`)).items[0].number).toBe(battery);
    expect((await q(`enterprise=${encodeURIComponent('电动车有限')}`)).items[0].number).toBe(battery);
    expect((await q('status=registered')).total).toBe(1);
    expect((await q('kind=report')).total).toBe(1);
    expect((await q('colour=green')).total).toBe(1);
    const paged = await q('pageSize=1&page=2');
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.items).toHaveLength(1);
  });

  it('looks cases up by number and phone through indexes', () => {
    const plan = (sql: string) => (api.db.$client.prepare(`explain query plan ${sql}`).all('x') as { detail: string }[]).map((r) => r.detail).join(' ');
    expect(plan('select * from cases where number = ?')).toMatch(/USING INDEX cases_number_unique/);
    expect(plan('select * from cases where caller_phone = ?')).toMatch(/USING INDEX cases_caller_phone_idx/);
  });
});
