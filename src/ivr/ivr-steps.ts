// The IVR steps that are more than a prompt and a key: keying a number, case progress, a call-back.
import { FINAL_STATUSES } from '../cases/case-model.ts';
import { caseNumberProblem } from '../cases/case-number.ts';
import { chinesePhoneNumber, type CallbackSource } from '../callbacks/callback-model.ts';
import { localDay } from '../cases/working-days.ts';
import type { Language } from '../config.ts';
import type { Logger } from '../log.ts';
import type { FlowNode, Intent, PromptUse } from './flow.ts';
import type { IvrChannel, PromptRef } from './ivr-channel.ts';
import { samePhone, type IvrServices } from './ivr-services.ts';
import { datePrompts, digitPrompts } from './speech.ts';

export interface IvrCall {
  channel: IvrChannel;
  lang: Language | undefined;
  intent: Intent | null;
  variables: Record<string, string>;
  log: Logger;
}

type Refs = (prompts: PromptUse[]) => PromptRef[];

/** A caller still keying past the longest entry is let go on until they pause this long (or press #). */
export const OVERFLOW_PAUSE_MS = 2_000;

/**
 * Keys until `#`, a pause of `timeoutMs`, or one more than `maxDigits`; '' when nothing was keyed. The keys of
 * an entry that ran too long (30 digits for a case number) all belong to it: they are not left to answer the
 * next prompt, which would take the retry's turn before the caller heard the entry refused.
 */
export async function keyedDigits(channel: IvrChannel, maxDigits: number, timeoutMs: number, first?: string): Promise<string> {
  let digits = first ?? '';
  while (digits.length <= maxDigits) {
    const key = await channel.takeDigit(timeoutMs);
    if (key === null || key === '#') return digits;
    if (key !== '*') digits += key;
  }
  let rest: string | null;
  do rest = await channel.takeDigit(OVERFLOW_PAUSE_MS);
  while (rest !== null && rest !== '#');
  return digits;
}

const VALID: Record<string, (value: string) => boolean> = {
  'case-number': (value) => caseNumberProblem(value) === null,
  phone: (value) => /^\d{5,20}$/.test(value),
};

/** A collect node: prompt, keys, check; after `maxAttempts` failures, null (the flow sends the caller on). */
export async function collectDigits(call: IvrCall, node: Extract<FlowNode, { type: 'collect' }>, refs: Refs): Promise<string | null> {
  for (let attempt = 1; attempt <= node.maxAttempts; attempt++) {
    await call.channel.play(refs(node.prompts));
    const value = await keyedDigits(call.channel, node.maxDigits, node.timeoutSeconds * 1000);
    const valid = value.length > 0 && value.length <= node.maxDigits && (!node.validate || VALID[node.validate]!(value));
    if (valid) return value;
    call.log.info({ attempt, keyed: value.length }, 'ivr: keyed number refused');
    if (node.invalidPrompt && attempt < node.maxAttempts) await call.channel.play(refs([node.invalidPrompt]));
  }
  return null;
}

/**
 * Case progress by phone: the status (and, unless the case is confidential, the due date) is spoken
 * only to the case's own phone, or to a caller who keys its last four digits.
 */
export async function speakCaseProgress(call: IvrCall, caseNumber: string, services: IvrServices, refs: Refs): Promise<boolean> {
  const progress = services.caseProgress(caseNumber);
  if (!progress) {
    await call.channel.play(refs(['case-not-found']));
    return false;
  }
  let verified = progress.phone !== null && samePhone(call.channel.caller, progress.phone);
  if (!verified && progress.phone) {
    await call.channel.play(refs(['enter-phone-last-four']));
    const lastFour = await keyedDigits(call.channel, 4, 8_000);
    verified = lastFour.length === 4 && progress.phone.replace(/\D/g, '').endsWith(lastFour);
  }
  if (!verified) {
    call.log.info({ caseNumber }, 'ivr: case progress refused, phone not matched');
    await call.channel.play(refs(['phone-mismatch']));
    return false;
  }
  const prompts: string[] = ['case-status-is', `status-${progress.status}`];
  if (!progress.confidential && progress.dueAt && !FINAL_STATUSES.has(progress.status)) {
    prompts.push('case-due-by', ...datePrompts(localDay(new Date(progress.dueAt)), call.lang!));
  }
  call.log.info({ caseNumber, status: progress.status }, 'ivr: case progress spoken');
  await call.channel.play(refs(prompts));
  return true;
}

/**
 * A call-back: the caller's number read back, 1 (or waiting) confirms, or another number and #. Only a number
 * a call-back can dial (a mainland mobile, or a fixed line with its area code) is taken; another gets a retry.
 */
export async function bookCallback(call: IvrCall, services: IvrServices, refs: Refs, source: CallbackSource = 'ivr'): Promise<boolean> {
  const known = chinesePhoneNumber(call.channel.caller);
  for (let attempt = 1; attempt <= 2; attempt++) {
    const prompts = known ? ['callback-number-is', ...digitPrompts(known), 'callback-confirm-or-enter'] : ['callback-confirm-or-enter'];
    const played = await call.channel.play(refs(prompts));
    const first = await call.channel.takeDigit(played === 'interrupted' ? 0 : 8_000);
    // A mobile number starts with 1 too: "1" alone (then a pause or #) confirms; more digits are a number.
    const keyed = first === null ? '' : await keyedDigits(call.channel, 20, 3_000, first === '#' ? '' : first);
    const number = keyed === '' || keyed === '1' ? known : chinesePhoneNumber(keyed);
    if (number) {
      const { keepsPlace } = services.bookCallback({ uniqueid: call.channel.uniqueid, number, lang: call.lang!, intent: call.intent, source });
      call.log.info({ keyedOther: number !== known, source, keepsPlace }, 'ivr: call-back booked');
      await call.channel.play(refs([keepsPlace ? 'callback-place-kept' : 'callback-booked']));
      return true;
    }
    if (!known && keyed === '') return false;
    call.log.info({ attempt, keyed: keyed.length }, 'ivr: call-back number refused');
    await call.channel.play(refs(['callback-number-invalid']));
  }
  return false;
}
