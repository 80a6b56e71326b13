import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadRequest, LoadResult } from './load.js';

/**
 * What a measured paced run sends first without counting: a fresh generator process and a server
 * that just switched from full load both take a few hundred milliseconds to settle, and left in,
 * those milliseconds alone set the p99. Quick runs only prove the path works.
 */
export function pacedWarmupSeconds(quick: boolean): number {
  return quick ? 0.2 : 1;
}

/**
 * A p99 of a few milliseconds moves with every hiccup of a shared machine, so full runs take the
 * median of at least this many paced rounds.
 */
export const PACED_MIN_ROUNDS = 5;

export interface PacedOptions {
  /** Base URL, e.g. http://127.0.0.1:4455 (loopback only). */
  url: string;
  /** Sent in one rotation, whichever connection is free. */
  requests: LoadRequest[];
  /** Requests per second, sent at an even pace. */
  rate: number;
  durationSeconds: number;
  /**
   * Seconds sent at the same rate, over the same connections, before the measured window opens;
   * their latencies are not counted. Without it the first few hundred milliseconds (a fresh
   * generator process, a server that was just idle or under another load shape) set the p99.
   */
  warmupSeconds?: number;
  /** Keep-alive connections to spread the requests over; more are never opened. */
  connections: number;
}

/**
 * Open-loop load at a fixed rate, for latency at a given throughput. Requests start on an
 * even schedule (checked every millisecond) whatever the answers do, and each latency counts
 * from the moment its request was due, so a server that falls behind is charged for the
 * queue it causes (no coordinated omission). autocannon's own rate limit sends each
 * connection's quota in a burst at the start of every second, which measures bursts instead.
 */
export function runPaced(options: PacedOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./paced-worker.js', import.meta.url)), [], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let result: LoadResult | undefined;
    let failure: Error | undefined;
    child.on('message', (message: { result?: LoadResult; error?: string }) => {
      if (message.error) failure = new Error(message.error);
      else result = message.result;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result) resolve(result);
      else reject(failure ?? new Error(`paced load generator exited with ${code} and no result`));
    });
    child.send(options);
  });
}
