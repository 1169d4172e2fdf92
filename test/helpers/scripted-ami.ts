// A scripted AMI peer for fault tests: a real TCP server speaking the AMI wire format that answers
// each action as the test script says — at once, with an error, never, or by dropping the socket.
import { createServer, type Server, type Socket } from 'node:net';

export type AmiFields = Record<string, string>;

/** What the script does with one action: messages to send back (each a field map), or a fault. */
export type AmiAnswer = AmiFields[] | 'silence' | 'drop';

export type AmiScript = (action: AmiFields, connection: number) => AmiAnswer;

const wire = (fields: AmiFields) => `${Object.entries(fields).map(([key, value]) => `${key}: ${value}`).join('\r\n')}\r\n\r\n`;

function parseBlock(block: string): AmiFields {
  const fields: AmiFields = {};
  for (const line of block.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) fields[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return fields;
}

/** Answers for the usual actions: login accepted, an empty QueueStatus list, plain success otherwise. */
export function politeAnswer(action: AmiFields): AmiFields[] {
  const id = action.actionid ?? '';
  if (action.action?.toLowerCase() === 'queuestatus') {
    return [
      { Response: 'Success', ActionID: id, EventList: 'start', Message: 'Queue status will follow' },
      { Event: 'QueueStatusComplete', ActionID: id, EventList: 'Complete', ListItems: '0' },
    ];
  }
  return [{ Response: 'Success', ActionID: id, Message: action.action?.toLowerCase() === 'login' ? 'Authentication accepted' : 'OK' }];
}

export async function startScriptedAmi(script: AmiScript) {
  const actions: { action: AmiFields; connection: number }[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setEncoding('utf8');
    socket.write('Asterisk Call Manager/9.0.0\r\n');
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(buffer.slice(end).match(/^\r?\n\r?\n/)![0].length + end);
        const action = parseBlock(block);
        if (!action.action) continue;
        actions.push({ action, connection });
        const answer = script(action, connection);
        if (answer === 'drop') socket.destroy();
        else if (answer !== 'silence') for (const message of answer) socket.write(wire(message));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `ami://hotline:hotline@127.0.0.1:${port}`,
    actions,
    /** Sends an event (a field map) to every connected client, as Asterisk would. */
    emit: (fields: AmiFields) => {
      for (const socket of sockets) socket.write(wire(fields));
    },
    /** Actions of a kind received so far (case-insensitive name). */
    received: (name: string) => actions.filter(({ action }) => action.action?.toLowerCase() === name.toLowerCase()),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
