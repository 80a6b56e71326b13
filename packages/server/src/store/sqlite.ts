import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  type Db,
  DurabilityUnconfirmed,
  type SqlValue,
  StoreUnreachable,
  type TransactionOptions,
  UniqueViolation,
} from './db.js';
import { WalSync } from './wal-sync.js';

/**
 * Failures of the file rather than the request: a lock held past the busy timeout, I/O errors,
 * a full disk, a file that cannot be opened or written. The same request may succeed later.
 */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL|READONLY)/;

function translate(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new UniqueViolation(error);
  }
  if (typeof code === 'string' && UNAVAILABLE.test(code)) return new StoreUnreachable(error);
  return error;
}

/** Creates `path` empty with mode 0600 unless it exists; an existing file is left as it is. */
function createPrivately(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function attempt<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw translate(error);
  }
}

/**
 * better-sqlite3 is synchronous, so a transaction that awaits between statements would let
 * other callers' statements slip into it. A promise chain serialises them: while a
 * transaction is open, every other statement waits for it to finish.
 */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** The same SQL prepared apart for rows(): raw mode is a setting of the statement. */
  private readonly rawStatements = new Map<string, Database.Statement>();
  private gate: Promise<unknown> = Promise.resolve();
  private inTransaction = false;
  /** Null for an in-memory database, which has no disk to wait for. */
  private readonly walSync: WalSync | null;

  constructor(path: string) {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      // The file holds client secret hashes and encrypted signing keys: owner only. SQLite gives
      // the -wal and -shm files it creates the same mode as the database file.
      createPrivately(path);
    }
    // The busy timeout comes first: switching a fresh file to WAL needs a lock that another
    // process starting at the same moment may hold.
    this.db = new Database(path, { timeout: 5000 });
    // Switching a fresh file to WAL can answer SQLITE_BUSY at once, without the busy handler,
    // while another process does the same: retry for a few seconds before giving up.
    for (let attempt = 0; ; attempt++) {
      try {
        this.db.pragma('journal_mode = WAL');
        break;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || attempt >= 100) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
    }
    // FULL: a committed change survives power loss too; admin writes are rare, so it costs little.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    // Checkpoints run on WalSync's thread while the hot path commits; this connection, which
    // serves requests, checkpoints only if the log grows far past SQLite's default of 1000 pages.
    this.db.pragma('wal_autocheckpoint = 10000');
    this.walSync = path === ':memory:' ? null : new WalSync(path);
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Resolves when no transaction is open; callers must then act without awaiting first. */
  private async whenFree(): Promise<void> {
    while (this.inTransaction) await this.gate.catch(() => undefined);
  }

  allSync<T>(sql: string, params: readonly SqlValue[] = []): T[] {
    return attempt(() => this.prepare(sql).all(...params) as T[]);
  }

  private rowsSync(sql: string, params: readonly SqlValue[] = []): unknown[][] {
    return attempt(() => {
      let statement = this.rawStatements.get(sql);
      if (!statement) {
        statement = this.db.prepare(sql).raw(true);
        this.rawStatements.set(sql, statement);
      }
      return statement.all(...params) as unknown[][];
    });
  }

  async rows(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    while (this.inTransaction) await this.whenFree();
    return this.rowsSync(sql, params);
  }

  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    while (this.inTransaction) await this.whenFree();
    return this.allSync<T>(sql, params);
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    while (this.inTransaction) await this.whenFree();
    return attempt(() => this.prepare(sql).get(...params) as T | undefined);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    while (this.inTransaction) await this.whenFree();
    return attempt(() => ({ changes: this.prepare(sql).run(...params).changes }));
  }

  async exec(sql: string): Promise<void> {
    while (this.inTransaction) await this.whenFree();
    attempt(() => this.db.exec(sql));
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T> {
    while (this.inTransaction) await this.whenFree();
    // From here to the first await inside `work`, nothing else runs: the gate closes atomically.
    this.inTransaction = true;
    const walSync = options?.syncOffLoop === true ? this.walSync : null;
    const tx = this.transactionView();
    const work = (async () => {
      try {
        // This one commit skips SQLite's own fsync; the caller waits for walSync's instead.
        if (walSync) this.prepare('PRAGMA synchronous = NORMAL').run();
        // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading.
        // Inside the try: a BEGIN that fails (SQLITE_BUSY) must still reopen the gate.
        attempt(() => this.prepare('BEGIN IMMEDIATE').run());
        const result = await fn(tx);
        attempt(() => this.prepare('COMMIT').run());
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      } finally {
        if (walSync) this.prepare('PRAGMA synchronous = FULL').run();
        this.inTransaction = false;
      }
    })();
    this.gate = work;
    const result = await work;
    // Other statements run meanwhile; only this caller waits for the disk.
    if (walSync)
      await walSync.sync().catch((error: unknown) => Promise.reject(new DurabilityUnconfirmed(error)));
    return result;
  }

  /** Statements inside a transaction skip the gate (they are the reason it is closed). */
  private transactionView(): Db {
    const view: Db = {
      dialect: 'sqlite',
      all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.allSync<T>(sql, params),
      rows: async (sql: string, params: readonly SqlValue[] = []) => this.rowsSync(sql, params),
      get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
        attempt(() => this.prepare(sql).get(...params) as T | undefined),
      run: async (sql: string, params: readonly SqlValue[] = []) =>
        attempt(() => ({ changes: this.prepare(sql).run(...params).changes })),
      exec: async (sql: string) => {
        attempt(() => this.db.exec(sql));
      },
      // Nested transactions join the open one.
      transaction: <T>(fn: (tx: Db) => Promise<T>) => fn(view),
      close: async () => {},
    };
    return view;
  }

  async close(): Promise<void> {
    while (this.inTransaction) await this.whenFree();
    // The flushing thread's connection goes first, so this one, the last, tidies the log away.
    await this.walSync?.close();
    this.statements.clear();
    this.rawStatements.clear();
    this.db.close();
  }
}
