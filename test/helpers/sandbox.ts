// The Asterisk sandbox instance the integration tests own (its own root and ports, beside a dev one).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** HOTLINE_TEST_PBX_OFFSET (e.g. 1000) moves every port of a second test instance, so two checkouts can run side by side. */
export const PORT_OFFSET = Number(process.env.HOTLINE_TEST_PBX_OFFSET ?? 0);

export const TEST_PBX = {
  root: process.env.HOTLINE_TEST_PBX_ROOT ?? `/var/lib/hotline-12365/pbx-test${PORT_OFFSET ? `-${PORT_OFFSET}` : ''}`,
  sipPort: 25060 + PORT_OFFSET,
  amiPort: 25038 + PORT_OFFSET,
  ariPort: 28088 + PORT_OFFSET,
  agentPortBase: 5000 + PORT_OFFSET,
  /** The trunk's static contact (call-backs dial out here): a SIPp "citizen" answers on this port. */
  trunkPort: 25090 + PORT_OFFSET,
  /** Shorter than production's 120 s, so the test of a server that dies mid-IVR does not wait long; the no-key IVR takes ~30 s. */
  ivrMaxSeconds: 60,
  /** The dialplan's own longest queue wait (the server sets its own per call; this one is the fail-safe's). */
  queueMaxWaitSeconds: 10,
  /** Not the default "hotline": proves the dialplan takes the server's ARI_APP. */
  ariApp: 'hotline-it',
};

export const sandboxEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  HOTLINE_PBX_ROOT: TEST_PBX.root,
  PBX_SIP_PORT: String(TEST_PBX.sipPort),
  PBX_AMI_PORT: String(TEST_PBX.amiPort),
  PBX_ARI_PORT: String(TEST_PBX.ariPort),
  PBX_AGENT_PORT_BASE: String(TEST_PBX.agentPortBase),
  PBX_TRUNK_PORT: String(TEST_PBX.trunkPort),
  PBX_IVR_MAX_SECONDS: String(TEST_PBX.ivrMaxSeconds),
  ARI_APP: TEST_PBX.ariApp,
  PBX_QUEUE_MAX_WAIT_SECONDS: String(TEST_PBX.queueMaxWaitSeconds),
});

const SCRIPT = fileURLToPath(new URL('../../scripts/pbx-sandbox.sh', import.meta.url));

/** Runs `pbx-sandbox.sh up|down|status` for the test instance; throws with its output on failure. */
export function sandbox(command: 'up' | 'down' | 'status'): string {
  const result = spawnSync('bash', [SCRIPT, command], { env: sandboxEnv(), encoding: 'utf8', timeout: 600_000 });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 && !(command === 'status' && result.status === 3)) {
    throw new Error(`pbx-sandbox.sh ${command} exited ${result.status}:\n${output}`);
  }
  return output;
}

/** `asterisk -rx` inside the test instance. */
export function asteriskCli(command: string): string {
  const result = spawnSync('chroot', [TEST_PBX.root, 'asterisk', '-rx', command], { encoding: 'utf8', timeout: 10_000 });
  return `${result.stdout}${result.stderr}`;
}

export const amiUrl = (secret = 'hotline') => `ami://hotline:${secret}@127.0.0.1:${TEST_PBX.amiPort}`;
export const ariUrl = (secret = 'hotline') => `http://hotline:${secret}@127.0.0.1:${TEST_PBX.ariPort}`;

/** Ends every call in the test instance, so that no caller outlives its test (and rings the next test's phone). */
export function hangUpEveryCall(): void {
  asteriskCli('channel request hangup all');
}
