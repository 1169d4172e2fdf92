// This benchmark's own Asterisk: root and ports apart from the default (5060…), the tests' (25060…, with
// +1000/+2000 offsets) and bench:wall's (35060…); every operator's phone at one SIPp port.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOOR_DIALPLAN } from './floor-ari.ts';
import { SIPP_PORTS } from './sipp.ts';

export const LOAD_PBX = {
  root: '/var/lib/hotline-12365/pbx-load',
  sip: 45060,
  ami: 45038,
  ari: 48088,
  trunk: 40090,
  reader: { user: 'hotline-reader', secret: 'hotline-reader' },
};

export function loadSandbox(repo: string, agents: number) {
  const env = {
    ...process.env,
    HOTLINE_PBX_ROOT: LOAD_PBX.root,
    PBX_SIP_PORT: String(LOAD_PBX.sip),
    PBX_AMI_PORT: String(LOAD_PBX.ami),
    PBX_ARI_PORT: String(LOAD_PBX.ari),
    PBX_TRUNK_PORT: String(LOAD_PBX.trunk),
    PBX_AGENT_COUNT: String(agents),
    PBX_AGENT_CONTACT_PORT: String(SIPP_PORTS.agents),
    PBX_QUEUE_MAX_WAITING: '500',
    PBX_READER_AMI_USER: LOAD_PBX.reader.user,
    PBX_READER_AMI_SECRET: LOAD_PBX.reader.secret,
  };
  const sandbox = (command: string) => {
    const result = spawnSync('bash', [join(repo, 'scripts/pbx-sandbox.sh'), command], { env, encoding: 'utf8' });
    if (result.status !== 0 && command !== 'down') throw new Error(`pbx ${command}: ${result.stdout}${result.stderr}`);
  };
  return {
    up() {
      sandbox('down');
      // Recordings an earlier run left in Asterisk (its server stopped before archiving its last calls'): the
      // fresh database knows none of them, so the server's sweep would look each one up at its start and list
      // them all every minute, work that grew run after run (2,835 files, 458 MB, after a day of runs).
      const recordings = join(LOAD_PBX.root, 'var/spool/asterisk/recording');
      if (existsSync(recordings)) for (const name of readdirSync(recordings)) rmSync(join(recordings, name), { recursive: true, force: true });
      sandbox('up');
      // the floor's extension: the site's own dialplan file, kept by later `pbx up`s
      writeFileSync(join(LOAD_PBX.root, 'etc/asterisk/extensions-site.conf'), FLOOR_DIALPLAN);
      const reload = spawnSync('chroot', [LOAD_PBX.root, 'asterisk', '-rx', 'dialplan reload'], { encoding: 'utf8' });
      if (reload.status !== 0) throw new Error(`dialplan reload: ${reload.stderr}`);
    },
    down: () => sandbox('down'),
    pid: () => Number(readFileSync(join(LOAD_PBX.root, 'run-hotline.pid'), 'utf8').trim()),
  };
}
