// Keeps a caller's message on disk so that it survives a crash: temp file, fsync, rename, fsync the folder.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTrueWavSizes } from './wav-sizes.ts';

export interface ArchivedAudio {
  /** Relative to the data directory. */
  file: string;
  sha256: string;
  bytes: number;
}

export function archiveAudio(dataDirectory: string, relativeFile: string, audio: Buffer): ArchivedAudio {
  const target = join(dataDirectory, relativeFile);
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.partial`;
  const descriptor = openSync(temporary, 'w', 0o640);
  try {
    writeSync(descriptor, audio);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, target);
  const folder = openSync(dirname(target), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
  return { file: relativeFile, sha256: createHash('sha256').update(audio).digest('hex'), bytes: audio.length };
}

/**
 * The same for audio already streamed into `<file>.partial` (a call recording downloaded from Asterisk, never
 * held whole in memory): its WAV sizes set true, then sync, rename and the folder's sync, all off the event
 * loop (libuv's pool). Two fsyncs on the loop were ≈ 2 ms of stalled pops and prompts per call under load
 * (bench:load), and a Buffer per recording kept the server's memory growing (glibc keeps what it freed).
 */
export async function keepPartialAudio(dataDirectory: string, relativeFile: string): Promise<ArchivedAudio> {
  const target = join(dataDirectory, relativeFile);
  const temporary = `${target}.partial`;
  const file = await open(temporary, 'r+');
  let bytes: number;
  try {
    bytes = (await file.stat()).size;
    await setTrueWavSizes(file, bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(temporary)) hash.update(chunk as Buffer);
  await rename(temporary, target);
  const folder = await open(dirname(target), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  return { file: relativeFile, sha256: hash.digest('hex'), bytes };
}
