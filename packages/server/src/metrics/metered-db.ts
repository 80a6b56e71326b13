import type { Db, SqlValue, TransactionOptions } from '../store/db.js';
import type { StoreMetrics, StoreOp } from './store-metrics.js';

/**
 * The store with every call timed and its failures counted. Calls inside a transaction are
 * counted as the transaction, once: the transaction's time is what a request waits for, and
 * wrapping each statement would cost more than it tells.
 */
export class MeteredDb implements Db {
  readonly dialect: Db['dialect'];

  constructor(
    /** The store itself (tests reach under the metering through it). */
    readonly inner: Db,
    private readonly metrics: StoreMetrics,
  ) {
    this.dialect = inner.dialect;
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.timed('read', () => this.inner.all<T>(sql, params));
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.timed('read', () => this.inner.get<T>(sql, params));
  }

  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.timed('read', () => this.inner.rows(sql, params));
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.timed('write', () => this.inner.run(sql, params));
  }

  transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.timed('transaction', () => this.inner.transaction(fn, options));
  }

  exec(sql: string): Promise<void> {
    return this.timed('exec', () => this.inner.exec(sql));
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Takes the call as a function: SQLite does its work before the promise is returned. */
  private async timed<T>(op: StoreOp, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await call();
      this.metrics.done(op, started);
      return result;
    } catch (error) {
      this.metrics.failed(op, started, error);
      throw error;
    }
  }
}
