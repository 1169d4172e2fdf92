// A hotline server that is never open (every caller is offered a message), on the test sandbox, for the
// tests of messages: started before the file's tests with the caller's synthesised voice ready, stopped after.
import { afterAll, beforeAll } from 'vitest';
import { synthesiseCallerVoice } from './caller-voice.ts';
import { startHotline, waitUntilReady } from './hotline-server.ts';
import { hangUpEveryCall } from './sandbox.ts';

export type TestServer = Awaited<ReturnType<typeof startHotline>>;

/** The server, filled in before the file's first test. */
export function afterHoursServer(): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    synthesiseCallerVoice();
    Object.assign(server, await startHotline({}, { HOTLINE_OPENING_HOURS: 'never' }));
    await waitUntilReady(server.hotline);
  });
  afterAll(async () => {
    hangUpEveryCall();
    await server.hotline?.stop();
  });
  return server;
}
