import pg from 'pg';
import type { Db, SqlValue } from './db.js';
import { translatePgError } from './pg-errors.js';

// BIGINT columns hold epoch milliseconds, well inside Number's exact range.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** `?` placeholders become `$1, $2, …` once per distinct query text. */
const translated = new Map<string, string>();
function toPg(sql: string): string {
  let out = translated.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (translated.size < 10_000) translated.set(sql, out);
  }
  return out;
}

type Queryable = pg.Pool | pg.PoolClient;

async function query<T>(
  on: Queryable,
  sql: string,
  params: readonly SqlValue[],
): Promise<pg.QueryResult & { rows: T[] }> {
  try {
    return (await on.query(toPg(sql), params as SqlValue[])) as pg.QueryResult & { rows: T[] };
  } catch (error) {
    throw translatePgError(error);
  }
}

/** Runs a statement of our own (BEGIN, COMMIT, a migration) with the same error translation. */
async function command(on: Queryable, sql: string): Promise<void> {
  try {
    await on.query(sql);
  } catch (error) {
    throw translatePgError(error);
  }
}

function view(on: Queryable, pool: pg.Pool): Db {
  return {
    dialect: 'postgres',
    async all<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await query<T>(on, sql, params)).rows;
    },
    async get<T>(sql: string, params: readonly SqlValue[] = []) {
      return (await query<T>(on, sql, params)).rows[0];
    },
    async rows(sql: string, params: readonly SqlValue[] = []) {
      try {
        const result = await on.query({ text: toPg(sql), values: params as SqlValue[], rowMode: 'array' });
        return result.rows as unknown[][];
      } catch (error) {
        throw translatePgError(error);
      }
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return { changes: (await query(on, sql, params)).rowCount ?? 0 };
    },
    async exec(sql: string) {
      await command(on, sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (on !== pool) return fn(this);
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw translatePgError(error);
      }
      // A connection lost between statements is reported by the next query; without this
      // listener the client's 'error' event would crash the process instead.
      const ignore = () => undefined;
      client.on('error', ignore);
      try {
        await command(client, 'BEGIN');
        const result = await fn(view(client, pool));
        await command(client, 'COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', ignore);
        client.release();
      }
    },
    async close() {
      if (on === pool) await pool.end();
    },
  };
}

export function openPostgres(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    // A connection that silently died (partition, failover) must fail fast rather than hang a
    // request or the change poll for the minutes TCP takes to notice; the pool then replaces it.
    connectionTimeoutMillis: 5_000,
    query_timeout: 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    idleTimeoutMillis: 10_000,
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return view(pool, pool);
}
