import type { Worker } from 'node:cluster';
import type { Change, ChangeSink } from '../services/change-applier.js';
import type { PollHealth } from '../services/change-feed.js';
import type { ToWorker } from './messages.js';

/**
 * The primary's side of the change log: what its one poll reads goes to every worker, which
 * applies it to its own caches (cluster/forwarded-changes.ts). So N workers cost the store one
 * stream of change polls, not N; a change that asks for a reload is read once per worker.
 */
export class FanOut implements ChangeSink {
  private readonly workers = new Set<Worker>();

  /** From its `hello` on, a worker gets every batch (it loads everything itself at start). */
  add(worker: Worker): void {
    this.workers.add(worker);
  }

  remove(worker: Worker): void {
    this.workers.delete(worker);
  }

  reload(_seq: number, current: () => boolean): Promise<void> {
    if (current()) this.broadcast({ type: 'resync' });
    return Promise.resolve();
  }

  apply(changes: readonly Change[], current: () => boolean): Promise<void> {
    if (current()) this.broadcast({ type: 'changes', changes: [...changes] });
    return Promise.resolve();
  }

  /** After each poll: readiness in the workers follows the store's answers to the primary. */
  health(health: Readonly<PollHealth>): void {
    const { lastSuccessAt, polled } = health;
    const lastSuccessAgoMs = lastSuccessAt === undefined ? null : performance.now() - lastSuccessAt;
    this.broadcast({ type: 'health', lastSuccessAgoMs, polled });
  }

  private broadcast(message: ToWorker): void {
    for (const worker of this.workers) send(worker, message);
  }
}

/** Sends unless the worker is gone; a worker that just died is replaced and loads afresh. */
export function send(worker: Worker, message: ToWorker): void {
  if (!worker.isConnected()) return;
  worker.send(message, undefined, () => {});
}
