// Hostile callers for the IVR (issue 13), generated from a seed so that a failing run can be replayed
// (HOTLINE_IVR_SEED): random DTMF storms, # and * everywhere, 30 digits where a dozen are expected, silence to
// the limit, hang-ups at every step. Each is a list of SIPp caller steps (sipp-scenario.ts) plus what it keys.
import type { CallerStep } from './sipp-scenario.ts';

export type HostileClass = 'storm' | 'hash-star' | 'too-long' | 'silence' | 'hang-up';

export interface HostileCall {
  /** Unique; also the generated scenario's file name. */
  name: string;
  kind: HostileClass;
  /** The menu or step the hostility is aimed at. */
  where: string;
  caller: string;
  steps: CallerStep[];
  /** Every key the caller sends, in order. */
  keys: string;
  /** From the answer to the last key (the pauses before it), ms. */
  keyPhaseMs: number;
  /** The caller hangs up by itself (the hang-up class); otherwise Asterisk ends the call. */
  callerHangsUp: boolean;
}

/** mulberry32: a small seeded generator, the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Random = () => number;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const pick = <T>(random: Random, items: readonly T[]) => items[Math.floor(random() * items.length)]!;

/** Keys and the pause after each. */
type Typing = { key: string; pauseMs: number }[];
const typed = (keys: string, pauseMs: number): Typing => [...keys].map((key) => ({ key, pauseMs }));

/**
 * How a caller reaches each menu of the shipped flows (prompts/flows): the keys, typed ahead (the IVR takes
 * keys pressed during a prompt), then a pause so the IVR is at that menu, its prompt playing, when the
 * hostile part starts.
 */
export function menuRoutes(otherPhonesCase: string): Record<string, { keys: string; settleMs: number }> {
  return {
    'language menu': { keys: '', settleMs: 1_000 },
    'Mandarin main menu': { keys: '1', settleMs: 2_000 },
    'English main menu': { keys: '2', settleMs: 2_000 },
    'case number': { keys: '14', settleMs: 2_000 },
    'call-back number': { keys: '15', settleMs: 2_000 },
    // a real case whose phone is not the caller's: the IVR asks for that phone's last four digits
    'last four digits': { keys: `14${otherPhonesCase}#`, settleMs: 2_000 },
    // 1 then 0: an operator; keys pressed while waiting go to the queue's own menu (1: a call-back, place kept)
    'queue': { keys: '10', settleMs: 6_000 },
  };
}

/** `leadMs` of silence after the answer, then each key and the pause after it, then `end`. */
function call(kind: HostileClass, index: number, where: string, caller: string, typing: Typing, end: CallerStep, leadMs = 0): HostileCall {
  // a caller Asterisk will hang up waits for that right after its last key (a BYE during a pause fails SIPp)
  if ('expectHangup' in end && typing.length > 0) typing = [...typing.slice(0, -1), { ...typing.at(-1)!, pauseMs: 0 }];
  const steps: CallerStep[] = leadMs > 0 ? [{ pause: leadMs }] : [];
  let elapsed = leadMs;
  let keyPhaseMs = 0;
  for (const { key, pauseMs } of typing) {
    steps.push({ key });
    keyPhaseMs = elapsed;
    if (pauseMs > 0) steps.push({ pause: pauseMs });
    elapsed += pauseMs;
  }
  steps.push(end);
  return { name: `ivr-hostile-${kind}-${index}`, kind, where, caller, steps, keys: typing.map((t) => t.key).join(''), keyPhaseMs, callerHangsUp: 'hangUp' in end };
}

/** Asterisk ends these calls: the test once the caller is in a queue, or the server after a closing prompt. */
const ASTERISK_ENDS: CallerStep = { expectHangup: 120_000 };

/** A caller number per call: a mainland mobile (the call-back reads it back), unique per class and index. */
const mobile = (classDigit: number, index: number) => `139${classDigit}${String(index).padStart(7, '0')}`;

/** The keys to `where` typed ahead, the last followed by `restMs` (the hostile part comes after). */
function reach(routes: ReturnType<typeof menuRoutes>, where: string, restMs = routes[where]!.settleMs): { lead: number; typing: Typing } {
  const typing = typed(routes[where]!.keys, 150);
  if (typing.length === 0) return { lead: restMs, typing };
  typing.at(-1)!.pauseMs = restMs;
  return { lead: 0, typing };
}

/** Dozens of random keys, # and * among them, mostly fast (a finger on the keypad), at every menu. */
export function dtmfStorms(seed: number, otherPhonesCase: string): HostileCall[] {
  const random = seededRandom(seed);
  const routes = menuRoutes(otherPhonesCase);
  return Object.keys(routes).map((where, index) => {
    const storm: Typing = Array.from({ length: between(random, 30, 60) }, () => {
      const roll = random();
      const pauseMs = roll < 0.7 ? between(random, 20, 120) : roll < 0.95 ? between(random, 150, 600) : between(random, 800, 2_000);
      return { key: pick(random, [...'0123456789*#']), pauseMs };
    });
    const { lead, typing } = reach(routes, where);
    return call('storm', index, where, mobile(1, index), [...typing, ...storm], ASTERISK_ENDS, lead);
  });
}

/** Only # and *, a few at a time with random pauses, at every menu. */
export function hashAndStar(seed: number, otherPhonesCase: string): HostileCall[] {
  const random = seededRandom(seed);
  const routes = menuRoutes(otherPhonesCase);
  return Object.keys(routes).map((where, index) => {
    const keys: Typing = Array.from({ length: between(random, 4, 8) }, () => ({ key: pick(random, ['#', '*']), pauseMs: between(random, 300, 3_000) }));
    const { lead, typing } = reach(routes, where);
    return call('hash-star', index, where, mobile(2, index), [...typing, ...keys], ASTERISK_ENDS, lead);
  });
}

