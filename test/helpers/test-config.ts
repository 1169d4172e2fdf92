// The configuration unit tests run with: Asterisk deliberately unreachable (port 9 = discard), any free
// port, and a cheaper scrypt cost (2^14) so hundreds of logins stay quick; the default cost is tested apart.
import { costOf } from '../../src/auth/passwords.ts';
import { loadConfig } from '../../src/config.ts';

export const TEST_PASSWORD_COST_LOG2 = 14;
export const TEST_PASSWORD_COST = costOf(TEST_PASSWORD_COST_LOG2);

export const unreachablePbxEnv = {
  AMI_URL: 'ami://hotline:hotline@127.0.0.1:9',
  ARI_URL: 'http://hotline:hotline@127.0.0.1:9',
  HOTLINE_PORT: '0',
  HOTLINE_PASSWORD_COST: String(TEST_PASSWORD_COST_LOG2),
  // Tests log many users in, and make many requests, from one address; the limits have tests of their own.
  HOTLINE_LOGIN_PER_MINUTE: '1000000',
  HOTLINE_API_PER_MINUTE: '1000000',
};

export const testConfig = (env: Record<string, string> = {}) => loadConfig({ ...unreachablePbxEnv, ...env });
