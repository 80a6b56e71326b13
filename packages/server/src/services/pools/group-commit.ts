import type { Db } from '../../store/db.js';

interface Pending {
  work: (tx: Db) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Commits the people's token path's writes in groups: every piece of work submitted during one
 * turn of the event loop runs in one transaction, so a burst of redemptions and refreshes pays
 * for one commit (one fsync on SQLite, one round trip on PostgreSQL) instead of one each.
 * Each piece still decides alone (its conditional update sees the others' writes), and gets its
 * own answer. If one fails, the group rolls back and each piece runs again in its own
 * transaction, so only the failing one fails.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  run<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const group = this.queue;
    this.queue = [];
    this.scheduled = false;
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
