// A burst of AMI events from Asterisk, for tests of a slow server: a separate Node process logs in as the
// sandbox's tools user and sends UserEvent actions (each makes Asterisk send an event of about `bytes` to
// every manager session reading the user class, the server's among them) for `durationMs`. It runs in its
// own process so that it goes on while the test's process, with the server in it, is blocked.
import { spawn } from 'node:child_process';
import { TEST_PBX } from './sandbox.ts';

const SCRIPT = `
const net = require('node:net');
const [port, durationMs, perTick, bytes] = process.argv.slice(1).map(Number);
const socket = net.connect(port, '127.0.0.1');
socket.on('data', () => {}); // read (and drop) replies and events: only the server is to be slow
let sent = 0;
socket.once('data', () => {
  socket.write('Action: Login\\r\\nUsername: hotline-tools\\r\\nSecret: hotline-tools\\r\\nEvents: off\\r\\n\\r\\n');
  const payload = 'x'.repeat(bytes);
  const until = Date.now() + durationMs;
  const tick = () => {
    if (Date.now() >= until) {
      socket.end('Action: Logoff\\r\\n\\r\\n');
      process.stdout.write(String(sent));
      return;
    }
    let batch = '';
    for (let i = 0; i < perTick; i++) batch += 'Action: UserEvent\\r\\nUserEvent: HotlineLoadTest\\r\\nPayload: ' + payload + '\\r\\n\\r\\n';
    sent += perTick;
    socket.write(batch, () => setTimeout(tick, 5));
  };
  setTimeout(tick, 50);
});
socket.on('error', (error) => { process.stderr.write(String(error)); process.exit(1); });
`;

/** Starts the flood; resolves with the number of events asked for once it is over. */
export function floodAmiEvents(options: { durationMs: number; perTick?: number; bytes?: number }): Promise<number> {
  const { durationMs, perTick = 40, bytes = 900 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SCRIPT, String(TEST_PBX.amiPort), String(durationMs), String(perTick), String(bytes)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`AMI event flood exited ${code}: ${err}`))));
  });
}
