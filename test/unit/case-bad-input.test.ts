// Bad input to the case API: each request is refused with 400 and a message naming what is wrong,
// and the database is exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../src/cases/case-number.ts';
import { caseApi } from '../helpers/case-api.ts';

let api: Awaited<ReturnType<typeof caseApi>>;
let number: string;
let before: ReturnType<typeof api.snapshot>;

beforeAll(async () => {
  api = await caseApi();
  number = await api.create('op', api.complaint);
  await api.act('op', number, { action: 'register' });
  before = api.snapshot();
});
afterAll(async () => {
  await api.hotline.stop();
});

const valid = formatCaseNumber('261121', 1);
const wrongCheckDigit = valid.slice(0, 11) + String((Number(valid[11]) + 3) % 10);
const base = { channel: 'phone', lang: 'zh' };

type Bad = [string, 'GET' | 'POST' | 'PATCH', string | (() => string), unknown, RegExp];
const BAD_INPUTS: Bad[] = [
  ['create: no body fields', 'POST', '/api/cases', {}, /channel: required/],
  ['create: missing lang', 'POST', '/api/cases', { channel: 'phone' }, /lang: required/],
  ['create: unknown channel', 'POST', '/api/cases', { ...base, channel: 'pigeon' }, /channel: one of /],
  ['create: unknown language', 'POST', '/api/cases', { ...base, lang: 'fr' }, /lang: one of/],
  ['create: unknown kind', 'POST', '/api/cases', { ...base, kind: 'rant' }, /kind: one of/],
  ['create: kind of the wrong type', 'POST', '/api/cases', { ...base, kind: 123 }, /kind: must be text or null/],
  ['create: oversize subject', 'POST', '/api/cases', { ...base, subject: '投'.repeat(201) }, /subject: at most 200 characters/],
  ['create: oversize description', 'POST', '/api/cases', { ...base, description: 'x'.repeat(10_001) }, /description: at most 10000/],
  ['create: script tag in subject', 'POST', '/api/cases', { ...base, subject: '<script>alert(1)</script>' }, /subject: text without HTML markup/],
  ['create: img onerror in description', 'POST', '/api/cases', { ...base, description: '电池<img src=x onerror=alert(1)>' }, /description: text without HTML markup/],
  ['create: markup in citizen name', 'POST', '/api/cases', { ...base, citizenName: '<b>张三</b>' }, /citizenName: text without HTML markup/],
  ['create: HTML comment in place', 'POST', '/api/cases', { ...base, place: '上海<!-- x -->' }, /place: text without HTML markup/],
  ['create: phone with dashes', 'POST', '/api/cases', { ...base, citizenPhone: '138-0013-8000' }, /citizenPhone: a phone number: /],
  ['create: SQL injection in phone', 'POST', '/api/cases', { ...base, citizenPhone: "13800138000' OR '1'='1" }, /citizenPhone: a phone number: /],
  ['create: phone as a number', 'POST', '/api/cases', { ...base, citizenPhone: 13800138000 }, /citizenPhone: must be text or null/],
  ['create: negative goods value', 'POST', '/api/cases', { ...base, goodsValueFen: -1 }, /goodsValueFen: a whole number from 0 to 10000000000000/],
  ['create: fractional fen', 'POST', '/api/cases', { ...base, goodsValueFen: 1.5 }, /goodsValueFen: must be a whole number or null/],
  ['create: money as text', 'POST', '/api/cases', { ...base, lossesRecoveredFen: '100' }, /lossesRecoveredFen: must be a whole number or null/],
  ['create: unknown urgency', 'POST', '/api/cases', { ...base, urgency: 'asap' }, /urgency: one of/],
  ['create: boolean as text', 'POST', '/api/cases', { ...base, anonymous: 'yes' }, /anonymous: must be true or false/],
  ['create: unknown field', 'POST', '/api/cases', { ...base, status: 'closed' }, /body\/status: not a field here/],
  ['create: empty subject', 'POST', '/api/cases', { ...base, subject: '' }, /subject: must not be empty/],
  ['create: SQL in transfer source', 'POST', '/api/cases', { ...base, channel: 'transfer', transferSource: '12345; DROP TABLE cases', transferReference: 'A1' }, /transferSource: the transferring line: /],
  ['create: markup in transfer reference', 'POST', '/api/cases', { ...base, channel: 'transfer', transferSource: '12345', transferReference: '<x>' }, /transferReference: the other line/],
  ['search: short number', 'GET', '/api/cases?number=12345', undefined, /querystring\/number: a case number: /],
  ['search: letters as phone', 'GET', '/api/cases?phone=abc', undefined, /querystring\/phone: a phone number: /],
  ['search: unknown status', 'GET', '/api/cases?status=open', undefined, /querystring\/status: one of/],
  ['search: unknown colour', 'GET', '/api/cases?colour=purple', undefined, /querystring\/colour: one of/],
  ['search: page 0', 'GET', '/api/cases?page=0', undefined, /querystring\/page: a page number/],
  ['search: page size 1000', 'GET', '/api/cases?pageSize=1000', undefined, /querystring\/pageSize: a page size/],
  ['search: SQL in department', 'GET', `/api/cases?departmentId=${encodeURIComponent('1 OR 1=1')}`, undefined, /querystring\/departmentId: a department id: /],
  ['search: oversize text', 'GET', `/api/cases?q=${'a'.repeat(101)}`, undefined, /querystring\/q: at most 100/],
  ['search: unknown parameter', 'GET', '/api/cases?sort=created_at', undefined, /querystring\/sort: not a parameter here/],
  ['read: letters as number', 'GET', '/api/cases/abc', undefined, /params\/number: a case number: /],
  ['read: wrong check digit', 'GET', `/api/cases/${wrongCheckDigit}`, undefined, /not a valid case number \(wrong check digit/],
  ['read: SQL as number', 'GET', `/api/cases/${encodeURIComponent("' OR 1=1 --")}`, undefined, /params\/number: a case number: /],
  ['edit: nothing to change', 'PATCH', () => `/api/cases/${number}`, {}, /body: send at least one field/],
  ['edit: status is not a field', 'PATCH', () => `/api/cases/${number}`, { status: 'closed' }, /body\/status: not a field here/],
  ['edit: channel to transfer', 'PATCH', () => `/api/cases/${number}`, { channel: 'transfer' }, /channel: one of/],
  ['edit: phone with spaces', 'PATCH', () => `/api/cases/${number}`, { citizenPhone: '+86 138' }, /citizenPhone: a phone number: /],
  ['edit: wrong check digit', 'PATCH', `/api/cases/${wrongCheckDigit}`, { subject: 'x' }, /not a valid case number/],
  ['act: no action', 'POST', () => `/api/cases/${number}/actions`, {}, /action: required/],
  ['act: unknown action', 'POST', () => `/api/cases/${number}/actions`, { action: 'destroy' }, /^body\/action: one of register, accept, close, dispatch/],
  ['act: dispatch without department', 'POST', () => `/api/cases/${number}/actions`, { action: 'dispatch' }, /departmentId: required/],
  ['act: department as text', 'POST', () => `/api/cases/${number}/actions`, { action: 'dispatch', departmentId: '2' }, /departmentId: must be a whole number/],
  ['act: department 0', 'POST', () => `/api/cases/${number}/actions`, { action: 'dispatch', departmentId: 0 }, /departmentId: a whole number from 1 to 1000000/],
  ['act: unknown department', 'POST', () => `/api/cases/${number}/actions`, { action: 'dispatch', departmentId: 999 }, /departmentId 999 is not an active department/],
  ['act: unknown satisfaction', 'POST', () => `/api/cases/${number}/actions`, { action: 'return-visit', satisfaction: 'happy' }, /satisfaction: one of/],
  ['act: merge into garbage', 'POST', () => `/api/cases/${number}/actions`, { action: 'merge', into: 'x' }, /into: a case number: /],
  ['act: merge into an unknown case', 'POST', () => `/api/cases/${number}/actions`, { action: 'merge', into: formatCaseNumber('250101', 99_999) }, /body\/into 25010199999\d is not a case number in the registry/],
  ['act: a year-long extension', 'POST', () => `/api/cases/${number}/actions`, { action: 'request-extension', extraWorkingDays: 1000, reason: '久' }, /extraWorkingDays: a whole number from 1 to 60/],
  ['act: extra field', 'POST', () => `/api/cases/${number}/actions`, { action: 'register', force: true }, /body\/force: not a field here/],
  ['act: markup in a reply', 'POST', () => `/api/cases/${number}/actions`, { action: 'reply', reply: '<iframe src=//x>' }, /reply: text without HTML markup/],
  ['act: wrong check digit', 'POST', `/api/cases/${wrongCheckDigit}/actions`, { action: 'register' }, /not a valid case number/],
];

describe('bad input to the case API', () => {
  it('has at least 40 cases', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BAD_INPUTS)('refuses %s with 400 and changes nothing', async (_name, method, url, payload, message) => {
    const response = await api.call('sup', method, typeof url === 'function' ? url() : url, payload);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().message).toMatch(message);
    expect(api.snapshot()).toEqual(before);
  });

  it('stores SQL-looking text literally, as text', async () => {
    const text = "'; DROP TABLE cases; --";
    const created = await api.call('op', 'POST', '/api/cases', { ...base, enterpriseName: text });
    expect(created.statusCode).toBe(201);
    expect((await api.call('op', 'GET', `/api/cases/${created.json().number}`)).json().enterpriseName).toBe(text);
    expect((api.db.$client.prepare('select count(*) as n from cases').get() as { n: number }).n).toBe(2);
  });

  it('answers 404 for a well-formed number that does not exist', async () => {
    const response = await api.call('sup', 'GET', `/api/cases/${formatCaseNumber('250101', 99_999)}`);
    expect(response.statusCode).toBe(404);
  });
});
