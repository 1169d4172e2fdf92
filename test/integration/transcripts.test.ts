// A real English message, transcribed: a SIPp caller speaks a human recording (LibriVox, from Debian's
// pocketsphinx-testdata) into an after-hours call; Asterisk records it; PocketSphinx (the default English
// engine) transcribes it; the case gets the text, every desk is told, and the registry finds a word of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscribedMessage } from '../../src/realtime/desk-events.ts';
import { operatorDesk, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { hangUpEveryCall } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall } from '../helpers/sipp.ts';
import { referenceWords, telephoneStream, wordOverlap } from '../helpers/speech-audio.ts';

const SPEECH = 'sense_and_sensibility_01_austen_64kb-0920';
let server: Awaited<ReturnType<typeof startHotline>>;

beforeAll(async () => {
  server = await startHotline({}, { HOTLINE_OPENING_HOURS: 'never' });
  await waitUntilReady(server.hotline);
});
afterAll(async () => {
  hangUpEveryCall();
  await server?.hotline.stop();
});

describe('an English message', () => {
  it('is transcribed by PocketSphinx onto its case, pushed to the desks, and found by a word the caller said', async () => {
    const desk = await operatorDesk(server.hotline, server.db, server.baseUrl, 1018, 'en');
    const pushed: TranscribedMessage[] = [];
    desk.socket.on('message:transcribed', (message: TranscribedMessage) => pushed.push(message));
    // English (2); after hours the caller hears why, then speaks (the recording, looping) and ends with #
    const scenario = callerScenario('uac-2-after-hours-speaks-librivox', 'an English caller who leaves a spoken message after hours', [
      { stream: telephoneStream(SPEECH) },
      { pause: 700 },
      { key: '2' },
      { pause: 30_000 },
      { key: '#' },
      { expectHangup: 20_000 },
    ]);
    const result = await placeCall(scenario, { caller: '13700001234' });
    expect(result.code, result.output).toBe(0);
    const message = await waitFor('the transcript', () =>
      server.db.$client
        .prepare(`select v.transcript, v.transcript_engine as engine, v.transcript_status as status, v.duration_ms as durationMs, c.number, c.description
                    from voicemails v join cases c on c.id = v.case_id where v.caller = ? and v.transcript_status <> 'pending'`)
        .get('13700001234') as { transcript: string; engine: string; status: string; durationMs: number; number: string; description: string } | undefined,
    60_000);
    const overlap = wordOverlap(referenceWords(SPEECH), message.transcript);
    process.stdout.write(`a ${Math.round(message.durationMs / 1000)} s message through Asterisk, PocketSphinx: "${message.transcript}" — ${(overlap * 100).toFixed(0)} % of the reference words\n`);
    expect(message).toMatchObject({ status: 'done', engine: 'pocketsphinx' });
    // the recording loops and is cut where the caller stopped: a floor, not the whole sentence
    expect(overlap).toBeGreaterThanOrEqual(0.2);
    expect(message.description).toBe(message.transcript);
    await waitFor('the desk told', () => pushed.find((entry) => entry.caseNumber === message.number), 5_000);
    const word = referenceWords(SPEECH).find((candidate) => candidate.length >= 5 && message.transcript.split(' ').includes(candidate))!;
    const found = await server.hotline.app.inject({ method: 'GET', url: `/api/cases?q=${encodeURIComponent(word)}`, headers: { authorization: `Bearer ${desk.token}` } });
    expect(found.json().items.map((item: { number: string }) => item.number)).toContain(message.number);
    desk.socket.close();
  });
});
