import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from '../../src/config.ts';

describe('configuration', () => {
  it('uses the defaults of DESIGN.md with an empty environment', () => {
    const config = loadConfig({});
    expect(config.httpPort).toBe(3000);
    expect(config.databaseFile).toBe('./data/hotline.db');
    expect(config.ami).toEqual({ host: '127.0.0.1', port: 5038, username: 'hotline', secret: 'hotline' });
    expect(config.ari).toMatchObject({ baseUrl: 'http://127.0.0.1:8088', username: 'hotline', secret: 'hotline', app: 'hotline' });
    expect(config.serviceNumber).toBe('12365');
    expect(config.queues).toEqual({ zh: 'hotline-zh', en: 'hotline-en' });
    // OWASP's scrypt minimum; cookies without Secure until the deployment says it is behind TLS
    expect(config.passwordCost).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(config.cookieSecure).toBe(false);
    expect(config.allowedOrigins).toEqual([]);
  });

  it('reads overrides, including a 12315 line and encoded secrets', () => {
    const config = loadConfig({
      HOTLINE_PORT: '8080',
      HOTLINE_NUMBER: '12315',
      AMI_URL: 'ami://svc:p%40ss@10.1.2.3:15038',
      ARI_URL: 'https://ari:s3cret@pbx.example:8089',
    });
    expect(config.httpPort).toBe(8080);
    expect(config.serviceNumber).toBe('12315');
    expect(config.ami).toEqual({ host: '10.1.2.3', port: 15038, username: 'svc', secret: 'p@ss' });
    expect(config.ari.baseUrl).toBe('https://pbx.example:8089');
  });

  it.each([
    ['HOTLINE_PORT', 'eighty'],
    ['HOTLINE_PORT', '70000'],
    ['AMI_URL', 'not a url'],
    ['AMI_URL', 'http://hotline:hotline@127.0.0.1:5038'],
    ['AMI_URL', 'ami://127.0.0.1:5038'],
    ['ARI_URL', 'ws://hotline:hotline@127.0.0.1:8088'],
    ['ARI_URL', 'http://127.0.0.1:8088'],
    ['HOTLINE_NUMBER', '12a65'],
    ['LOG_LEVEL', 'loud'],
    ['HOTLINE_SESSION_HOURS', '-1'],
    ['ARI_APP', 'hot line'],
  ])('fails fast naming %s when it is %j', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}:`));
  });

  it('never repeats a secret in its error message', () => {
    expect(() => loadConfig({ AMI_URL: 'http://user:topsecret@host:1' })).toThrow(/^AMI_URL/);
    try {
      loadConfig({ AMI_URL: 'http://user:topsecret@host:1' });
    } catch (error) {
      expect(String(error)).not.toContain('topsecret');
    }
    expect(redactUrl('ami://hotline:hotline@127.0.0.1:5038')).toBe('ami://hotline:***@127.0.0.1:5038');
  });

  it.each([
    ['HOTLINE_PASSWORD_COST', '12'],
    ['HOTLINE_COOKIE_SECURE', 'yes'],
    ['HOTLINE_ALLOWED_ORIGINS', 'https://hotline.example.gov.cn/desk'],
    ['HOTLINE_SESSION_CHECK_SECONDS', '0'],
    ['AMI_ACTION_TIMEOUT_MS', '5s'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });
});
