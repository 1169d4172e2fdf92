// Keeps a caller's message on disk so that it survives a crash: temp file, fsync, rename, fsync the folder.
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';

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
 * The same, with the writes and syncs off the event loop (libuv's pool): for call recordings, archived
 * while other calls ring and talk. Two fsyncs on the loop were ≈ 2 ms of stalled pops and prompts per
 * call under load (bench:load).
 */
export async function archiveAudioOffLoop(dataDirectory: string, relativeFile: string, audio: Buffer): Promise<ArchivedAudio> {
  const target = join(dataDirectory, relativeFile);
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.partial`;
  const file = await open(temporary, 'w', 0o640);
  try {
    await file.writeFile(audio);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, target);
  const folder = await open(dirname(target), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  return { file: relativeFile, sha256: createHash('sha256').update(audio).digest('hex'), bytes: audio.length };
}
