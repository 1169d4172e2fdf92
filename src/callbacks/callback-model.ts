// Call-backs (回电): what a request is, where it comes from, what happened to it.
import type { Language } from '../config.ts';

export const CALLBACK_SOURCES = ['ivr', 'queue', 'overflow', 'abandoned', 'desk'] as const;
export type CallbackSource = (typeof CALLBACK_SOURCES)[number];

/**
 * pending: waiting for its turn to be placed (a first try or a retry); queued: its placeholder stands in the
 * queue; dialling: an operator answered and the citizen is being dialled; connected / no-answer / cancelled: done.
 */
export const CALLBACK_STATUSES = ['pending', 'queued', 'dialling', 'connected', 'no-answer', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];
export const OPEN_CALLBACK_STATUSES: readonly CallbackStatus[] = ['pending', 'queued', 'dialling'];

export interface CallbackRequest {
  id: number;
  callId: number | null;
  number: string;
  lang: Language;
  intent: string | null;
  status: CallbackStatus;
  requestedAt: string;
  queue: string;
  source: CallbackSource;
  anchorAt: string;
  attempts: number;
  nextAttemptAt: string | null;
  placeholderUniqueid: string | null;
  lastDialStatus: string | null;
  agentUserId: number | null;
  caseId: number | null;
  updatedAt: string | null;
}

/**
 * A number a call-back can dial in mainland China: a mobile (1[3-9] and 9 digits) or a fixed line with its
 * area code (0, a 2- or 3-digit code, 7 or 8 digits). A +86 or 0086 prefix is taken off first.
 */
export function chinesePhoneNumber(input: string): string | null {
  const digits = input.trim().replace(/^(\+86|0086)/, '');
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  if (/^0(10|2\d)\d{8}$/.test(digits) || /^0[3-9]\d{2}\d{7,8}$/.test(digits)) return digits;
  return null;
}
