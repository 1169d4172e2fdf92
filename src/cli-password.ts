// A password for `hotline user add|passwd` that never shows: from standard input (its first line, e.g. piped
// from a secrets file), or, at a terminal, typed at a prompt that does not echo — asked twice. Never from argv,
// which every user of the machine can read in the process list.
import type { ReadStream } from 'node:tty';

/** The first line of a piped standard input, without its line ending. */
async function firstLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]!.replace(/\r$/, '');
}

/** One line typed at the terminal with echo off (raw mode); Ctrl-C or Ctrl-D gives up. */
function typedLine(input: ReadStream, output: NodeJS.WritableStream, prompt: string): Promise<string> {
  // Raw (no echo) before the prompt shows, so nothing typed after it is echoed.
  input.setRawMode(true);
  output.write(prompt);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let line = '';
    const done = (finish: () => void) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      finish();
    };
    const onData = (keys: string) => {
      for (const key of keys) {
        if (key === '\r' || key === '\n') return done(() => resolve(line));
        if (key === '\u0003' || key === '\u0004') return done(() => reject(new Error('no password typed')));
        if (key === '\u007f' || key === '\b') line = line.slice(0, -1);
        else line += key;
      }
    };
    input.on('data', onData);
  });
}

export async function readPassword(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WritableStream = process.stderr): Promise<string> {
  if (!input.isTTY) return firstLine(input);
  const tty = input as ReadStream;
  const password = await typedLine(tty, output, 'Password: ');
  if ((await typedLine(tty, output, 'Again: ')) !== password) throw new Error('the two passwords differ');
  return password;
}
