import type { Db } from '../../store/db.js';

interface Pending {
  work: (tx: Db) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Commits closer together than this mean the path is busy, and a group may wait for company. */
const BUSY_GAP_MS = 20;
/** The longest a group waits, whatever a commit costs. */
const MAX_WAIT_MS = 4;

/**
 * Commits the people's token path's writes in groups, so a burst of redemptions and refreshes
 * pays for one commit (one fsync on SQLite, one round trip on PostgreSQL) instead of one each.
 * Each piece still decides alone (its conditional update sees the others' writes), and gets its
 * own answer. If one fails, the group rolls back and each piece runs again in its own
 * transaction, so only the failing one fails.
 *
 * When idle, a piece commits on the next turn of the event loop. When busy (commits back to
 * back), a group waits up to as long as the last commit took, as PostgreSQL's commit_delay does:
 * an fsync costs the same for one row as for fifty, so waiting about one commit's time at most
 * doubles a write's latency and divides the commits by the group's size. Only one group commits
 * at a time; what arrives meanwhile forms the next.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private flushing = false;
  private lastEnd = Number.NEGATIVE_INFINITY;
  private lastCostMs = 0;

  constructor(private readonly db: Db) {}

  run<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing || this.queue.length === 0) return;
    this.scheduled = true;
    const busy = performance.now() - this.lastEnd < BUSY_GAP_MS;
    const wait = busy ? Math.min(this.lastCostMs, MAX_WAIT_MS) : 0;
    if (wait < 0.5) setImmediate(() => void this.flush());
    else setTimeout(() => void this.flush(), wait);
  }

  private async flush(): Promise<void> {
    const group = this.queue;
    this.queue = [];
    this.scheduled = false;
    this.flushing = true;
    const start = performance.now();
    try {
      await this.commit(group);
    } finally {
      this.lastEnd = performance.now();
      this.lastCostMs = this.lastEnd - start;
      this.flushing = false;
      this.schedule();
    }
  }

  private async commit(group: Pending[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [Pending];
      await this.db.transaction(only.work).then(only.resolve, only.reject);
      return;
    }
    let results: unknown[];
    try {
      results = await this.db.transaction(async (tx) => {
        const out: unknown[] = [];
        for (const item of group) out.push(await item.work(tx));
        return out;
      });
    } catch {
      // In order, so the outcome of two pieces that clash is the one of the order they came in.
      for (const item of group) await this.db.transaction(item.work).then(item.resolve, item.reject);
      return;
    }
    group.forEach((item, i) => item.resolve(results[i]));
  }
}
