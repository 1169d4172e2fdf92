// What the handlers' and supervisors' pages need of the case API: the result with the values involved and
// the losses recovered, the working days left, the extension request waiting on a case, and the list of
// extension requests (a handler: their department's only).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseApi, QUALITY_BUREAU } from '../helpers/case-api.ts';

let api: Awaited<ReturnType<typeof caseApi>>;
beforeEach(async () => {
  api = await caseApi();
});
afterEach(async () => {
  await api.hotline.stop();
});

async function dispatched(departmentId = QUALITY_BUREAU) {
  const number = await api.create('op', api.complaint);
  expect((await api.act('op', number, { action: 'register' })).statusCode).toBe(200);
  expect((await api.act('sup', number, { action: 'dispatch', departmentId })).statusCode).toBe(200);
  return number;
}

describe('handling through the API', () => {
  it('stores the values involved and the losses recovered with the result, in the trail too', async () => {
    const number = await dispatched();
    await api.act('h1', number, { action: 'accept' });
    const handled = await api.act('h1', number, { action: 'handle', result: '已责令退货', goodsValueFen: 239_900, lossesRecoveredFen: 120_000 });
    expect(handled.statusCode, handled.body).toBe(200);
    expect(handled.json()).toMatchObject({ status: 'handled', goodsValueFen: 239_900, lossesRecoveredFen: 120_000, handlingResult: '已责令退货' });
    const trail = (await api.call('h1', 'GET', `/api/cases/${number}/history`)).json().events as { action: string; actor: string; details?: object }[];
    expect(trail.find((event) => event.action === 'handle')).toMatchObject({ actor: 'h1', details: { goodsValueFen: 239_900, lossesRecoveredFen: 120_000 } });
    expect((await api.act('h1', number, { action: 'reply', reply: '已答复' })).statusCode).toBe(200);
    const bad = await api.act('h1', await dispatched(), { action: 'handle', result: 'x', lossesRecoveredFen: -1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/lossesRecoveredFen/);
  });

  it('shows working days left on the current step and the extension request waiting; lists requests by department', async () => {
    const number = await dispatched();
    const before = (await api.call('h1', 'GET', `/api/cases/${number}`)).json();
    expect(before.workingDaysLeft).toBeGreaterThanOrEqual(0);
    expect(before.pendingExtension).toBeNull();
    await api.act('h1', number, { action: 'accept' });
    expect((await api.act('h1', number, { action: 'request-extension', extraWorkingDays: 5, reason: '需要检测' })).statusCode).toBe(200);
    const waiting = (await api.call('sup', 'GET', `/api/cases/${number}`)).json().pendingExtension;
    expect(waiting).toMatchObject({ extraWorkingDays: 5, reason: '需要检测', status: 'pending' });
    expect((await api.call('sup', 'GET', '/api/extension-requests')).json().requests).toEqual([expect.objectContaining({ id: waiting.id, caseNumber: number, requestedByName: 'h1' })]);
    expect((await api.call('h1', 'GET', '/api/extension-requests')).json().requests).toHaveLength(1);
    expect((await api.call('h2', 'GET', '/api/extension-requests')).json().requests).toEqual([]);
    expect((await api.call('op', 'GET', '/api/extension-requests')).statusCode).toBe(403);
    expect((await api.act('sup', number, { action: 'approve-extension', requestId: waiting.id })).json().pendingExtension).toBeNull();
    expect((await api.call('sup', 'GET', '/api/extension-requests')).json().requests).toEqual([]);
  });
});
