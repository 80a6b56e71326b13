import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { type FanOut, send } from './fan-out.js';
import { parsePrimaryMessage } from './messages.js';
import type { ClusterMetrics } from './metrics-aggregate.js';

/** Unexpected exits within this window that mean the workers crash-loop: the primary gives up. */
const CRASH_WINDOW_MS = 60_000;
const CRASHES_TO_GIVE_UP = 5;
/** The first replacement comes at once; each further one in the window waits twice as long. */
const FIRST_RESTART_DELAY_MS = 100;
const MAX_RESTART_DELAY_MS = 5_000;

export interface WorkerPoolOptions {
  config: Config;
  logger: Logger;
  fanOut: FanOut;
  /** A worker asks for a poll after its own write; settles once every batch it read was sent. */
  poll(): Promise<void>;
  /** Adds up the workers' metrics (absent when metrics are off). */
  metrics?: ClusterMetrics | undefined;
  /** Where the workers' log lines go: the primary's own stdout batches (cluster/log-forward.ts). */
  logLines(lines: string): void;
}

/** Where every worker listens; they share the port, so all report the same. */
export interface Listening {
  url: string;
  issuer: string;
}

/** A start-up failure as the worker reported it, with its system error code (EADDRINUSE, …). */
class WorkerStartError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The workers of a cluster: forks them, replaces one that dies unexpectedly (after a growing
 * delay, and gives up loudly when they keep dying), and drains them all at shutdown.
 */
export class WorkerPool {
  private readonly live = new Set<Worker>();
  /** Workers that said they listen: the ones with metrics to give. */
  readonly serving = new Set<Worker>();
  /** Workers that said hello: messages sent to them now arrive (earlier ones could be lost). */
  private readonly greeted = new WeakSet<Worker>();
  private readonly crashes: number[] = [];
  private readonly restarts = new Set<NodeJS.Timeout>();
  private draining = false;
  private giveUp!: (error: Error) => void;
  /** Settles if the workers crash-loop and the pool stops replacing them. */
  readonly failure = new Promise<Error>((resolve) => (this.giveUp = resolve));

  constructor(private readonly options: WorkerPoolOptions) {
    cluster.setupPrimary({ exec: fileURLToPath(new URL('./worker.js', import.meta.url)), args: [] });
  }

  /** Forks `config.workers` workers; settles once all listen, or fails with the first failure. */
  async start(): Promise<Listening> {
    const starts = Array.from({ length: this.options.config.workers }, () => this.fork());
    try {
      const [first] = await Promise.all(starts);
      if (first === undefined) throw new Error('no workers');
      return first;
    } catch (error) {
      await this.drain();
      throw error;
    }
  }

  /** Tells every worker to finish what it serves and exit; settles once all have exited. */
  async drain(): Promise<void> {
    this.draining = true;
    this.options.logger.debug('draining workers', { pids: this.pids });
    for (const timer of this.restarts) clearTimeout(timer);
    const exits = [...this.live].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead() && !worker.isConnected()) return resolve();
          // 'close': exited, and every message it sent (its last log lines) has been read.
          worker.process.once('close', () => resolve());
          // One still loading is told at its hello, as it would be told to start.
          if (!worker.isConnected()) worker.kill();
          else if (this.greeted.has(worker)) send(worker, { type: 'drain' });
        }),
    );
    await Promise.all(exits);
  }

  get pids(): number[] {
    return [...this.live].flatMap((worker) => (worker.process.pid === undefined ? [] : [worker.process.pid]));
  }

  private fork(): Promise<Listening> {
    const { config, logger, fanOut } = this.options;
    const worker = cluster.fork();
    this.live.add(worker);
    return new Promise<Listening>((resolve, reject) => {
      let listening = false;
      worker.on('message', (raw: unknown) => {
        const message = parsePrimaryMessage(raw);
        if (message === undefined) {
          logger.warn('ignored a message from a worker that is not one of ours', { pid: worker.process.pid });
          return;
        }
        if (message.type === 'hello') {
          this.greeted.add(worker);
          if (this.draining) return send(worker, { type: 'drain' });
          fanOut.add(worker);
          send(worker, { type: 'start', config });
        } else if (message.type === 'listening') {
          listening = true;
          this.serving.add(worker);
          resolve({ url: message.url, issuer: message.issuer });
        } else if (message.type === 'failed') {
          reject(new WorkerStartError(message.message, message.code));
        } else if (message.type === 'log') {
          this.options.logLines(message.lines);
        } else if (message.type === 'poll') {
          const { id } = message;
          void this.options.poll().then(() => send(worker, { type: 'polled', id }));
        } else if (message.type === 'collected') {
          this.options.metrics?.collected(message.id, message.metrics);
        } else if (message.type === 'scrape') {
          const { metrics } = this.options;
          if (metrics) metrics.answer(worker, message.id);
          else send(worker, { type: 'scraped', id: message.id, exposition: null });
        }
      });
      worker.on('exit', (code, signal) => {
        this.live.delete(worker);
        this.serving.delete(worker);
        fanOut.remove(worker);
        // At shutdown, one that had not started yet was told to exit, not failing.
        if (!listening && !this.draining)
          reject(new Error(`a worker exited (${signal ?? code}) before it listened`));
        if (!this.draining) this.replace(worker, code, signal);
      });
    });
  }

  private replace(worker: Worker, code: number, signal: string | null): void {
    const { logger } = this.options;
    const now = performance.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && (this.crashes[0] ?? now) < now - CRASH_WINDOW_MS) this.crashes.shift();
    const pid = worker.process.pid;
    if (this.crashes.length >= CRASHES_TO_GIVE_UP) {
      const error = new Error(
        `workers exited unexpectedly ${this.crashes.length} times within ${CRASH_WINDOW_MS / 1000} s; stopping (see the log lines above)`,
      );
      logger.error('workers keep crashing; giving up', { pid, code, signal, crashes: this.crashes.length });
      this.giveUp(error);
      return;
    }
    const delay = Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (this.crashes.length - 1));
    logger.error('a worker exited unexpectedly; starting another', { pid, code, signal, inMs: delay });
    const timer = setTimeout(() => {
      this.restarts.delete(timer);
      if (this.draining) return;
      this.fork().catch((error: unknown) => logger.error('a replacement worker did not start', { error }));
    }, delay);
    this.restarts.add(timer);
  }
}
