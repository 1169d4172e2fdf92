// A confidential informant stays hidden: who may lift the confidentiality, and searches that would tell.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseApi, QUALITY_BUREAU } from '../helpers/case-api.ts';

let api: Awaited<ReturnType<typeof caseApi>>;
beforeEach(async () => {
  api = await caseApi();
});
afterEach(async () => {
  await api.hotline.stop();
});

const informant = { kind: 'report', confidential: true, citizenName: '李四', citizenAddress: '上海市某路1号' };
const lastEdit = (number: string) =>
  api.db.$client
    .prepare(`select e.details, e.actor_user_id as actor from case_events e join cases c on c.id = e.case_id where c.number = ? and e.action = 'edit' order by e.id desc`)
    .get(number) as { details: string; actor: number } | undefined;

describe('confidential informants', () => {
  it('refuses another operator who tries to lift the confidentiality, changing nothing', async () => {
    const number = await api.create('op', { ...api.complaint, ...informant });
    const before = api.snapshot();
    const attempt = await api.call('op2', 'PATCH', `/api/cases/${number}`, { confidential: false });
    expect(attempt.statusCode).toBe(403);
    expect(attempt.json().message).toMatch(/only a supervisor or the operator who registered case/);
    expect(api.snapshot()).toEqual(before);
    expect((await api.call('op2', 'GET', `/api/cases/${number}`)).json()).toMatchObject({ citizenName: '***', masked: true });
  });

  it('refuses another operator who edits the hidden informant’s details', async () => {
    const number = await api.create('op', { ...api.complaint, ...informant });
    const before = api.snapshot();
    for (const field of [{ citizenName: '王五' }, { citizenPhone: '13900000000' }, { citizenAddress: '北京' }, { anonymous: true }]) {
      expect((await api.call('op2', 'PATCH', `/api/cases/${number}`, field)).statusCode, JSON.stringify(field)).toBe(403);
    }
    expect(api.snapshot()).toEqual(before);
  });

  it('lets the registering operator and supervisors change it, and audits who and how', async () => {
    const number = await api.create('op', { ...api.complaint, ...informant });
    expect((await api.call('op', 'PATCH', `/api/cases/${number}`, { confidential: false })).statusCode).toBe(200);
    expect(lastEdit(number)).toMatchObject({ actor: api.accounts.op.id });
    expect(JSON.parse(lastEdit(number)!.details)).toEqual({ fields: ['confidential'], confidential: { from: true, to: false } });
    expect((await api.call('sup', 'PATCH', `/api/cases/${number}`, { confidential: true })).statusCode).toBe(200);
    expect(lastEdit(number)).toMatchObject({ actor: api.accounts.sup.id });
    expect(JSON.parse(lastEdit(number)!.details).confidential).toEqual({ from: false, to: true });
  });

  it('does not let a search by phone tell who stands behind a confidential case', async () => {
    const number = await api.create('op', { ...api.complaint, ...informant });
    expect((await api.act('op', number, { action: 'register' })).statusCode).toBe(200);
    await api.act('sup', number, { action: 'dispatch', departmentId: QUALITY_BUREAU });
    const open = await api.create('op2', { ...api.complaint, subject: '另一件投诉' });
    const found = async (who: 'op' | 'op2' | 'sup' | 'h1') =>
      ((await api.call(who, 'GET', '/api/cases?phone=13800138000')).json().items as { number: string }[]).map((item) => item.number).sort();
    expect(await found('op')).toEqual([number, open].sort());
    expect(await found('sup')).toEqual([number, open].sort());
    expect(await found('op2')).toEqual([open]);
    expect(await found('h1')).toEqual([]);
    // the case itself is still found by what it is about, with the informant masked
    const byText = (await api.call('op2', 'GET', `/api/cases?q=${encodeURIComponent('电池充电起火')}`)).json().items;
    expect(byText.find((item: { number: string }) => item.number === number)).toMatchObject({ citizenPhone: '138****8000', masked: true });
  });

  it('leaves a confidential case out of the caller history another operator’s screen pop shows', async () => {
    const number = await api.create('op', { ...api.complaint, ...informant });
    const plain = await api.create('op', { ...api.complaint, subject: '普通投诉' });
    const history = (who: 'op' | 'op2' | 'sup') => {
      const actor = { id: api.accounts[who].id, role: api.accounts[who].role, departmentId: null };
      return api.hotline.caseService.registry.historyForPhone('13800138000', null, 10, actor).map((c) => c.number).sort();
    };
    expect(history('op')).toEqual([number, plain].sort());
    expect(history('sup')).toEqual([number, plain].sort());
    expect(history('op2')).toEqual([plain]);
  });
});
