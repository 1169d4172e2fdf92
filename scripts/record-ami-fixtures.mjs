#!/usr/bin/env node
// Records AMI events, exactly as the `asterisk-manager` npm package delivers them on 'managerevent'
// (lower-cased keys, `chanvariable` as an object, repeated keys as arrays), as JSON lines.
// Noise is left out: TestEvent (the Debian build has TEST_FRAMEWORK), VarSet, Newexten, RTCP*.
//
//   node scripts/record-ami-fixtures.mjs [--out FILE] [--seconds N]
//        record until Ctrl-C / SIGTERM or N seconds (default file: stdout)
//   node scripts/record-ami-fixtures.mjs --scenario members [--out FILE]
//        QueueAdd PJSIP/1001 to hotline-zh, pause, unpause, QueueStatus, QueueRemove
//        (default file: test/fixtures/ami/queue-members.jsonl)
//   node scripts/record-ami-fixtures.mjs --scenario call [--out FILE]
//        adds PJSIP/1001 to hotline-zh, starts the SIPp agent responder on 127.0.0.1:(1001+base),
//        places one caller with test/sipp/uac-dial-12365-no-key-expect-agent-answer.xml (no Stasis
//        app connected → dialplan fail-safe → hotline-zh), records the answered call, removes 1001
//        (default file: test/fixtures/ami/queue-call-answered.jsonl)
//   node scripts/record-ami-fixtures.mjs --scenario wall [--out FILE]
//        the wallboard's story: PJSIP/1001 joins hotline-zh paused; callers A, B and C dial in (no Stasis
//        app connected → the fail-safe queue); QueueStatus and CoreShowChannels; B hangs up (abandon);
//        1001 is unpaused and answers A; QueueStatus and CoreShowChannels again; everyone hangs up
//        (default file: test/fixtures/ami/wall-three-callers.jsonl)
//
// Connection (same variables as scripts/pbx-sandbox.sh): PBX_AMI_PORT (5038), PBX_TOOLS_AMI_USER,
// PBX_TOOLS_AMI_SECRET (hotline-tools/hotline-tools), PBX_SIP_PORT (5060), PBX_AGENT_PORT_BASE (5000),
// HOTLINE_NUMBER (12365). The PBX must be up: bash scripts/pbx-sandbox.sh up
import AsteriskManager from 'asterisk-manager';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NOISE = new Set(['testevent', 'varset', 'newexten', 'rtcpsent', 'rtcpreceived']);

const env = process.env;
const cfg = {
  host: '127.0.0.1',
  amiPort: Number(env.PBX_AMI_PORT ?? 5038),
  // the sandbox's tools user: the recorder sends actions the server's own user may not (Hangup, CoreShowChannels)
  user: env.PBX_TOOLS_AMI_USER ?? 'hotline-tools',
  secret: env.PBX_TOOLS_AMI_SECRET ?? 'hotline-tools',
  sipPort: Number(env.PBX_SIP_PORT ?? 5060),
  agentBase: Number(env.PBX_AGENT_PORT_BASE ?? 5000),
  number: env.HOTLINE_NUMBER ?? '12365',
  queue: 'hotline-zh',
  agent: '1001',
};

function parseArgs(argv) {
  const a = { out: undefined, seconds: undefined, scenario: undefined };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--out') a.out = argv[++i];
    else if (k === '--seconds') a.seconds = Number(argv[++i]);
    else if (k === '--scenario') a.scenario = argv[++i];
    else if (k === '-h' || k === '--help') {
      console.log('usage: node scripts/record-ami-fixtures.mjs [--scenario members|call|wall] [--out FILE] [--seconds N]');
      process.exit(0);
    } else throw new Error(`unknown argument ${k}`);
  }
  if (a.scenario && !['members', 'call', 'wall'].includes(a.scenario)) throw new Error(`unknown scenario ${a.scenario}`);
  return a;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function connect() {
  const ami = AsteriskManager(cfg.amiPort, cfg.host, cfg.user, cfg.secret, true);
  return new Promise((resolveP, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`AMI login to ${cfg.host}:${cfg.amiPort} as ${cfg.user} did not succeed in 5 s (is the PBX up? right credentials?)`)),
      5000,
    );
    ami.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`AMI ${cfg.host}:${cfg.amiPort}: ${e.message}`));
    });
    // actions are held until the login succeeded, so a Ping's answer means we are in
    ami.action({ action: 'Ping' }, (err) => {
      clearTimeout(timer);
      if (err) reject(new Error(`AMI Ping failed: ${JSON.stringify(err)}`));
      else resolveP(ami);
    });
  });
}

function action(ami, req) {
  return new Promise((res, rej) =>
    ami.action(req, (err, r) => (err ? rej(new Error(`${req.action}: ${err.message ?? JSON.stringify(err)}`)) : res(r))),
  );
}

