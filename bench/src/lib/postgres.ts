import { randomBytes } from 'node:crypto';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function query(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL server the benchmark may create throwaway databases on: the explicit URL
 * (GATEHOUSE_BENCH_POSTGRES_URL), else a local server at 127.0.0.1:5432 when one answers
 * and lets us in. Undefined when there is none.
 */
export async function findPostgres(
  explicit: string | undefined,
  probeLocal: boolean,
): Promise<string | undefined> {
  const candidates = explicit ? [explicit] : probeLocal ? [DEFAULT_URL] : [];
  for (const url of candidates) {
    try {
      await query(url, 'SELECT 1');
      return url;
    } catch (error) {
      if (explicit) throw new Error(`cannot reach PostgreSQL at ${new URL(url).host}: ${String(error)}`);
    }
  }
  return undefined;
}

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `gatehouse_bench_<random>` next to the admin URL's database. */
export async function createDatabase(adminUrl: string): Promise<ThrowawayDatabase> {
  const name = `gatehouse_bench_${randomBytes(6).toString('hex')}`;
  await query(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: () => query(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
