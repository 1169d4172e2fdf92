// Hostile input over HTTP, generated from the server's own OpenAPI document (GET /docs/json): per route and
// method, requests its schemas refuse (wrong types, missing and extra fields, lengths past the bounds, huge
// numbers, NUL, lone surrogates, direction overrides, full-width digits, markup, path traversal in every id),
// wrong content types, oversized bodies and broken credentials. Each gets a 4xx with a message a person can
// read (the field named, no regular expression, no stack trace); the server keeps answering; and the SQLite
// file is byte-for-byte what it was (sessions included: checking one only reads it).
import { readFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/database.ts';
import { createLogger } from '../../src/log.ts';
import { createHotline, type Hotline } from '../../src/main.ts';
import { testConfig } from '../helpers/test-config.ts';
import { addUser } from '../helpers/test-db.ts';
import { authRequests, badRequests, CATEGORIES, operationsOf, type BadRequest, type Category, type Operation } from './hostile-input/generate.ts';
import { send, type Answer } from './hostile-input/send.ts';

const ROLES = ['admin', 'supervisor', 'operator'] as const;
type Role = (typeof ROLES)[number];
const USERS: Record<Role, string> = { admin: 'admin1', supervisor: 'sup1', operator: 'op1001' };
/** Routes anyone may call: no credentials to break. */
const PUBLIC = new Set(['/healthz', '/readyz', '/metrics', '/api/auth/login']);
const VALIDATION: ReadonlySet<Category> = new Set(['wrong-type', 'missing', 'extra', 'length', 'number', 'unicode', 'markup', 'traversal']);

let directory: string;
let file: string;
let db: Db;
let hotline: Hotline;
let port: number;
const tokens = {} as Record<Role, string>;
let caseNumber: string;
let ids: { operator: number; department: number };

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'hotline-hostile-'));
  file = join(directory, 'hotline.db');
  db = openDatabase(file);
  for (const role of ROLES) await addUser(db, { username: USERS[role], role, ...(role === 'operator' ? { extension: '1001' } : {}) });
  // Not 429s: the barrage is about validation (HOTLINE_API_PER_MINUTE has a test of its own).
  hotline = await createHotline(testConfig({ HOTLINE_API_PER_MINUTE: '1000000' }), createLogger('silent'), { db });
  // The HTTP server alone, without the periodic jobs: what changes the file is then only what requests do.
  await hotline.app.listen({ host: '127.0.0.1', port: 0 });
  port = (hotline.app.server.address() as AddressInfo).port;
  for (const role of ROLES) {
    const login = await send(port, 'POST', '/api/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ username: USERS[role], password: 'correct-horse' }));
    tokens[role] = JSON.parse(login.body).token;
  }
  const created = await send(port, 'POST', '/api/cases', { 'content-type': 'application/json', authorization: `Bearer ${tokens.operator}` }, JSON.stringify({ channel: 'phone', lang: 'zh', subject: '牛奶变质' }));
  caseNumber = JSON.parse(created.body).number;
  const row = (sql: string) => (db.$client.prepare(sql).get() as { id: number }).id;
  ids = { operator: row(`select id from users where username = 'op1001'`), department: row(`select id from departments where code = 'quality-bureau'`) };
}, 60_000);

