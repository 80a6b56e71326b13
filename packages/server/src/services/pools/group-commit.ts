import { type Db, DurabilityUnconfirmed, type TransactionOptions } from '../../store/db.js';

interface Pending {
  work: (tx: Db) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** The hot path's commits wait for the disk, but the event loop does not (SQLite; see WalSync). */
const DURABLE_OFF_LOOP: TransactionOptions = { syncOffLoop: true };

/**
 * Commits the people's token path's writes in groups: what arrives within one turn of the
 * event loop shares one transaction. Each piece still decides alone (its conditional update
 * sees the others' writes), and gets its own answer. If one fails, the group rolls back and
 * each piece runs again in its own transaction, so only the failing one fails.
 *
 * Groups do not wait for each other's durability: on SQLite a group commits without fsync and
 * waits for a flush of the log on another thread, which one flush serves for every group
 * committed before it began; on PostgreSQL groups commit on separate connections, and the
 * server's own group commit shares the fsync. Latency stays near one flush, whatever the load.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  run<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const group = this.queue;
    this.queue = [];
    this.scheduled = false;
    void this.commit(group);
  }

  private async commit(group: Pending[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [Pending];
      await this.db.transaction(only.work, DURABLE_OFF_LOOP).then(only.resolve, only.reject);
      return;
    }
    let results: unknown[];
    try {
      results = await this.db.transaction(async (tx) => {
        const out: unknown[] = [];
        for (const item of group) out.push(await item.work(tx));
        return out;
      }, DURABLE_OFF_LOOP);
    } catch (error) {
      // Committed but unconfirmed: running the pieces again would find them done. Each fails.
      if (error instanceof DurabilityUnconfirmed) {
        for (const item of group) item.reject(error);
        return;
      }
      // In order, so the outcome of two pieces that clash is the one of the order they came in.
      for (const item of group) {
        await this.db.transaction(item.work, DURABLE_OFF_LOOP).then(item.resolve, item.reject);
      }
      return;
    }
    group.forEach((item, i) => item.resolve(results[i]));
  }
}
