// SIPp callers and operator phones for the integration tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PORT_OFFSET, TEST_PBX } from './sandbox.ts';

/** A scenario in test/sipp by name, or a generated one by its absolute path. */
const scenario = (name: string) => (isAbsolute(name) ? name : fileURLToPath(new URL(`../sipp/${name}`, import.meta.url)));
/** Port slots of callers placed now: a slot is free again when its SIPp exits (long and short calls overlap). */
const SLOTS = 20;
const busySlots = new Set<number>();
function takeSlot(): number {
  for (let slot = 0; slot < SLOTS; slot++) {
    if (!busySlots.has(slot)) {
      busySlots.add(slot);
      return slot;
    }
  }
  throw new Error(`more than ${SLOTS} SIPp callers at once: their ports would collide`);
}

/** An -inf file whose fields 0..N are the keys, for scenarios that key a case number. */
function keysFile(keys: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sipp-keys-')), 'keys.csv');
  writeFileSync(file, `SEQUENTIAL\n${[...keys].join(';')};\n`);
  return file;
}

export interface SippResult {
  code: number | null;
  output: string;
}

/** Places calls with a caller scenario; resolves when SIPp exits. */
export function placeCall(scenarioFile: string, options: { caller: string; number?: string; calls?: number; keys?: string }): Promise<SippResult> {
  const slot = takeSlot();
  const args = [
    `127.0.0.1:${TEST_PBX.sipPort}`,
    '-sf', scenario(scenarioFile),
    '-s', options.number ?? '12365',
    '-set', 'caller', options.caller,
    '-i', '127.0.0.1',
    '-p', String(PORT_OFFSET + 5400 + slot),
    '-mp', String(PORT_OFFSET + 5500 + slot * 10),
    '-cp', String(PORT_OFFSET + 8900 + slot),
    '-m', String(options.calls ?? 1),
    '-nostdin',
    '-timeout', '150s',
    '-trace_err', '-error_file', join(tmpdir(), `sipp-${basename(scenarioFile)}-${options.caller}.err`),
    ...(options.keys ? ['-inf', keysFile(options.keys)] : []),
  ];
  return new Promise((resolve) => {
    const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => {
      busySlots.delete(slot);
      resolve({ code, output: output.slice(-4000) });
    });
  });
}

/** An operator's phone (SIPp responder) at the static contact of `extension`. */
export function startAgentPhone(extension: number): ChildProcess {
  const port = extension + TEST_PBX.agentPortBase;
  return spawn(
    'sipp',
    ['-sf', scenario('uas-agent-answer.xml'), '-i', '127.0.0.1', '-p', String(port), '-mp', String(PORT_OFFSET + 5300 + (extension % 100) * 10), '-cp', String(PORT_OFFSET + 8800 + (extension % 100)), '-nostdin'],
    { stdio: 'ignore' },
  );
}

/**
 * A phone of another kind (test/sipp/uas-*.xml) listening on `port`: an operator whose calls last `talkMs`
 * (uas-answer-then-hang-up.xml), or a citizen the trunk reaches on TEST_PBX.trunkPort (a call-back).
 */
export function startPhone(port: number, scenarioName: string, options: { talkMs?: number; slot: number; messageFile?: string }): ChildProcess {
  const args = ['-sf', scenario(scenarioName), '-i', '127.0.0.1', '-p', String(port), '-mp', String(PORT_OFFSET + 5700 + options.slot * 10), '-cp', String(PORT_OFFSET + 8700 + options.slot), '-nostdin'];
  if (options.talkMs !== undefined) args.push('-d', String(options.talkMs));
  // every SIP message the phone received and sent, for a test to read (the caller id a call-back shows)
  if (options.messageFile) args.push('-trace_msg', '-message_file', options.messageFile);
  return spawn('sipp', args, { stdio: 'ignore' });
}
