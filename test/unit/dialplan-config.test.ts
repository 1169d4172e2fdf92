// The Asterisk configuration the project owns: the AMI user may send exactly the action classes the
// server uses, and the dialplan names the server's Stasis app through its placeholder, never by hand.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** The write class each AMI action needs (`manager show command <Action>` on Asterisk 22). */
const ACTION_CLASS: Record<string, string | null> = {
  QueueAdd: 'agent',
  QueuePause: 'agent',
  QueueRemove: 'agent',
  QueueStatus: null,
  Originate: 'originate',
  CoreShowChannels: 'reporting',
  DBGet: 'reporting',
  DBGetTree: 'reporting',
  Redirect: 'call',
  Hangup: 'call',
  Setvar: 'call',
  Getvar: 'call',
  Atxfer: 'call',
  BlindTransfer: 'call',
  CancelAtxfer: 'call',
  PlayDTMF: 'call',
  QueueWithdrawCaller: 'agent',
  QueueChangePriorityCaller: 'agent',
  MixMonitor: 'system',
};

function sources(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the Asterisk configuration', () => {
  it('lets the server’s AMI user write only the classes of the actions the server sends', () => {
    const actions = new Set(sources('src').flatMap((file) => [...read(file).matchAll(/Action: '([A-Za-z]+)'/g)].map((match) => match[1]!)));
    for (const action of actions) expect(ACTION_CLASS, `the class of AMI action ${action}`).toHaveProperty(action);
    const needed = new Set([...actions].map((action) => ACTION_CLASS[action]).filter((cls): cls is string => cls !== null));
    const write = read('dialplan/manager.conf').match(/^write=(.*)$/m)![1]!.split(',').map((cls) => cls.trim());
    expect(new Set(write)).toEqual(needed);
  });

  it('enters the server’s Stasis app by the ARI_APP placeholder only', () => {
    const dialplan = read('dialplan/extensions.conf');
    expect(dialplan).not.toMatch(/Stasis\((?!@ARI_APP@|\))/);
    expect(dialplan.match(/Stasis\(@ARI_APP@/g)?.length).toBeGreaterThanOrEqual(2);
    expect(read('scripts/pbx-sandbox.sh')).toContain('-e "s/@ARI_APP@/$ARI_APP/g"');
  });
});
