// The caller's voice for messages: made by the same script the README's example uses.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CALLER_VOICE = fileURLToPath(new URL('../sipp/generated/message-speech.alaw', import.meta.url));

export function synthesiseCallerVoice(): string {
  execFileSync('bash', [fileURLToPath(new URL('../../scripts/demo-audio.sh', import.meta.url))], { stdio: 'ignore' });
  return CALLER_VOICE;
}
