/** Values a query may bind. Timestamps are epoch milliseconds, booleans are 0/1, JSON is text. */
export type SqlValue = string | number | bigint | null;

export type Dialect = 'sqlite' | 'postgres';

/**
 * The one door to SQL. Queries use `?` placeholders and a dialect-neutral subset of SQL,
 * so the same repository code runs on the embedded SQLite file and on PostgreSQL.
 */
export interface Db {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /**
   * Each row as an array of its values, in the order the SELECT names them: for hot reads of
   * many columns, where a keyed object per row costs the store driver several times more.
   */
  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs `fn` in one transaction: all of it lands, or none of it does. */
  transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Raw multi-statement SQL without parameters, for migrations. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /**
   * Resolve only once the commit is on disk, as always, but without the event loop waiting
   * for the disk: for hot paths that commit often. PostgreSQL already waits on the network.
   */
  syncOffLoop?: boolean;
}

/** Thrown when a write breaks a unique constraint, so services can answer "already exists". */
export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('unique constraint violated', { cause });
    this.name = 'UniqueViolation';
  }
}

/**
 * The database cannot be reached, or dropped the connection mid-statement, or is too busy to
 * take it (a lock held too long, a full pool): nothing is wrong with the request, and the
 * same request may succeed in a moment. Callers answer 503 with Retry-After.
 */
export class StoreUnreachable extends Error {
  constructor(cause: unknown) {
    // The driver's words, for logs and the CLI; answers to callers say only "unreachable".
    super(cause instanceof Error ? cause.message : 'the store is unreachable', { cause });
    this.name = 'StoreUnreachable';
  }
}

/**
 * The transaction committed, but the disk did not confirm it: the change is visible and may
 * or may not survive a power cut. Retrying the same work would find it already done.
 */
export class DurabilityUnconfirmed extends StoreUnreachable {
  constructor(cause: unknown) {
    super(cause);
    this.name = 'DurabilityUnconfirmed';
  }
}

/**
 * The database refused a value no valid request carries: a NUL character (PostgreSQL text
 * cannot hold one), a number past what a BIGINT holds. Validation should have stopped it;
 * when it did not, it is still the request's fault, never a 500.
 */
export class UnstorableValue extends Error {
  constructor(cause: unknown) {
    super('a value in the request cannot be stored', { cause });
    this.name = 'UnstorableValue';
  }
}
