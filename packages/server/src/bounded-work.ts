/** Thrown by BoundedWork when every slot is taken and the queue is full. */
export class WorkSaturated extends Error {
  override name = 'WorkSaturated';
}

/**
 * At most `concurrency` tasks at once, at most `queue` more waiting in order; past that a task
 * is refused at once rather than left to wait. Work that someone else can make expensive runs
 * under one of these, so it cannot take every thread of libuv's pool from the token path.
 */
export class BoundedWork {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {
    if (!(Number.isInteger(concurrency) && concurrency >= 1 && Number.isInteger(queue) && queue >= 0)) {
      throw new TypeError('BoundedWork: concurrency must be an integer >= 1 and queue an integer >= 0');
    }
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Waits for a slot and returns its release function. Throws WorkSaturated when the queue is full. */
  async acquire(): Promise<() => void> {
    if (this.#running < this.concurrency) {
      this.#running++;
    } else {
      if (this.#waiting.length >= this.queue) throw new WorkSaturated();
      // The releasing task hands its slot over, so `running` stays as it is.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
