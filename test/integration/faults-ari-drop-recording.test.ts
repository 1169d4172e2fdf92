// The server's ARI connections cut (TCP reset, as a network fault; Asterisk stays up) while a caller is
// recording a message: the message is kept whole and registered exactly once, the caller is thanked and
// hung up as usual, and nobody asks them for their message a second time.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readiness, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { ariUrl, TEST_PBX } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall } from '../helpers/sipp.ts';
import { CALLER_VOICE } from '../helpers/caller-voice.ts';
import { afterHoursServer } from '../helpers/after-hours-server.ts';

const SPOOL = join(TEST_PBX.root, 'var/spool/asterisk/recording');
/** Bytes of 8 kHz 16-bit audio per second. */
const PER_SECOND = 16_000;

const server = afterHoursServer();

/** Resets every TCP connection of this host to the sandbox's ARI port (the server's WebSocket and its HTTP requests). */
function cutAriConnections(): string {
  const result = spawnSync('ss', ['-K', '-t', 'state', 'established', `( dport = :${TEST_PBX.ariPort} )`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ss -K failed: ${result.stderr}`);
  return result.stdout;
}

/** Whether Asterisk is still recording `name` (ARI's live recordings, asked by the test itself). */
async function recordingLive(name: string): Promise<boolean> {
  const url = new URL(ariUrl());
  const response = await fetch(`${url.origin}/ari/recordings/live/${name}`, { headers: { authorization: `Basic ${btoa(`${url.username}:${url.password}`)}` } });
  await response.body?.cancel();
  return response.status === 200;
}

const callOf = (caller: string) => waitFor(`the call record of ${caller}`, () => (server.db.$client.prepare('select uniqueid from calls where caller = ?').get(caller) as { uniqueid: string } | undefined)?.uniqueid, 15_000, 50);

const voicemails = (caller: string) =>
  server.db.$client
    .prepare(`select v.file, v.sha256, v.bytes, v.duration_ms as durationMs, v.recording_name as recordingName, c.number, c.channel, c.status
                from voicemails v join cases c on c.id = v.case_id where v.caller = ?`)
    .all(caller) as { file: string; sha256: string; bytes: number; durationMs: number; recordingName: string; number: string; channel: string; status: string }[];

describe('ARI cut while a caller records a message', () => {
  it('keeps the whole message, registers it once, and thanks the caller', async () => {
    const caller = '13600000031';
    // Mandarin (1) after hours: the closed notice, then the message; the caller speaks 20 s, then presses #
    const scenario = callerScenario('uac-after-hours-speak-20s-through-ari-cut-expect-thanks', 'after-hours caller who leaves a 20 s message while ARI drops', [
      { pause: 300 },
      { stream: CALLER_VOICE },
      { pause: 1_200 },
      { key: '1' },
      { pause: 24_000 },
      { key: '#' },
      { expectHangup: 20_000 },
    ]);
    const dialledAt = Date.now();
    const call = placeCall(scenario, { caller });
    const uniqueid = await callOf(caller);
    const file = join(SPOOL, `hotline-msg-${uniqueid}.wav`);
    // three seconds into the message, the server's connections to ARI are reset
    await waitFor('three seconds of message recorded', () => (existsSync(file) && statSync(file).size > 3 * PER_SECOND ? true : undefined), 40_000, 50);
    const cutAt = Date.now();
    const recordedBeforeCutMs = ((statSync(file).size - 44) / PER_SECOND) * 1000;
    const cut = cutAriConnections();
    await waitFor('ARI reported down', async () => ((await readiness(server.hotline)).body.down.ari ? true : undefined), 5_000, 20).catch(() => {
      throw new Error(`the server did not notice the cut; ss -K said:\n${cut}`);
    });
    await waitUntilReady(server.hotline, 20_000);
    const reconnectMs = Date.now() - cutAt;

    const result = await call;
    expect(result.code, result.output).toBe(0);
    const [message, ...others] = await waitFor('the message registered', () => (voicemails(caller).length > 0 ? voicemails(caller) : undefined), 30_000, 100);
    expect(others).toEqual([]);
    expect(message).toMatchObject({ channel: 'voicemail', status: 'draft', recordingName: `hotline-msg-${uniqueid}` });
    // the whole message: what was recorded before the cut, and on to the # (sent 25.5 s after dialling)
    const spokenAfterCutMs = dialledAt + 25_500 - cutAt;
    expect(message!.durationMs).toBeGreaterThan(recordedBeforeCutMs + spokenAfterCutMs - 1_500);
    const audio = readFileSync(join(server.dataDirectory, message!.file));
    expect(createHash('sha256').update(audio).digest('hex')).toBe(message!.sha256);
    // kept by the server now; Asterisk's copy is gone, so nothing imports it again
    await waitFor('Asterisk’s copy deleted', () => (existsSync(file) ? undefined : true), 10_000);
    const path = (server.db.$client.prepare('select path from calls where caller = ?').get(caller) as { path: string }).path;
    // asked once for the message, thanked once
    expect(path.split(' ').filter((step) => step.endsWith(':message'))).toHaveLength(1);
    expect(path).toMatch(/message-thanks/);
    process.stdout.write(
      `faults-ari-drop-recording: ARI back ${reconnectMs} ms after the cut; message ${message!.durationMs} ms (${Math.round(recordedBeforeCutMs)} ms before the cut, ${spokenAfterCutMs} ms spoken after); path ${path}\n`,
    );
  }, 120_000);

  it('registers a message that ended while ARI was away: by # (the caller is thanked) or by hanging up', async () => {
    const speakThen = (end: 'key' | 'hang-up') =>
      callerScenario(`uac-after-hours-speak-14s-then-${end}-while-ari-away`, `after-hours caller whose message ends (${end}) while ARI is away`, [
        { pause: 300 },
        { stream: CALLER_VOICE },
        { pause: 1_200 },
        { key: '1' },
        { pause: 18_000 },
        ...(end === 'key' ? [{ key: '#' }, { expectHangup: 40_000 }] : [{ hangUp: true as const }]),
      ]);
    const presses = '13600000032';
    const hangsUp = '13600000033';
    const calls = [placeCall(speakThen('key'), { caller: presses }), placeCall(speakThen('hang-up'), { caller: hangsUp })];
    const names = (await Promise.all([callOf(presses), callOf(hangsUp)])).map((uniqueid) => `hotline-msg-${uniqueid}`);
    await waitFor('both recording', () => (names.every((name) => existsSync(join(SPOOL, `${name}.wav`)) && statSync(join(SPOOL, `${name}.wav`)).size > 2 * PER_SECOND) ? true : undefined), 40_000, 50);
    // ARI away (the server's client stopped) until both messages have ended in Asterisk
    await server.hotline.ari.stop();
    await waitFor('both messages ended in Asterisk', async () => ((await Promise.all(names.map(recordingLive))).every((live) => !live) ? true : undefined), 30_000, 200);
    const hungUp = await calls[1]!;
    expect(hungUp.code, hungUp.output).toBe(0);
    server.hotline.ari.start();
    for (const caller of [presses, hangsUp]) {
      const [message, ...others] = await waitFor(`the message of ${caller}`, () => (voicemails(caller).length > 0 ? voicemails(caller) : undefined), 30_000, 100);
      expect(others).toEqual([]);
      // spoken from the beep to the end: about 18 s less the closed notice and the message prompt
      expect(message!.durationMs).toBeGreaterThan(5_000);
    }
    // the caller who pressed # is thanked and hung up by Asterisk once the server is back
    const thanked = await calls[0]!;
    expect(thanked.code, thanked.output).toBe(0);
    expect((server.db.$client.prepare('select path from calls where caller = ?').get(presses) as { path: string }).path).toMatch(/zh:message zh:message-thanks zh:hang-up$/);
    for (const name of names) await waitFor(`Asterisk’s copy of ${name} deleted`, () => (existsSync(join(SPOOL, `${name}.wav`)) ? undefined : true), 10_000);
  }, 120_000);
});
