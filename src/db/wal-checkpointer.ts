// WAL checkpoints off the event loop. SQLite checkpoints in the connection whose commit takes the WAL past
// 1,000 pages: it copies them into the database file and syncs both files, on the event loop, every 20–40
// calls under load (4 ms on an idle machine, 20–25 ms measured under bench:load, holding screen pops and IVR
// prompts meanwhile). The server's connection no longer checkpoints; a worker thread with a connection of its
// own checkpoints PASSIVE (it never waits for, nor blocks, a write) every `intervalMs`. If the worker fails to
// start or dies, the server's connection checkpoints again as SQLite does by default.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Logger } from '../log.ts';

/** SQLite's default: the connection that commits past this many WAL pages checkpoints. */
const AUTOCHECKPOINT_PAGES = 1000;

// The worker is plain CommonJS (no TypeScript loader in a worker thread): it opens the file and checkpoints.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
let said = '';
const checkpoint = () => {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ type: 'checkpointed', pages: result.checkpointed });
    said = '';
  } catch (error) {
    // said once until a checkpoint succeeds again
    if (String(error) !== said) parentPort.postMessage({ type: 'failed', error: String(error) });
    said = String(error);
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

export interface WalCheckpointer {
  /** Pages copied into the database file by the worker so far. */
  readonly checkpointedPages: number;
  stop(): Promise<void>;
}

export function checkpointOffTheLoop(sqlite: Database.Database, log: Logger, intervalMs = 500): WalCheckpointer {
  const inline = () => sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  sqlite.pragma('wal_autocheckpoint = 0');
  let pages = 0;
  let stopped = false;
  let exited = false;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: sqlite.name, intervalMs },
  });
  worker.unref();
  worker.on('message', (message: { type: 'ready' } | { type: 'checkpointed'; pages: number } | { type: 'failed'; error: string }) => {
    if (message.type === 'checkpointed') pages += Math.max(0, message.pages);
    if (message.type === 'failed') log.warn({ error: message.error, file: sqlite.name }, 'WAL checkpoint failed in its worker; it is tried again');
  });
  worker.on('error', (error) => log.error({ err: error, file: sqlite.name }, 'the WAL checkpoint worker failed'));
  worker.on('exit', (code) => {
    exited = true;
    if (stopped || !sqlite.open) return;
    log.error({ code, file: sqlite.name }, 'the WAL checkpoint worker ended: the server’s connection checkpoints again');
    inline();
  });
  return {
    get checkpointedPages() {
      return pages;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!exited) {
        // a checkpoint under way ends first (the worker closes its connection), or is cut after 2 s
        const ended = new Promise((resolve) => worker.once('exit', resolve));
        worker.postMessage('stop');
        await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
        await worker.terminate();
      }
      if (sqlite.open) inline();
    },
  };
}
