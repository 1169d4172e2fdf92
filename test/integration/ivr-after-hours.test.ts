// After hours: the caller hears why, leaves a message; it is kept with its checksum and becomes a case.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/hotline-server.ts';
import { TEST_PBX } from '../helpers/sandbox.ts';
import { placeCall } from '../helpers/sipp.ts';
import { peakSample } from '../helpers/wav.ts';
import { afterHoursServer } from '../helpers/after-hours-server.ts';

const server = afterHoursServer();

describe('after hours', () => {
  it('records a message, keeps the audio with its checksum, and registers a voicemail case', async () => {
    const result = await placeCall('uac-after-hours-message-expect-case.xml', { caller: '13600000001' });
    expect(result.code, result.output).toBe(0);
    const voicemail = await waitFor('the voicemail row', () =>
      server.db.$client
        .prepare(`select v.file, v.sha256, v.bytes, v.duration_ms as durationMs, v.lang, v.caller, c.number, c.channel, c.status, c.caller_phone as phone
                    from voicemails v join cases c on c.id = v.case_id`)
        .get() as Record<string, string | number> | undefined,
    );
    expect(voicemail).toMatchObject({ lang: 'zh', caller: '13600000001', channel: 'voicemail', status: 'draft', phone: '13600000001' });
    const audio = readFileSync(join(server.dataDirectory, String(voicemail.file)));
    expect(createHash('sha256').update(audio).digest('hex')).toBe(voicemail.sha256);
    expect(audio.length).toBe(voicemail.bytes);
    expect(audio.subarray(0, 4).toString()).toBe('RIFF');
    expect(Number(voicemail.durationMs)).toBeGreaterThan(2_000);
    expect(peakSample(audio)).toBeGreaterThan(1_000);
    const call = server.db.$client.prepare(`select id, intent, path, outcome from calls where caller = ?`).get('13600000001') as { id: number };
    expect(call).toMatchObject({ intent: 'message', outcome: 'ended-in-ivr', path: 'choose-language mandarin zh:hours zh:closed zh:closed-notice zh:message zh:message-thanks zh:hang-up' });
    // the case and its message both name the call
    expect(server.db.$client.prepare(`select c.call_id as caseCall, v.call_id as messageCall from voicemails v join cases c on c.id = v.case_id where c.number = ?`).get(voicemail.number)).toEqual({
      caseCall: call.id,
      messageCall: call.id,
    });
  });

  it('registers, on reconnect, a message Asterisk finished while the server was down before storing it', async () => {
    // The state a crash leaves between Asterisk's RecordingFinished and our durable store: a finished
    // recording in Asterisk's spool, the call on record, no case yet.
    const uniqueid = '1795999999.42';
    const caller = '13600000002';
    server.db.$client
      .prepare(`insert into calls (uniqueid, linkedid, caller, lang, entered_at, outcome) values (?, ?, ?, 'en', ?, 'ended-in-ivr')`)
      .run(uniqueid, uniqueid, caller, new Date().toISOString());
    const spool = join(TEST_PBX.root, 'var/spool/asterisk/recording');
    mkdirSync(spool, { recursive: true });
    const voice = fileURLToPath(new URL('../sipp/generated/message-speech.wav', import.meta.url));
    execFileSync('sox', [voice, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', join(spool, `hotline-msg-${uniqueid}.wav`)]);
    await server.hotline.ari.stop();
    server.hotline.ari.start();
    const recovered = await waitFor('the recovered voicemail', () =>
      server.db.$client
        .prepare(`select v.caller, v.lang, v.duration_ms as durationMs, c.channel, c.status from voicemails v join cases c on c.id = v.case_id where v.recording_name = ?`)
        .get(`hotline-msg-${uniqueid}`) as { caller: string; lang: string; durationMs: number; channel: string; status: string } | undefined,
    30_000);
    expect(recovered).toMatchObject({ caller, lang: 'en', channel: 'voicemail', status: 'draft' });
    expect(recovered.durationMs).toBeGreaterThan(5_000);
    // Kept here now, so Asterisk's copy is gone; a second reconnect imports nothing twice.
    await waitFor('Asterisk’s copy deleted', () => (existsSync(join(spool, `hotline-msg-${uniqueid}.wav`)) ? undefined : true), 10_000);
    expect(server.db.$client.prepare('select count(*) as n from voicemails where recording_name = ?').get(`hotline-msg-${uniqueid}`)).toEqual({ n: 1 });
  });
});