afterAll(async () => {
  await hotline?.stop();
  db?.$client.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The database file's bytes, with everything in the WAL written back into it first. */
function fileBytes(): Buffer {
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  expect(statSync(`${file}-wal`).size).toBe(0);
  return readFileSync(file);
}

/** Why a refusal's message is not for a person, if it is not. */
function unreadable(message: unknown): string | undefined {
  if (typeof message !== 'string' || message.trim() === '') return 'no message';
  if (/must match pattern|must be equal to one of the allowed values|must NOT have|must have required property|must be (string|integer|object)\b/.test(message)) return 'AJV’s wording';
  if (/\(\?[!=<]|\[\^|\\[sdSwu]|\{\d+,\d*\}|\^\[|\$"/.test(message)) return 'a regular expression';
  if (/\n\s+at |Error: |node_modules|\/src\/|\.ts:\d/.test(message)) return 'a stack trace or source path';
  if (message.length > 600) return `${message.length} characters`;
  return undefined;
}

/** What is wrong with an answer to a bad request, if anything. */
function problemWith(request: BadRequest, answer: Answer): string | undefined {
  if (answer.status === 429) return '429: the rate limit, not a validation';
  if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}`;
  let body: { statusCode?: number; error?: string; message?: string };
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `not JSON: ${answer.body.slice(0, 120)}`;
  }
  if (body.statusCode !== answer.status || typeof body.error !== 'string') return `not the error shape: ${answer.body.slice(0, 120)}`;
  const why = unreadable(body.message);
  if (why) return `unreadable message (${why}): ${body.message}`;
  const expected = {
    // 403: a write with only the session cookie also needs the web app's header (CSRF)
    auth: [401, 403],
    oversize: [413],
    'content-type': [400, 415],
    // a raw traversal leaves the route (404) or lands in the id parameter (400)
    traversal: request.field ? [400] : [400, 404],
  }[request.category as 'auth' | 'oversize' | 'content-type' | 'traversal'] ?? [400];
  if (!expected.includes(answer.status)) return `status ${answer.status}, expected ${expected.join(' or ')}: ${body.message}`;
  if (request.field && !body.message!.includes(request.field.split('/').at(-1)!)) return `the message does not name ${request.field}: ${body.message}`;
  return undefined;
}

const contextFor = () => ({
  caseNumber,
  params: (operation: Operation, name: string) => {
    if (name === 'number') return caseNumber;
    if (name === 'year') return '2026';
    if (operation.path.startsWith('/api/departments/')) return String(ids.department);
    return String(ids.operator);
  },
});

describe('hostile input over HTTP', () => {
  it('refuses every generated bad request with a readable 4xx, keeps answering, and leaves the database file unchanged', async () => {
    const document = JSON.parse((await send(port, 'GET', '/docs/json', {})).body);
    const operations = operationsOf(document).filter((operation) => operation.path.startsWith('/api/') || PUBLIC.has(operation.path));
    const before = fileBytes();

    const counts = Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>;
    const failures: string[] = [];
    const covered = new Set<string>();
    const seen = new Set<string>();
    const run = async (request: BadRequest, role: Role | null) => {
      const headers = role && !request.anonymous ? { ...request.headers, authorization: `Bearer ${tokens[role]}` } : request.headers;
      const key = `${request.method} ${request.url} ${JSON.stringify(headers)} ${String(request.body).slice(0, 2_000)}`;
      if (seen.has(key)) return;
      seen.add(key);
      const answer = await send(port, request.method, request.url, headers, request.body);
      counts[request.category] += 1;
      const problem = problemWith(request, answer);
      if (problem) failures.push(`${request.method} ${request.url.slice(0, 100)} [${request.category}: ${request.what}${role ? ` as ${role}` : ''}] → ${problem}`);
    };

    for (const operation of operations) {
      const context = contextFor();
      const requests = badRequests(operation, context);
      if (requests.length > 0) covered.add(`${operation.method} ${operation.path}`);
      // A role that may call the route: the first whose bad request is not refused for who it is.
      let role: Role | null = null;
      if (!PUBLIC.has(operation.path) && requests.length > 0) {
        for (const candidate of ROLES) {
          const probe = requests.find((request) => request.category !== 'oversize') ?? requests[0]!;
          const answer = await send(port, probe.method, probe.url, { ...probe.headers, authorization: `Bearer ${tokens[candidate]}` }, probe.body);
          if (answer.status !== 401 && answer.status !== 403) {
            role = candidate;
            break;
          }
        }
        if (!role) failures.push(`${operation.method} ${operation.path}: no role reaches its validation`);
      }
      for (const request of requests) await run(request, role);
      if (!PUBLIC.has(operation.path)) {
        for (const request of authRequests(operation, context)) await run(request, null);
        covered.add(`${operation.method} ${operation.path}`);
      }
    }

    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    console.info(`hostile input: ${total} requests over ${covered.size} routes × methods of ${operations.length}`, counts);
    expect(failures.slice(0, 40)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(500);
    for (const category of CATEGORIES) expect(counts[category], category).toBeGreaterThan(0);
    // Every route but the public probes without input (/healthz, /readyz, /metrics) was sent something bad.
    expect(operations.filter((operation) => !covered.has(`${operation.method} ${operation.path}`)).map((operation) => operation.path)).toEqual(['/healthz', '/readyz', '/metrics']);

    const health = await send(port, 'GET', '/healthz', {});
    expect(health.status).toBe(200);
    expect(fileBytes().equals(before)).toBe(true);
  }, 300_000);

  it('accepts the valid neighbours of refused values: bounds exactly, emoji, Chinese, line breaks', async () => {
    const as = (role: Role, method: string, url: string, body?: unknown) =>
      send(port, method, url, { authorization: `Bearer ${tokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body === undefined ? undefined : JSON.stringify(body));
    expect((await as('operator', 'GET', '/api/abandoned?hours=1')).status).toBe(200);
    expect((await as('operator', 'GET', '/api/abandoned?hours=720')).status).toBe(200);
    expect(JSON.parse((await as('operator', 'GET', '/api/abandoned?hours=721')).body).message).toBe('querystring/hours: hours back: a whole number from 1 to 720');
    expect((await as('operator', 'GET', `/api/cases?q=${encodeURIComponent('牛奶 😀')}&pageSize=100`)).status).toBe(200);
    const text = { channel: 'phone', lang: 'zh', subject: `${'投'.repeat(197)}😀 a`, description: '第一行\n第二行\r\n\t缩进 < 5 元 — “引号”' };
    const created = await as('operator', 'POST', '/api/cases', text);
    expect(created.status, created.body).toBe(201);
    expect(JSON.parse(created.body)).toMatchObject(text);
    const named = await as('admin', 'POST', '/api/departments', { code: 'qa-x', nameZh: '质'.repeat(100), nameEn: 'Ünïcødé 😀 bureau', parentId: ids.department });
    expect(named.status, named.body).toBe(201);
  });

  it('serves no file outside the web app for traversal in page paths, and answers them with the app or a 404', async () => {
    const page = await send(port, 'GET', '/login', {});
    const attempts = [
      '/cases/..%2F..%2F..%2Fpackage.json',
      '/admin/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '/..%2F..%2Fpackage.json',
      '/assets/..%2F..%2F..%2Fpackage.json',
      '/assets/../../../package.json',
      '/%2e%2e/%2e%2e/src/main.ts',
      '/cases/%00',
      '/admin/%3Cscript%3E',
    ];
    for (const path of attempts) {
      const answer = await send(port, 'GET', path, {});
      expect([200, 400, 403, 404], path).toContain(answer.status);
      if (answer.status === 200) expect(answer.body, path).toBe(page.body);
      expect(answer.body, path).not.toMatch(/"name": "hotline-12365"|root:x:0:0|createHotline/);
    }
  });
});
