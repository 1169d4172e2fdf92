// The README's commands work for a newcomer: every SIPp scenario it names exists, and every file such a
// scenario streams is made by a command the README gives (npm run demo:audio).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const scenarios = [...new Set([...readme.matchAll(/-sf (test\/sipp\/[\w.-]+\.xml)/g)].map((match) => match[1]!))];

describe('the README’s examples', () => {
  it('name SIPp scenarios that exist', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(3);
    for (const scenario of scenarios) expect(existsSync(`${root}${scenario}`), scenario).toBe(true);
  });

  it('stream only audio that npm run demo:audio makes, and say to run it', () => {
    const streamed = scenarios.flatMap((scenario) => [...readFileSync(`${root}${scenario}`, 'utf8').matchAll(/rtp_stream="([^,"]+)/g)].map((match) => match[1]!));
    expect(streamed).toContain('test/sipp/generated/message-speech.alaw');
    expect(readme).toMatch(/npm run demo:audio[\s\S]*uac-after-hours-message-expect-case\.xml/);
    const script = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).scripts['demo:audio'];
    execFileSync('bash', ['-c', script], { cwd: root });
    for (const file of streamed) expect(existsSync(`${root}${file}`), file).toBe(true);
  });
});
