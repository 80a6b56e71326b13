import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  decodeResults,
  encodeJob,
  joinJobs,
  type SigningBatch,
  type SigningJob,
  type SigningKey,
} from './signing-protocol.js';

interface Pending {
  job: SigningJob;
  keys: readonly SigningKey[];
  resolve(tokens: string[]): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  /** Key refs this thread was sent already. */
  known: Set<string>;
  /** Batches sent and not answered yet, in the order sent (answers come back in that order). */
  inFlight: Pending[][];
}

/** Leave a core for the event loop; more than four threads buys nothing the loop can feed. */
const defaultSize = () => Math.max(1, Math.min(4, availableParallelism() - 1));

/**
 * Jobs per message. A batch leaves as soon as it is full, and what is left at the end of the
 * task that made the jobs (process.nextTick): a thread then starts on a group's first grants
 * while the loop still builds the rest, where a batch that waited for the loop's next turn
 * waited for every request that turn read too. A few jobs a message already spare the loop most
 * of a message's cost per grant.
 */
const BATCH = 4;

/**
 * Signs people's tokens on worker threads, in small batches (BATCH). Per grant that is two
 * signatures and a fraction of a message, where libuv's pool costs a wake-up and a round trip
 * per signature, which on the event loop costs about as much as signing there.
 */
export class SigningThreads {
  private readonly threads: Thread[] = [];
  private next = 0;
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly size = defaultSize()) {}

  /** Resolves with the access token and, when the job has one, the ID token. */
  sign(job: SigningJob, keys: readonly SigningKey[]): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, keys, resolve, reject });
      if (this.queue.length >= BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        process.nextTick(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Jobs waiting for their batch to leave, and jobs sent to a thread and not yet answered. */
  get depth(): { queued: number; inFlight: number } {
    let inFlight = 0;
    for (const thread of this.threads) for (const batch of thread.inFlight) inFlight += batch.length;
    return { queued: this.queue.length, inFlight };
  }

  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** Each batch goes to the next thread in turn, so a burst is shared out. */
  private flush(): void {
    const queue = this.queue;
    if (queue.length === 0) return;
    this.queue = [];
    this.send(queue);
  }

  private send(all: Pending[]): void {
    const lines: string[] = [];
    const batch: Pending[] = [];
    for (const pending of all) {
      try {
        lines.push(encodeJob(pending.job));
        batch.push(pending);
      } catch (error) {
        pending.reject(error as Error);
      }
    }
    if (batch.length === 0) return;
    const jobs = joinJobs(lines);
    const thread = this.pick();
    const keys: SigningKey[] = [];
    for (const pending of batch) {
      for (const key of pending.keys) {
        if (thread.known.has(key.ref)) continue;
        thread.known.add(key.ref);
        keys.push(key);
      }
    }
    thread.inFlight.push(batch);
    thread.worker.ref();
    thread.worker.postMessage({ keys, jobs } satisfies SigningBatch);
  }

  private pick(): Thread {
    if (this.threads.length < this.size) {
      const thread = this.spawn();
      this.threads.push(thread);
      return thread;
    }
    this.next = (this.next + 1) % this.threads.length;
    return this.threads[this.next] as Thread;
  }

  private spawn(): Thread {
    const worker = new Worker(new URL('./signing-worker.js', import.meta.url));
    const thread: Thread = { worker, known: new Set(), inFlight: [] };
    worker.unref();
    worker.on('message', (answer: string) => {
      const results = decodeResults(answer);
      const batch = thread.inFlight.shift() ?? [];
      batch.forEach((pending, i) => {
        const result = results[i];
        if (result && 'tokens' in result) pending.resolve(result.tokens);
        else pending.reject(new Error(`signing failed: ${result?.error ?? 'no answer'}`));
      });
      // An idle thread must not keep the process alive (the CLI exits when its work is done).
      if (thread.inFlight.length === 0) worker.unref();
    });
    const fail = () => {
      const index = this.threads.indexOf(thread);
      if (index !== -1) this.threads.splice(index, 1);
      for (const batch of thread.inFlight.splice(0)) {
        for (const pending of batch) pending.reject(new Error('the signing thread stopped'));
      }
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return thread;
  }
}
