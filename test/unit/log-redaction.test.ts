import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { callLogger, createLogger } from '../../src/log.ts';
import { createHotline } from '../../src/main.ts';
import { testConfig } from '../helpers/test-config.ts';
import { freshDatabase } from '../helpers/test-db.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, log: createLogger('info', stream) };
}

describe('logging', () => {
  it('writes JSON and blanks passwords, secrets, tokens and auth headers', () => {
    const { lines, log } = capture();
    log.info({ password: 'hunter22', user: { token: 'abc', secret: 's' }, req: { headers: { authorization: 'Bearer xyz', cookie: 'hotline_session=q' } } }, 'x');
    const text = JSON.stringify(lines[0]);
    for (const secret of ['hunter22', '"abc"', 'Bearer xyz', 'hotline_session=q']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('gives every call a child logger with its uniqueid, caller and language', () => {
    const { lines, log } = capture();
    callLogger(log, { uniqueid: '1795.4', caller: '13800138000', lang: 'en' }).info('caller entered the IVR');
    expect(lines[0]).toMatchObject({ uniqueid: '1795.4', caller: '13800138000', lang: 'en', msg: 'caller entered the IVR' });
  });

  it('does not log every health probe and scrape, but does log API requests', async () => {
    const { lines, log } = capture();
    const hotline = await createHotline(testConfig(), log, { db: freshDatabase() });
    try {
      for (const url of ['/healthz', '/readyz', '/metrics']) await hotline.app.inject({ method: 'GET', url });
      expect(lines.filter((line) => /incoming request|request completed/.test(String(line.msg)))).toEqual([]);
      await hotline.app.inject({ method: 'GET', url: '/api/me' });
      expect(lines.filter((line) => line.msg === 'incoming request')).toHaveLength(1);
    } finally {
      await hotline.stop();
    }
  });
});
