// Nobody answers: a caller who has waited the longest wait in a queue, or who calls when no operator of
// their language is logged in, is offered a message (or a call-back) in their own language — by the
// server's IVR, or by Asterisk itself while the server's Stasis app is away — and the message becomes a
// case joined to the call. No caller hears endless ringing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observePlaybacks } from '../helpers/ari-observer.ts';
import { synthesiseCallerVoice } from '../helpers/caller-voice.ts';
import { operatorDesk, startHotline, waitFor, waitUntilReady } from '../helpers/hotline-server.ts';
import { asteriskCli, hangUpEveryCall, TEST_PBX } from '../helpers/sandbox.ts';
import { callerScenario } from '../helpers/sipp-scenario.ts';
import { placeCall, startAgentPhone } from '../helpers/sipp.ts';
import type { ChildProcess } from 'node:child_process';

const MAX_WAIT_SECONDS = 4;
let server: Awaited<ReturnType<typeof startHotline>>;
let observer: Awaited<ReturnType<typeof observePlaybacks>>;
let englishScenario: string;
let phone: ChildProcess | undefined;

beforeAll(async () => {
  const voice = synthesiseCallerVoice();
  // Through the IVR: English, then report (3); nobody answers, so the caller is offered a message (or a
  // call-back: 1), lets the offer pass, speaks, and ends it with #.
  englishScenario = callerScenario('uac-2-then-3-wait-then-message-expect-english-case', 'an English caller nobody answers leaves a message', [
    { stream: voice },
    { pause: 800 },
    { key: '2' },
    { pause: 1200 },
    { key: '3' },
    { pause: 28_000 },
    { key: '#' },
    { expectHangup: 20_000 },
  ]);
  server = await startHotline({}, { HOTLINE_QUEUE_MAX_WAIT_SECONDS: String(MAX_WAIT_SECONDS) });
  await waitUntilReady(server.hotline);
  observer = await observePlaybacks();
});

afterAll(async () => {
  hangUpEveryCall();
  phone?.kill();
  await observer?.stop();
  await server?.hotline.stop();
});

const messageOf = (caller: string) =>
  server.db.$client
    .prepare(
      `select v.lang, v.caller, v.duration_ms as durationMs, v.call_id as voicemailCallId, c.number, c.channel, c.call_id as caseCallId,
              calls.id as callId, calls.intent, calls.path, calls.uniqueid
         from voicemails v join cases c on c.id = v.case_id left join calls on calls.caller = v.caller where v.caller = ?`,
    )
    .get(caller) as Record<string, string | number | null> | undefined;

describe('a caller nobody answers', () => {
  const expectEnglishMessageCase = async (caller: string) => {
    const message = await waitFor('the voicemail case', () => messageOf(caller), 15_000);
    expect(message).toMatchObject({ lang: 'en', channel: 'voicemail', intent: 'message' });
    expect(message.caseCallId).toBe(message.callId);
    expect(message.voicemailCallId).toBe(message.callId);
    expect(Number(message.durationMs)).toBeGreaterThan(2_000);
    expect(String(message.path)).toMatch(/en:operator en:overflow en:overflow-offer en:overflow-message en:message-thanks en:hang-up$/);
    expect(observer.heard(String(message.uniqueid))).toEqual(expect.arrayContaining(['en/all-busy', 'en/overflow-offer', 'en/message-recorded']));
    return message;
  };

  it('is offered a message in English at once when no English operator is logged in (a Mandarin one is), and it becomes a case of that call', async () => {
    const mandarinOnly = await operatorDesk(server.hotline, server.db, server.baseUrl, 1011, 'zh');
    expect((await mandarinOnly.setState('paused', 'break')).statusCode).toBe(200);
    const caller = '13600000013';
    const result = await placeCall(englishScenario, { caller });
    expect(result.code, result.output).toBe(0);
    await expectEnglishMessageCase(caller);
    expect((await mandarinOnly.setState('offline')).statusCode).toBe(200);
    mandarinOnly.socket.close();
  });

  it('is offered a message in English by the IVR after the longest wait, and it becomes a case of that call', async () => {
    // an English operator is logged in but on a break: the caller joins the line and waits MAX_WAIT_SECONDS
    const english = await operatorDesk(server.hotline, server.db, server.baseUrl, 1012, 'en');
    phone = startAgentPhone(1012);
    expect((await english.setState('paused', 'break')).statusCode).toBe(200);
    const caller = '13600000011';
    const result = await placeCall(englishScenario, { caller });
    expect(result.code, result.output).toBe(0);
    await expectEnglishMessageCase(caller);
    expect((await english.setState('offline')).statusCode).toBe(200);
    english.socket.close();
  });

  it('is recorded by Asterisk itself when the server’s Stasis app is away, and registered once the server is back', async () => {
    const caller = '13600000012';
    await server.hotline.ari.stop();
    await waitFor('the Stasis app to be gone', () => (asteriskCli('ari show apps').includes(TEST_PBX.ariApp) ? undefined : true), 10_000);
    try {
      // The fail-safe queues the caller (Mandarin); after the sandbox's longest wait the dialplan records.
      const scenario = callerScenario('uac-failsafe-wait-then-message-expect-case', 'a caller the server never sees leaves a message', [
        { stream: synthesiseCallerVoice() },
        { pause: TEST_PBX.queueMaxWaitSeconds * 1000 + 16_000 },
        { key: '#' },
        { expectHangup: 20_000 },
      ]);
      const result = await placeCall(scenario, { caller });
      expect(result.code, result.output).toBe(0);
    } finally {
      server.hotline.ari.start();
      await waitUntilReady(server.hotline);
    }
    const message = await waitFor('the message registered after the reconnect', () => messageOf(caller), 30_000);
    expect(message).toMatchObject({ lang: 'zh', caller, channel: 'voicemail' });
    expect(Number(message.durationMs)).toBeGreaterThan(2_000);
    // one case for the call (the call record came from AMI while ARI was away)
    expect(message.caseCallId).toBe(message.callId);
  });
});
