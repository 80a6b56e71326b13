import { closeSync, fdatasyncSync, fstatSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * A SQLite database's disk work, on a thread of its own so the event loop never waits for the
 * disk: flushing the write-ahead log when a commit must be durable, and checkpointing the log
 * into the database file. A thread of its own rather than libuv's shared pool, where token
 * signatures would queue behind a slow disk.
 */
const { dbPath } = workerData as { dbPath: string };
const walPath = `${dbPath}-wal`;
/** While commits keep coming, fold the log into the database file this often. */
const CHECKPOINT_EVERY_MS = 250;

let fd: number | null = null;
let checkpointer: Database.Database | null = null;
let lastCheckpoint = performance.now();

function flushLog(): void {
  fd ??= openSync(walPath, 'r');
  // SQLite deletes the log when its last connection closes and makes a new one on the next
  // open. An unlinked file has no names left: the log that matters is the one at the path.
  if (fstatSync(fd).nlink === 0) {
    closeSync(fd);
    fd = openSync(walPath, 'r');
  }
  // Data and the size that finds it; SQLite syncs its log the same way.
  fdatasyncSync(fd);
}

/**
 * PASSIVE: copies what no reader still needs and never waits for a lock, so the connection
 * that serves requests is never blocked by it. The next write restarts the log once all of it
 * is in the database file.
 */
function checkpoint(): void {
  if (!checkpointer) {
    checkpointer = new Database(dbPath, { timeout: 0 });
    checkpointer.pragma('synchronous = FULL');
  }
  checkpointer.pragma('wal_checkpoint(PASSIVE)');
}

function closeLog(): void {
  if (fd === null) return;
  try {
    closeSync(fd);
  } catch {
    // already gone: the next flush opens the path afresh
  }
  fd = null;
}

parentPort?.on('message', () => {
  try {
    flushLog();
  } catch (error) {
    closeLog();
    parentPort?.postMessage({ ok: false, error: (error as Error).message });
    return;
  }
  parentPort?.postMessage({ ok: true });
  if (performance.now() - lastCheckpoint < CHECKPOINT_EVERY_MS) return;
  lastCheckpoint = performance.now();
  try {
    checkpoint();
  } catch {
    // Busy or failed: the log only grows until the next one succeeds; nothing is lost.
  }
});
