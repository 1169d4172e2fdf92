// The calls SIPp counted as failed, each named: its Call-ID and caller number from SIPp's call-debug file
// (-trace_calldebug: every aborted call's messages, its INVITE's From among them), and why from SIPp's error
// file (-trace_err: "Call-Id: …, receive timeout on message …") or, failing that, the call-debug file itself.
import { existsSync, readFileSync } from 'node:fs';

export interface SippFailure {
  callId: string;
  /** The caller number in the INVITE's From (the -inf field). */
  number: string | undefined;
  reason: string;
}

/** SIPp's log entries start with a local date, a tab, a time, a tab and epoch seconds. */
const STAMP = /\d{4}-\d\d-\d\d\t[\d:.]+\t[\d.]+:? /;

/** Why each call failed, by Call-ID, from the error file (its entries run together on one line). */
function reasonsOf(errors: string): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const entry of errors.split(new RegExp(`(?=${STAMP.source})`))) {
    const text = entry.replace(STAMP, '').trim();
    const named = text.match(/^Call-Id: (\S+?), (.+?)(?:: aborting call)?$/s) ?? text.match(/^Aborting call on unexpected message for Call-Id '([^']+)': (.+)$/s);
    if (named && !reasons.has(named[1]!)) reasons.set(named[1]!, named[2]!.split('\n')[0]!.trim());
  }
  return reasons;
}

/** The failed calls of one SIPp run, from its call-debug file and its error file (either may be missing). */
export function sippFailures(callDebugFile: string, errorFile?: string): SippFailure[] {
  if (!existsSync(callDebugFile)) return [];
  const reasons = errorFile && existsSync(errorFile) ? reasonsOf(readFileSync(errorFile, 'latin1')) : new Map<string, string>();
  const failures: SippFailure[] = [];
  for (const section of readFileSync(callDebugFile, 'latin1').split(/^-{20,}$/m)) {
    const callId = section.match(/^Call debugging information for call (\S+?):$/m)?.[1];
    if (!callId) continue;
    const number = section.match(/^From: <sip:([^@>]+)@/m)?.[1];
    const unexpected = section.match(/^\S+\t\S+\t\S+ Unexpected \w+ message received[^\n]*\n\s*\n?([^\n]+)/m);
    const aborted = section.match(/^\S+\t\S+\t\S+ (Aborting call [^\n]+)/m)?.[1];
    const reason = reasons.get(callId) ?? (unexpected ? `unexpected message: ${unexpected[1]!.trim()}` : (aborted ?? 'aborted'));
    failures.push({ callId, number, reason });
  }
  return failures;
}
