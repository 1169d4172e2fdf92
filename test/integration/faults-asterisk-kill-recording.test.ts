// Asterisk killed with SIGKILL while a caller records a message: the part recorded until then is on disk in
// Asterisk's spool; once Asterisk is back the server registers it — once, as a playable WAV whose header
// names its real length (Asterisk writes the sizes only when it closes the file, which a kill never does).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { killAsterisk, startAsterisk } from '../helpers/pbx-faults.ts';
import { TEST_PBX } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall } from '../helpers/sipp.ts';
import { CALLER_VOICE } from '../helpers/caller-voice.ts';
import { peakSample } from '../helpers/wav.ts';
import { afterHoursServer } from '../helpers/after-hours-server.ts';

const SPOOL = join(TEST_PBX.root, 'var/spool/asterisk/recording');
const PER_SECOND = 16_000;

const server = afterHoursServer();

describe('Asterisk killed while a caller records a message', () => {
  it('registers the part recorded before the kill, once, with a true WAV header', async () => {
    const caller = '13600000041';
    const scenario = callerScenario('uac-after-hours-speak-until-asterisk-dies', 'after-hours caller speaking a message when Asterisk is killed', [
      { pause: 300 },
      { stream: CALLER_VOICE },
      { pause: 1_200 },
      { key: '1' },
      { stay: 20_000 },
    ]);
    const call = placeCall(scenario, { caller });
    const uniqueid = await waitFor('the call record', () => (server.db.$client.prepare('select uniqueid from calls where caller = ?').get(caller) as { uniqueid: string } | undefined)?.uniqueid, 15_000, 50);
    const file = join(SPOOL, `hotline-msg-${uniqueid}.wav`);
    await waitFor('four seconds of message recorded', () => (existsSync(file) && statSync(file).size > 4 * PER_SECOND ? true : undefined), 40_000, 50);
    await killAsterisk();
    const recordedMs = ((statSync(file).size - 44) / PER_SECOND) * 1000;
    const restartedAt = Date.now();
    await startAsterisk();
    await waitUntilReady(server.hotline, 30_000);

    const rows = await waitFor('the message registered', () => {
      const found = server.db.$client
        .prepare(`select v.file, v.sha256, v.bytes, v.duration_ms as durationMs, c.channel, c.status from voicemails v join cases c on c.id = v.case_id where v.caller = ?`)
        .all(caller) as { file: string; sha256: string; bytes: number; durationMs: number; channel: string; status: string }[];
      return found.length > 0 ? found : undefined;
    }, 30_000, 100);
    const registeredMs = Date.now() - restartedAt;
    expect(rows).toHaveLength(1);
    const [message] = rows;
    expect(message).toMatchObject({ channel: 'voicemail', status: 'draft' });
    expect(message!.durationMs).toBeGreaterThanOrEqual(recordedMs - 100);
    const audio = readFileSync(join(server.dataDirectory, message!.file));
    expect(createHash('sha256').update(audio).digest('hex')).toBe(message!.sha256);
    // the header says how long the audio is: RIFF size and the data chunk's size
    expect(audio.subarray(0, 4).toString()).toBe('RIFF');
    expect(audio.readUInt32LE(4)).toBe(audio.length - 8);
    expect(audio.subarray(36, 40).toString()).toBe('data');
    expect(audio.readUInt32LE(40)).toBe(audio.length - 44);
    expect(peakSample(audio)).toBeGreaterThan(1_000);
    await waitFor('Asterisk’s copy deleted', () => (existsSync(file) ? undefined : true), 10_000);
    await call;
    process.stdout.write(`faults-asterisk-kill-recording: ${Math.round(recordedMs)} ms recorded before the kill; registered ${registeredMs} ms after the restart began\n`);
  }, 120_000);
});
