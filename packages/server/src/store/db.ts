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
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs `fn` in one transaction: all of it lands, or none of it does. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Raw multi-statement SQL without parameters, for migrations. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Thrown when a write breaks a unique constraint, so services can answer "already exists". */
export class UniqueViolation extends Error {
  constructor(cause: unknown) {
    super('unique constraint violated', { cause });
    this.name = 'UniqueViolation';
  }
}
