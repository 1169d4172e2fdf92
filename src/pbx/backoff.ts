// Capped exponential backoff for reconnect loops.
export function backoffDelay(attempt: number, initialMs = 250, maxMs = 5_000): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}
