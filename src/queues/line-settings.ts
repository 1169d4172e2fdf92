// How the line treats callers and operators, kept by admins (GET/PUT /api/admin/line-settings) and taking
// effect without a restart: announcements, the longest wait and line, wrap-up, call-back retries,
// how long call recordings are kept; and the pause reasons operators choose from.
import { QUEUE_OF_LANGUAGE } from '../config.ts';

export interface QueueBehaviour {
  /** Position and estimated wait are announced on entry and this often; the call-back offer every other time. */
  announceEverySeconds: number;
  /** The longest wait before the caller is offered a message or a call-back. */
  maxWaitSeconds: number;
  /** More callers than this in line: the next is offered a message or a call-back at once. */
  maxWaiting: number;
  /** After each call the operator gets no call for this long (后处理). */
  wrapUpSeconds: number;
}

export interface LineSettings {
  queues: Record<string, QueueBehaviour>;
  /** An operator leaves wrap-up only after saving the call's case, or saying it needs none. */
  wrapUpRequiresCase: boolean;
  callbackAttempts: number;
  /** Minutes between tries of a call-back nobody answered (fractions allowed). */
  callbackRetryMinutes: number;
  recordingRetentionDays: number;
}

export const HOTLINE_QUEUES = Object.values(QUEUE_OF_LANGUAGE);

export function defaultLineSettings(maxWaitSeconds = 300): LineSettings {
  const behaviour: QueueBehaviour = { announceEverySeconds: 45, maxWaitSeconds, maxWaiting: 30, wrapUpSeconds: 30 };
  return {
    queues: Object.fromEntries(HOTLINE_QUEUES.map((queue) => [queue, { ...behaviour }])),
    wrapUpRequiresCase: true,
    callbackAttempts: 3,
    callbackRetryMinutes: 10,
    recordingRetentionDays: 180,
  };
}

export class LineSettingsError extends Error {
  readonly statusCode = 400;
}

const LIMITS: Record<keyof QueueBehaviour, [number, number]> = {
  announceEverySeconds: [10, 600],
  maxWaitSeconds: [1, 3600],
  maxWaiting: [1, 500],
  wrapUpSeconds: [0, 600],
};

function whole(path: string, value: unknown, [min, max]: [number, number]): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new LineSettingsError(`${path}: a whole number from ${min} to ${max}`);
  return value;
}

/** Minutes, fractions allowed (0.5 = 30 s). */
function minutes(path: string, value: unknown, [min, max]: [number, number]): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw new LineSettingsError(`${path}: minutes from ${min} to ${max}`);
  return value;
}

export function validateLineSettings(input: unknown): LineSettings {
  if (typeof input !== 'object' || input === null) throw new LineSettingsError('body: an object');
  const raw = input as Record<string, unknown>;
  const known = ['queues', 'wrapUpRequiresCase', 'callbackAttempts', 'callbackRetryMinutes', 'recordingRetentionDays'];
  const unknown = Object.keys(raw).find((key) => !known.includes(key));
  if (unknown) throw new LineSettingsError(`body/${unknown}: not a setting (${known.join(', ')})`);
  const queues = raw.queues as Record<string, Record<string, unknown>> | undefined;
  if (typeof queues !== 'object' || queues === null) throw new LineSettingsError('body/queues: the settings of each queue');
  const result: LineSettings['queues'] = {};
  for (const queue of HOTLINE_QUEUES) {
    const entry = queues[queue];
    if (typeof entry !== 'object' || entry === null) throw new LineSettingsError(`body/queues/${queue}: missing`);
    result[queue] = Object.fromEntries(
      (Object.keys(LIMITS) as (keyof QueueBehaviour)[]).map((key) => [key, whole(`body/queues/${queue}/${key}`, entry[key], LIMITS[key])]),
    ) as unknown as QueueBehaviour;
  }
  const other = Object.keys(queues).find((queue) => !HOTLINE_QUEUES.includes(queue));
  if (other) throw new LineSettingsError(`body/queues/${other}: not a hotline queue (${HOTLINE_QUEUES.join(', ')})`);
  if (typeof raw.wrapUpRequiresCase !== 'boolean') throw new LineSettingsError('body/wrapUpRequiresCase: true or false');
  return {
    queues: result,
    wrapUpRequiresCase: raw.wrapUpRequiresCase,
    callbackAttempts: whole('body/callbackAttempts', raw.callbackAttempts, [1, 10]),
    callbackRetryMinutes: minutes('body/callbackRetryMinutes', raw.callbackRetryMinutes, [0.05, 1440]),
    recordingRetentionDays: whole('body/recordingRetentionDays', raw.recordingRetentionDays, [1, 3650]),
  };
}

export interface PauseReason {
  code: string;
  zh: string;
  en: string;
}

/** Given to Asterisk by the server itself; not on the list operators choose from. */
export const RESERVED_PAUSE_CODES = ['wrap-up'];

export const DEFAULT_PAUSE_REASONS: PauseReason[] = [
  { code: 'break', zh: '小休', en: 'Break' },
  { code: 'lunch', zh: '午餐', en: 'Lunch' },
  { code: 'training', zh: '培训', en: 'Training' },
  { code: 'meeting', zh: '会议', en: 'Meeting' },
  { code: 'follow-up', zh: '工单跟进', en: 'Case follow-up' },
  { code: 'after-call', zh: '话后处理', en: 'After-call work' },
  { code: 'supervisor', zh: '班长安排', en: 'Supervisor' },
];

export function validatePauseReasons(input: unknown): PauseReason[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > 30) throw new LineSettingsError('body: a list of 1 to 30 pause reasons');
  const codes = new Set<string>();
  return input.map((entry, index) => {
    const reason = entry as Partial<PauseReason>;
    const at = `body/${index}`;
    if (typeof reason.code !== 'string' || !/^[a-z0-9-]{2,32}$/.test(reason.code)) throw new LineSettingsError(`${at}/code: 2–32 lower-case letters, digits or -`);
    if (RESERVED_PAUSE_CODES.includes(reason.code)) throw new LineSettingsError(`${at}/code: "${reason.code}" is the server's own`);
    if (codes.has(reason.code)) throw new LineSettingsError(`${at}/code: "${reason.code}" twice`);
    codes.add(reason.code);
    for (const lang of ['zh', 'en'] as const) {
      const text = reason[lang];
      if (typeof text !== 'string' || text.trim().length === 0 || text.length > 40 || /[<>\r\n]/.test(text)) {
        throw new LineSettingsError(`${at}/${lang}: the reason's name in ${lang === 'zh' ? 'Chinese' : 'English'}, 1 to 40 characters`);
      }
    }
    const extra = Object.keys(reason).find((key) => !['code', 'zh', 'en'].includes(key));
    if (extra) throw new LineSettingsError(`${at}/${extra}: not a field (code, zh, en)`);
    return { code: reason.code, zh: reason.zh!, en: reason.en! };
  });
}
