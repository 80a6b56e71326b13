import { Worker } from 'node:worker_threads';

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Makes committed SQLite transactions durable without holding the event loop: a transaction
 * commits with `synchronous = NORMAL` (its WAL frames reach the OS, not yet the disk), and its
 * caller answers only after this has flushed the log on a worker thread, which also checkpoints
 * the log while such commits keep coming. Nobody learns of a
 * write that a power cut could still undo, which is what `synchronous = FULL` promises, and
 * the loop keeps serving requests while the disk works.
 *
 * Syncs are coalesced: one fsync covers every commit made before it started, so callers that
 * arrive while one is running share the next.
 */
export class WalSync {
  private worker: Worker | null = null;
  private running: Waiter[] | null = null;
  private next: Waiter[] = [];

  constructor(private readonly dbPath: string) {}

  /** Resolves once every transaction committed before this call is on disk. */
  sync(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.next.push({ resolve, reject });
      if (!this.running) this.start();
    });
  }

  close(): Promise<number> | undefined {
    const worker = this.worker;
    this.worker = null;
    return worker?.terminate();
  }

  private start(): void {
    const batch = this.next;
    this.next = [];
    this.running = batch;
    const worker = this.spawn();
    worker.ref();
    const done = (error: Error | null) => {
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      worker.unref();
      this.running = null;
      for (const waiter of batch) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      if (this.next.length > 0) this.start();
    };
    const onMessage = (answer: { ok: boolean; error?: string }) =>
      done(answer.ok ? null : new Error(`fsync of the write-ahead log failed: ${answer.error ?? 'unknown'}`));
    const onExit = () => {
      this.worker = null;
      done(new Error('the write-ahead log sync thread stopped'));
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.postMessage('flush');
  }

  private spawn(): Worker {
    if (!this.worker) {
      this.worker = new Worker(new URL('./wal-sync-worker.js', import.meta.url), {
        workerData: { dbPath: this.dbPath },
      });
      this.worker.unref();
    }
    return this.worker;
  }
}