class Recorder {
  constructor(ami, out) {
    this.count = 0;
    this.on = false;
    this.stream = out ? (mkdirSync(dirname(resolve(out)), { recursive: true }), createWriteStream(resolve(out))) : process.stdout;
    this.seen = [];
    ami.on('managerevent', (evt) => {
      if (!this.on || NOISE.has(String(evt.event).toLowerCase())) return;
      this.stream.write(`${JSON.stringify(evt)}\n`);
      this.seen.push(evt);
      this.count++;
    });
  }
  waitFor(pred, ms, what) {
    return new Promise((res, rej) => {
      const t0 = Date.now();
      const tick = () => {
        const hit = this.seen.find(pred);
        if (hit) return res(hit);
        if (Date.now() - t0 > ms) return rej(new Error(`timed out after ${ms} ms waiting for ${what}`));
        setTimeout(tick, 50);
      };
      tick();
    });
  }
  close() {
    this.on = false;
    return new Promise((r) => (this.stream === process.stdout ? r() : this.stream.end(r)));
  }
}

function sipp(args, name) {
  const p = spawn('sipp', args, { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  p.done = new Promise((res) => p.on('exit', (code, sig) => res({ code, sig, stderr })));
  p.on('error', (e) => console.error(`${name}: ${e.message} (is sip-tester installed?)`));
  return p;
}

async function scenarioMembers(ami, rec) {
  const iface = `PJSIP/${cfg.agent}`;
  await action(ami, { action: 'QueueRemove', queue: cfg.queue, interface: iface }).catch(() => {});
  await sleep(300);
  rec.on = true;
  await action(ami, { action: 'QueueAdd', queue: cfg.queue, interface: iface, membername: `op${cfg.agent}`, stateinterface: iface, paused: 'false' });
  await rec.waitFor((e) => e.event === 'QueueMemberAdded', 3000, 'QueueMemberAdded');
  await action(ami, { action: 'QueuePause', queue: cfg.queue, interface: iface, paused: 'true', reason: 'break' });
  await rec.waitFor((e) => e.event === 'QueueMemberPause' && e.paused === '1', 3000, 'QueueMemberPause paused=1');
  await action(ami, { action: 'QueuePause', queue: cfg.queue, interface: iface, paused: 'false' });
  await rec.waitFor((e) => e.event === 'QueueMemberPause' && e.paused === '0', 3000, 'QueueMemberPause paused=0');
  await action(ami, { action: 'QueueStatus', queue: cfg.queue });
  await rec.waitFor((e) => e.event === 'QueueStatusComplete', 3000, 'QueueStatusComplete');
  await action(ami, { action: 'QueueRemove', queue: cfg.queue, interface: iface });
  await rec.waitFor((e) => e.event === 'QueueMemberRemoved', 3000, 'QueueMemberRemoved');
  await sleep(300);
}

async function scenarioCall(ami, rec) {
  const iface = `PJSIP/${cfg.agent}`;
  const agentPort = Number(cfg.agent) + cfg.agentBase;
  await action(ami, { action: 'QueueRemove', queue: cfg.queue, interface: iface }).catch(() => {});
  await action(ami, { action: 'QueueAdd', queue: cfg.queue, interface: iface, membername: `op${cfg.agent}`, stateinterface: iface });
  const uas = sipp(['-sf', 'test/sipp/uas-agent-answer.xml', '-i', '127.0.0.1', '-p', String(agentPort), '-mp', '5300', '-cp', '8891', '-nostdin'], 'uas');
  try {
    await sleep(700);
    rec.on = true;
    const uac = sipp(
      [`127.0.0.1:${cfg.sipPort}`, '-sf', 'test/sipp/uac-no-key-expect-mandarin-operator.xml', '-s', cfg.number,
        '-i', '127.0.0.1', '-p', '5160', '-mp', '5200', '-cp', '8890', '-m', '1', '-nostdin', '-timeout', '30s'],
      'uac',
    );
    const r = await uac.done;
    if (r.code !== 0) throw new Error(`caller SIPp exited ${r.code ?? r.sig}: ${r.stderr.trim()}`);
    await rec.waitFor((e) => e.event === 'AgentComplete', 5000, 'AgentComplete');
    await sleep(1500); // the hangups of both legs
    rec.on = false;
  } finally {
    uas.kill('SIGTERM');
    await action(ami, { action: 'QueueRemove', queue: cfg.queue, interface: iface }).catch(() => {});
  }
}

/** The caller's SIPp: `scenario` from test/sipp, as caller number `caller`, on its own ports. */
function caller(scenario, number, slot) {
  return sipp(
    [`127.0.0.1:${cfg.sipPort}`, '-sf', `test/sipp/${scenario}`, '-s', cfg.number, '-set', 'caller', number,
      '-i', '127.0.0.1', '-p', String(5170 + slot), '-mp', String(5600 + slot * 10), '-cp', String(8870 + slot), '-m', '1', '-nostdin', '-timeout', '60s'],
    `caller ${number}`,
  );
}

async function snapshot(ami, rec) {
  const before = rec.seen.length;
  await action(ami, { action: 'QueueStatus' });
  await rec.waitFor((e, i) => e.event === 'QueueStatusComplete' && rec.seen.indexOf(e) >= before, 3000, 'QueueStatusComplete');
  await action(ami, { action: 'CoreShowChannels' });
  await rec.waitFor((e) => e.event === 'CoreShowChannelsComplete' && rec.seen.indexOf(e) >= before, 3000, 'CoreShowChannelsComplete');
}

async function scenarioWall(ami, rec) {
  const iface = `PJSIP/${cfg.agent}`;
  const agentPort = Number(cfg.agent) + cfg.agentBase;
  await action(ami, { action: 'QueueRemove', queue: cfg.queue, interface: iface }).catch(() => {});
  await sleep(300);
  const uas = sipp(['-sf', 'test/sipp/uas-agent-answer.xml', '-i', '127.0.0.1', '-p', String(agentPort), '-mp', '5300', '-cp', '8891', '-nostdin'], 'uas');
  const callers = [];
  try {
    rec.on = true;
    await action(ami, { action: 'QueueAdd', queue: cfg.queue, interface: iface, membername: `op${cfg.agent}`, stateinterface: iface, paused: 'true', reason: 'lunch' });
    await rec.waitFor((e) => e.event === 'QueueMemberAdded', 3000, 'QueueMemberAdded');
    callers.push(caller('uac-no-key-hold-90s-expect-operator.xml', '13800138101', 0));
    await rec.waitFor((e) => e.event === 'QueueCallerJoin' && e.calleridnum === '13800138101', 5000, 'A joins');
    callers.push(caller('uac-2-then-hang-up-expect-call-record.xml', '13800138102', 1));
    await rec.waitFor((e) => e.event === 'QueueCallerJoin' && e.calleridnum === '13800138102', 5000, 'B joins');
    callers.push(caller('uac-no-key-hold-90s-expect-operator.xml', '13800138103', 2));
    await rec.waitFor((e) => e.event === 'QueueCallerJoin' && e.calleridnum === '13800138103', 5000, 'C joins');
    await snapshot(ami, rec);
    await rec.waitFor((e) => e.event === 'QueueCallerAbandon' && e.calleridnum === '13800138102', 10000, 'B abandons');
    await sleep(300);
    await action(ami, { action: 'QueuePause', queue: cfg.queue, interface: iface, paused: 'false' });
    await rec.waitFor((e) => e.event === 'AgentConnect' && e.calleridnum === '13800138101', 10000, 'A answered by 1001');
    await sleep(1500);
    await snapshot(ami, rec);
    await action(ami, { action: 'Hangup', channel: '/^PJSIP\\/anonymous-.*$/' }).catch(() => {});
    await rec.waitFor((e) => e.event === 'AgentComplete', 5000, 'AgentComplete');
    await sleep(1500);
    rec.on = false;
  } finally {
    for (const p of callers) p.kill('SIGTERM');
    uas.kill('SIGTERM');
    await action(ami, { action: 'QueueRemove', queue: cfg.queue, interface: iface }).catch(() => {});
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const defaults = {
    members: join(REPO, 'test/fixtures/ami/queue-members.jsonl'),
    call: join(REPO, 'test/fixtures/ami/queue-call-answered.jsonl'),
    wall: join(REPO, 'test/fixtures/ami/wall-three-callers.jsonl'),
  };
  const out = args.out ?? (args.scenario ? defaults[args.scenario] : undefined);
  const ami = await connect();
  const rec = new Recorder(ami, out);
  const finish = async (code) => {
    await rec.close();
    ami.disconnect();
    if (out) console.error(`recorded ${rec.count} events to ${out}`);
    process.exit(code);
  };
  process.on('SIGINT', () => finish(0));
  process.on('SIGTERM', () => finish(0));
  try {
    if (args.scenario === 'members') await scenarioMembers(ami, rec);
    else if (args.scenario === 'call') await scenarioCall(ami, rec);
    else if (args.scenario === 'wall') await scenarioWall(ami, rec);
    else {
      rec.on = true;
      console.error(`recording AMI events from ${cfg.host}:${cfg.amiPort}${args.seconds ? ` for ${args.seconds} s` : ' until Ctrl-C'}`);
      if (args.seconds) await sleep(args.seconds * 1000);
      else await new Promise(() => {});
    }
  } catch (e) {
    console.error(`record-ami-fixtures: ${e.message}`);
    await finish(1);
  }
  await finish(0);
}

main().catch((e) => {
  console.error(`record-ami-fixtures: ${e.message}`);
  process.exit(1);
});
