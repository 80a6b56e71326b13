import { Worker } from 'node:worker_threads';
import { fromBytes } from './srp-group.js';
import {
  DUMMY_HASHES,
  encodeHash,
  type WorkerJob,
  type HashKind,
  keysMatch,
  newHashJob,
  parseHash,
  passwordInput,
} from './passwords.js';

export interface HasherLimits {
  /** Hashes running at once in this process, each on its own worker thread. */
  concurrency: number;
  /** Callers that may wait for a free worker; past that they are refused at once. */
  queue: number;
}

/** Every worker is busy and the queue is full: the caller should answer 429 and try later. */
export class HasherBusyError extends Error {
  constructor() {
    super('password hashing is at its limit');
    this.name = 'HasherBusyError';
  }
}

export interface HasherLease {
  /** scrypt for portal accounts (the default), argon2id for pool users. */
  hash(password: string, kind?: HashKind): Promise<string>;
  /**
   * Checks either kind of stored hash. When `stored` is null (no such user, no password) or
   * unreadable, a stand-in of kind `absent` is checked instead, so the answer costs the same.
   */
  verify(password: string, stored: string | null, absent?: HashKind): Promise<boolean>;
  /** base^exponent modulo SRP's 3072-bit prime, off the event loop (crypto/srp-group.ts). */
  modPowN(base: bigint, exponent: bigint): Promise<bigint>;
  release(): void;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

/**
 * Password hashing under its own concurrency limit, on dedicated worker threads: a flood of
 * sign-ins can keep at most `concurrency` threads busy and never queues work on the libuv
 * thread pool, where token signatures are made.
 */
export class PasswordHasher {
  private readonly slots: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private closed = false;
  /** Hashes run to completion, and calls refused because every slot and the queue were taken. */
  readonly stats = { completed: 0, refused: 0 };

  constructor(readonly limits: HasherLimits) {}

  get running(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  /** Callers waiting for a worker. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * A worker reserved for one caller, who must release it. Taken before other work (counting a
   * sign-in attempt) so that a refusal comes first and costs nothing else. Rejects with
   * HasherBusyError at once when every worker is busy and the queue is full.
   */
  async lease(): Promise<HasherLease> {
    const slot = await this.acquire();
    let released = false;
    return {
      hash: async (password, kind = 'scrypt') => {
        const job = newHashJob(password, kind);
        return encodeHash(job, await this.exec(slot, job));
      },
      verify: async (password, stored, absent = 'scrypt') => {
        const real = stored !== null ? parseHash(stored) : undefined;
        const parsed = real ?? parseHash(DUMMY_HASHES[absent]);
        if (!parsed) return false;
        const key = await this.exec(slot, { ...parsed.job, password: passwordInput(password) });
        return real !== undefined && keysMatch(key, parsed.expected);
      },
      modPowN: async (base, exponent) => {
        const job = { kind: 'modpow' as const, base: base.toString(16), exponent: exponent.toString(16) };
        return fromBytes(await this.exec(slot, job));
      },
      release: () => {
        if (released) return;
        released = true;
        this.release(slot);
      },
    };
  }

  async hash(password: string, kind: HashKind = 'scrypt'): Promise<string> {
    const lease = await this.lease();
    try {
      return await lease.hash(password, kind);
    } finally {
      lease.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private hasFreeSlot(): boolean {
    return this.slots.length < this.limits.concurrency || this.slots.some((s) => !s.busy);
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('the password hasher is closed'));
    let slot = this.slots.find((s) => !s.busy);
    if (!slot && this.slots.length < this.limits.concurrency) {
      slot = { worker: this.spawn(), busy: false };
      this.slots.push(slot);
    }
    if (slot) {
      slot.busy = true;
      return Promise.resolve(slot);
    }
    if (this.waiting.length >= this.limits.queue) {
      this.stats.refused++;
      return Promise.reject(new HasherBusyError());
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) {
      // A slot whose worker died is replaced, so the caller waiting for it is not stranded.
      if (this.slots.includes(slot)) next(slot);
      else {
        const fresh = { worker: this.spawn(), busy: true };
        this.slots.push(fresh);
        next(fresh);
      }
      return;
    }
    slot.busy = false;
    // An idle worker must not keep the process alive (the CLI exits when its work is done).
    slot.worker.unref();
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./password-worker.js', import.meta.url));
    worker.unref();
    // A crashed worker is replaced on the next call; its pending job is failed by exec().
    worker.on('error', () => this.drop(worker));
    worker.on('exit', () => this.drop(worker));
    return worker;
  }

  private drop(worker: Worker): void {
    const index = this.slots.findIndex((s) => s.worker === worker);
    if (index !== -1) this.slots.splice(index, 1);
  }

  private exec(slot: Slot, job: WorkerJob): Promise<Buffer> {
    const { worker } = slot;
    worker.ref();
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      const onMessage = (answer: { key?: Uint8Array; error?: string }) => {
        cleanup();
        if (answer.key) {
          this.stats.completed++;
          resolve(Buffer.from(answer.key));
        } else reject(new Error(`${job.kind} failed: ${answer.error ?? 'unknown error'}`));
      };
      const onExit = () => {
        cleanup();
        reject(new Error('the password worker stopped'));
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }
}
