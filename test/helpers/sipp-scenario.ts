// Caller scenarios for SIPp, written from a list of steps (keys as SIP INFO, pauses, streamed voice, how
// the call ends) into test/sipp/generated/<name>.xml, named like the hand-written ones after the outcome
// they expect. Exit code 0 means the SIP side went as the steps say; the tests check the rest.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type CallerStep =
  | { pause: number }
  /** A key, sent as SIP INFO (application/dtmf-relay): any sequence reaches Asterisk in order. */
  | { key: string }
  /** Streams raw A-law (8 kHz) from a file as the caller's voice, looped, from now to the end of the call. */
  | { stream: string }
  /** Waits up to `ms` for Asterisk to hang up; if it does not, the caller hangs up (either is a success). */
  | { stay: number }
  /** Asterisk must hang up within `ms`, else the call fails. */
  | { expectHangup: number }
  /** The caller hangs up now. */
  | { hangUp: true };

export const GENERATED = fileURLToPath(new URL('../sipp/generated/', import.meta.url));

const SDP = `v=0
      o=caller 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 8 101
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=ptime:20
      a=sendrecv`;

// Each request is a SIPp transaction (start_txn, response_txn, ack_txn), so that a response is matched to
// its own request: without them a `<recv response="200">` takes any 200 — under load Asterisk's
// retransmitted 200 OK of the INVITE (its ACK late) was taken as the INFO's, and the INFO's own 200 then
// aborted the call as unexpected (two callers of 7,000 at C = 200 in bench:load, 2026-12-07). A 2xx
// retransmitted for an earlier transaction is answered (the INVITE's: ACK again) or ignored, as a phone does.
// SIPp drops each line's leading blanks of a message, so the message lines go without them: a scenario of dozens
// of keys stays under the 64 KiB SIPp 3.6 reads of a scenario file.
const inDialog = (method: string, cseq: number, extra = '', body = '') =>
  `
  <send retrans="500" start_txn="${method.toLowerCase()}${cseq}">
    <![CDATA[
      ${method} sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[$caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      [routes]
      Call-ID: [call_id]
      CSeq: ${cseq} ${method}
      Contact: <sip:[$caller]@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70${extra}
      Content-Length: ${body ? '[len]' : '0'}
${body ? `\n      ${body}` : ''}
    ]]>
  </send>`.replace(/^ +(?! *<)/gm, '');

/** SIPp 3.6 reads at most this much of a scenario file ("Unable to load or parse" beyond it). */
const SIPP_SCENARIO_MAX_BYTES = 65_536;

const OK_TO_BYE = `
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[$caller]@[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0
    ]]>
  </send>`;

/** Writes the scenario and returns its absolute path (placeCall takes it as it is). */
export function callerScenario(name: string, description: string, steps: CallerStep[]): string {
  let cseq = 1;
  let label = 0;
  let ended = false;
  const body: string[] = [];
  for (const step of steps) {
    if (ended) throw new Error(`scenario ${name}: a step after the call ended`);
    if ('pause' in step) body.push(`  <pause milliseconds="${step.pause}" />`);
    else if ('key' in step) {
      body.push(inDialog('INFO', ++cseq, '\n      Content-Type: application/dtmf-relay', `Signal=${step.key}\n      Duration=160`), `  <recv response="200" response_txn="info${cseq}" />`);
    } else if ('stream' in step) body.push(`  <nop><action><exec rtp_stream="${step.stream},-1,8" /></action></nop>`);
    else if ('stay' in step) {
      const hangUp = `caller_hangs_up_${++label}`;
      const end = `end_${label}`;
      body.push(
        `  <recv request="BYE" timeout="${step.stay}" ontimeout="${hangUp}" />`,
        OK_TO_BYE,
        `  <nop next="${end}" />`,
        `  <label id="${hangUp}" />`,
        inDialog('BYE', ++cseq),
        `  <recv response="200" response_txn="bye${cseq}" crlf="true" />`,
        `  <label id="${end}" />`,
      );
      ended = true;
    } else if ('expectHangup' in step) {
      body.push(`  <recv request="BYE" timeout="${step.expectHangup}" />`, OK_TO_BYE);
      ended = true;
    } else {
      body.push(inDialog('BYE', ++cseq), `  <recv response="200" response_txn="bye${cseq}" crlf="true" />`);
      ended = true;
    }
  }
  if (!ended) throw new Error(`scenario ${name}: say how the call ends (stay, expectHangup or hangUp)`);
  const xml = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<!-- Generated by test/helpers/sipp-scenario.ts: ${description.replaceAll('--', '—')} -->
<scenario name="${name}">
  <Global variables="caller" />
  <send retrans="500" start_txn="invite">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[$caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:[$caller]@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      User-Agent: hotline-12365 SIPp caller
      Content-Type: application/sdp
      Content-Length: [len]

      ${SDP}
    ]]>
  </send>
  <recv response="100" optional="true" response_txn="invite" />
  <recv response="180" optional="true" response_txn="invite" />
  <recv response="183" optional="true" response_txn="invite" />
  <recv response="200" rtd="true" rrs="true" response_txn="invite" />
  <send ack_txn="invite">
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[$caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      [routes]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: <sip:[$caller]@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
${body.join('\n')}
  <ResponseTimeRepartition value="10, 20, 50, 100, 200, 500, 1000" />
  <CallLengthRepartition value="1000, 5000, 10000, 30000, 60000" />
</scenario>
`;
  mkdirSync(GENERATED, { recursive: true });
  const file = join(GENERATED, `${name}.xml`);
  const bytes = Buffer.byteLength(xml);
  if (bytes >= SIPP_SCENARIO_MAX_BYTES) throw new Error(`scenario ${name}: ${bytes} bytes, more than SIPp reads of a scenario (${SIPP_SCENARIO_MAX_BYTES}); fewer steps`);
  writeFileSync(file, xml);
  return file;
}
