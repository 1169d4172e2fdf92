// Wrong AMI / ARI passwords: the server keeps running and /readyz says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readiness, startHotline, waitFor } from '../helpers/hotline-server.ts';

let server: Awaited<ReturnType<typeof startHotline>>;

beforeAll(async () => {
  server = await startHotline({ ami: 'wrong-ami-secret', ari: 'wrong-ari-secret' });
});

afterAll(async () => {
  await server?.hotline.stop();
});

describe('wrong Asterisk credentials', () => {
  it('keep the server alive and make /readyz name the refused logins', async () => {
    const ready = await waitFor('both refusals', async () => {
      const result = await readiness(server.hotline);
      return result.body.down.ami?.startsWith('auth-failed') && result.body.down.ari?.startsWith('auth-failed') ? result : undefined;
    }, 20_000);
    expect(ready.status).toBe(503);
    expect(ready.body.down.ami).toMatch(/login refused for AMI user "hotline"/);
    expect(ready.body.down.ari).toMatch(/ARI refused user "hotline" \(HTTP 401\)/);
    expect(JSON.stringify(ready.body)).not.toContain('wrong-ami-secret');
    expect((await server.hotline.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
