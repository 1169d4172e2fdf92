// The raw AMI reader: a plain TCP client that only splits events, logged in with the sandbox's read-only
// user (class agent). It timestamps each queue event on receipt: the floor the server's screen pop is
// measured from (the server's own AMI user receives the same AgentCalled at the same moment).
import { connect } from 'node:net';

export interface QueueCallRecord {
  uniqueid: string;
  caller: string;
  queue: string;
  joinedAt?: number;
  /** AgentCalled receipts, by agent interface (PJSIP/1001). */
  called: Map<string, number>;
  connected?: string;
  completed?: string;
  abandoned?: boolean;
}

const now = () => performance.timeOrigin + performance.now();

export async function rawAmiReader(port: number, username: string, secret: string) {
  const calls = new Map<string, QueueCallRecord>();
  let events = 0;
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let buffer = '';
  let loggedIn: (ok: boolean) => void = () => {};
  const login = new Promise<boolean>((resolve) => (loggedIn = resolve));
  const record = (uniqueid: string, fields: Map<string, string>) => {
    let call = calls.get(uniqueid);
    if (!call) {
      call = { uniqueid, caller: fields.get('CallerIDNum') ?? '', queue: fields.get('Queue') ?? '', called: new Map() };
      calls.set(uniqueid, call);
    }
    return call;
  };
  socket.on('data', (chunk: Buffer) => {
    const at = now();
    buffer += chunk.toString('latin1');
    let end: number;
    while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 4);
      const fields = new Map<string, string>();
      for (const line of message.split('\r\n')) {
        const colon = line.indexOf(': ');
        if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2));
      }
      if (fields.has('Response')) {
        loggedIn(fields.get('Response') === 'Success');
        continue;
      }
      const event = fields.get('Event');
      if (!event) continue;
      events++;
      const uniqueid = fields.get('Uniqueid') ?? '';
      switch (event) {
        case 'QueueCallerJoin':
          record(uniqueid, fields).joinedAt = at;
          break;
        case 'AgentCalled': {
          const called = record(uniqueid, fields).called;
          const agent = fields.get('Interface') ?? '';
          if (!called.has(agent)) called.set(agent, at);
          break;
        }
        case 'AgentConnect':
          record(uniqueid, fields).connected = fields.get('Interface');
          break;
        case 'AgentComplete':
          record(uniqueid, fields).completed = fields.get('Interface');
          break;
        case 'QueueCallerAbandon':
          record(uniqueid, fields).abandoned = true;
          break;
      }
    }
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(`Action: Login\r\nUsername: ${username}\r\nSecret: ${secret}\r\nEvents: agent\r\n\r\n`);
  if (!(await login)) throw new Error(`the raw AMI reader could not log in as ${username}`);
  return {
    calls,
    get events() {
      return events;
    },
    close: () => socket.destroy(),
  };
}