const digits = (random: Random, count: number) => Array.from({ length: count }, () => String(between(random, 0, 9))).join('');

/**
 * Thirty digits where a case number (12), a call-back number (11 or 12) or a phone's last four are expected,
 * at every attempt the IVR gives; `betweenMs` leaves the IVR time to say so before the next thirty.
 */
export function tooLong(seed: number, otherPhonesCase: string): (HostileCall & { attempts: number })[] {
  const random = seededRandom(seed);
  const routes = { ...menuRoutes(otherPhonesCase), 'English case number': { keys: '24', settleMs: 2_000 } };
  const aims = [
    { where: 'case number', attempts: 3, betweenMs: 9_000 },
    { where: 'call-back number', attempts: 2, betweenMs: 13_000 },
    { where: 'last four digits', attempts: 1, betweenMs: 0 },
    { where: 'English case number', attempts: 3, betweenMs: 9_000 },
  ];
  return aims.map(({ where, attempts, betweenMs }, index) => {
    const batches: Typing = [];
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const batch = typed(digits(random, 30), between(random, 40, 90));
      batch.at(-1)!.pauseMs = attempt < attempts ? betweenMs : 0;
      batches.push(...batch);
    }
    return { ...call('too-long', index, where, mobile(3, index), [...reach(routes, where).typing, ...batches], ASTERISK_ENDS), attempts };
  });
}

/** Silence at every menu, to the limit: the retries, then a human (or the call-back that silence confirms). */
export function silences(otherPhonesCase: string): HostileCall[] {
  const routes = menuRoutes(otherPhonesCase);
  const silent = (index: number, where: string, keys: string, caller = mobile(4, index)) => call('silence', index, where, caller, typed(keys, 150), ASTERISK_ENDS);
  return [
    silent(0, 'language and Mandarin menus', ''),
    silent(1, 'English main menu', '2'),
    silent(2, 'case number', '14'),
    // a caller id no call-back can dial: nothing to confirm, so silence is a refusal
    silent(3, 'call-back number, caller id not dialable', '15', '80040003'),
    // the caller's own mobile: waiting confirms it (the prompt says so)
    silent(4, 'call-back number, own mobile', '15'),
    silent(5, 'last four digits', routes['last four digits']!.keys),
  ];
}

export interface HangUpCall extends HostileCall {
  /** The server's last IVR node for the call (the end of its path); undefined: any. */
  expectNode?: string;
  /** A prompt Asterisk must have started before the hang-up (the step was reached). */
  expectHeard?: string;
}

/** One short call per step, hung up by the caller in it: `keys` typed ahead, then the hang-up `afterMs` later. */
export function hangUps(otherPhonesCase: string, ownCase: { number: string; phone: string }): HangUpCall[] {
  const steps: { where: string; keys: string; afterMs: number; node?: string; heard?: string; caller?: string }[] = [
    { where: 'at the answer', keys: '', afterMs: 0 },
    { where: 'during the welcome', keys: '', afterMs: 1_500, node: 'choose-language', heard: 'zh/welcome' },
    { where: 'waiting after the language prompt', keys: '', afterMs: 8_000, node: 'choose-language', heard: 'en/for-english-press-2' },
    { where: 'during the Mandarin menu', keys: '1', afterMs: 3_000, node: 'zh:menu', heard: 'zh/main-menu' },
    { where: 'during the English menu', keys: '2', afterMs: 3_000, node: 'en:menu', heard: 'en/main-menu' },
    { where: 'during "not a valid choice"', keys: '19', afterMs: 1_500, node: 'zh:menu', heard: 'zh/invalid-choice' },
    { where: 'asked for the case number', keys: '14', afterMs: 2_000, node: 'zh:case-number', heard: 'zh/enter-case-number' },
    { where: 'halfway through the case number', keys: `14${otherPhonesCase.slice(0, 6)}`, afterMs: 1_000, node: 'zh:case-number' },
    { where: 'during "the number does not look right"', keys: '14#', afterMs: 1_500, node: 'zh:case-number', heard: 'zh/case-number-invalid' },
    { where: 'asked for the last four digits', keys: `14${otherPhonesCase}#`, afterMs: 2_000, node: 'zh:case-status', heard: 'zh/enter-phone-last-four' },
    { where: 'while the case status is spoken', keys: `14${ownCase.number}#`, afterMs: 1_500, node: 'zh:case-status', heard: 'zh/case-status-is', caller: ownCase.phone },
    { where: 'asked to confirm the call-back number', keys: '15', afterMs: 2_000, node: 'zh:book-callback', heard: 'zh/callback-number-is' },
    // "1" confirms after a short wait for more digits (a mobile number starts with 1 too)
    { where: 'during "call-back booked"', keys: '151', afterMs: 5_000, node: 'zh:book-callback', heard: 'zh/callback-booked' },
    { where: 'during "connecting you to an operator"', keys: '10', afterMs: 1_000, node: 'zh:connecting', heard: 'zh/connecting-operator' },
    { where: 'waiting in the queue', keys: '10', afterMs: 7_000, node: 'zh:operator', heard: 'zh/connecting-operator' },
  ];
  return steps.map((step, index) => {
    const typing = typed(step.keys, 150);
    if (typing.length > 0) typing.at(-1)!.pauseMs = step.afterMs;
    const hangUp = call('hang-up', index, step.where, step.caller ?? mobile(5, index), typing, { hangUp: true }, typing.length > 0 ? 0 : step.afterMs);
    return { ...hangUp, expectNode: step.node, expectHeard: step.heard };
  });
}
