// The estimated wait a caller hears, from the line's live service rate (not Asterisk's holdtime average):
//
//   estimate = position × handle ÷ serving
//
//   position  the caller's place in line (1 = next), call-back placeholders ahead of them included;
//   handle    the mean handle time of the queue's recent answered calls: talk + wrap-up (at least Asterisk's
//             own 2 s guard, queues.conf wrapuptime), the last HANDLE_SAMPLE calls of the last HANDLE_WINDOW;
//             DEFAULT_HANDLE_SECONDS while there are none;
//   serving   operators in the queue taking calls: logged in and not paused, or paused only for wrap-up.
//
// With every operator busy, one frees up on average every handle ÷ serving seconds, and the caller at
// `position` is served by the position-th of them. Nobody serving: no estimate (only the position is said).

/** Asterisk's own guard between calls (queues.conf wrapuptime), part of every handle time. */
export const NATIVE_WRAP_UP_SECONDS = 2;
/** The handle time assumed before a queue has answered any call in the window. */
export const DEFAULT_HANDLE_SECONDS = 240;
export const HANDLE_SAMPLE = 30;
export const HANDLE_WINDOW_MS = 2 * 3_600_000;

export interface HandledCall {
  talkSeconds: number;
  wrapUpSeconds: number | null;
}

/** Mean handle time (s) of recent answered calls, or the default when there are none. */
export function meanHandleSeconds(calls: readonly HandledCall[]): number {
  if (calls.length === 0) return DEFAULT_HANDLE_SECONDS;
  const total = calls.reduce((sum, call) => sum + call.talkSeconds + Math.max(call.wrapUpSeconds ?? 0, NATIVE_WRAP_UP_SECONDS), 0);
  return total / calls.length;
}

/** Seconds until the caller at `position` is answered; null when nobody is serving the queue. */
export function estimateWaitSeconds(input: { position: number; serving: number; handleSeconds: number }): number | null {
  if (input.serving <= 0 || input.position <= 0) return null;
  return Math.round((input.position * input.handleSeconds) / input.serving);
}

/** How a wait is said: "less than a minute", or "about N minutes" (rounded, at least 1). */
export function spokenMinutes(seconds: number): number {
  return seconds < 60 ? 0 : Math.max(1, Math.round(seconds / 60));
}
