// The app with one account per role, for the case API tests (fresh migrated in-memory database).
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../src/log.ts';
import { testConfig } from './test-config.ts';
import { createHotline } from '../../src/main.ts';
import { addUser, freshDatabase } from './test-db.ts';

/** Seeded departments (migration 0001): 1 centre, 2 quality bureau, 3 inspection-and-quarantine bureau. */
export const QUALITY_BUREAU = 2;
export const CIQ_BUREAU = 3;

type InjectResponse = Awaited<ReturnType<FastifyInstance['inject']>>;

const config = testConfig();

export async function caseApi() {
  const db = freshDatabase();
  const accounts = {
    op: await addUser(db, { username: 'op', role: 'operator' }),
    op2: await addUser(db, { username: 'op2', role: 'operator' }),
    sup: await addUser(db, { username: 'sup', role: 'supervisor' }),
    h1: await addUser(db, { username: 'h1', role: 'handler' }),
    h2: await addUser(db, { username: 'h2', role: 'handler' }),
    admin: await addUser(db, { username: 'admin', role: 'admin' }),
    ex: await addUser(db, { username: 'ex', role: 'exchange' }),
  };
  db.$client.prepare(`update users set department_id = ? where username = 'h1'`).run(QUALITY_BUREAU);
  db.$client.prepare(`update users set department_id = ? where username = 'h2'`).run(CIQ_BUREAU);
  const hotline = await createHotline(config, createLogger('silent'), { db });
  const tokens = {} as Record<keyof typeof accounts, string>;
  for (const name of Object.keys(accounts) as (keyof typeof accounts)[]) {
    const login = await hotline.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: name, password: 'correct-horse' } });
    tokens[name] = login.json().token;
  }
  type Who = keyof typeof accounts;
  const call = (who: Who | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown): Promise<InjectResponse> =>
    hotline.app.inject({ method, url, payload: payload as object, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });
  const create = async (who: Who, fields: Record<string, unknown> = {}) => {
    const response = await call(who, 'POST', '/api/cases', { channel: 'phone', lang: 'zh', ...fields });
    if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
    return response.json().number as string;
  };
  const act = (who: Who, number: string, body: Record<string, unknown>) => call(who, 'POST', `/api/cases/${number}/actions`, body);
  /** A complaint ready to register. */
  const complaint = {
    kind: 'complaint',
    citizenName: '张三',
    citizenPhone: '13800138000',
    subject: '电动自行车电池充电起火',
    description: '购买的某品牌电动自行车电池在充电时冒烟起火，要求退货赔偿。',
    enterpriseName: '某某电动车有限公司',
    product: '电动自行车锂电池',
    productCategory: '电动自行车',
  };
  /** Everything about the database that a rejected request must leave alone. */
  const snapshot = () => ({
    cases: db.$client.prepare('select * from cases order by id').all(),
    events: db.$client.prepare('select count(*) as n from case_events').get(),
    extensions: db.$client.prepare('select * from extension_requests').all(),
    supervision: db.$client.prepare('select * from supervision_records').all(),
  });
  return { db, hotline, accounts, tokens, call, create, act, complaint, snapshot };
}
