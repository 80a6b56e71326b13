import { CLI_ACTOR } from '@gatehouse/server';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { loadConfig, type OpenGatehouse, openGatehouse } from '@gatehouse/server';
import { type Alg, ALGS, type BenchClient, benchClient, RESOURCES, SCOPE, sampleClients } from './clients.js';
import { tempDir } from './paths.js';
import { createDatabase, type ThrowawayDatabase } from './postgres.js';

type Db = OpenGatehouse['db'];

/** A Gatehouse store holding `count` clients, ready for one or more server processes. */
export interface GatehouseStore {
  kind: 'sqlite' | 'postgres';
  seed: string;
  /** The GATEHOUSE_* environment a server process needs to open this store. */
  env: Record<string, string>;
  count: number;
  client(i: number): BenchClient;
  /** `n` clients spread over the whole store. */
  sample(n: number): BenchClient[];
  cleanup(): Promise<void>;
}

/** Rows per INSERT: few round trips, well under SQLite's and PostgreSQL's parameter limits. */
const BATCH = 500;

async function insertRows(
  db: Db,
  table: string,
  columns: readonly string[],
  rows: (string | number | null)[][],
) {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let at = 0; at < rows.length; at += BATCH) {
    const batch = rows.slice(at, at + BATCH);
    await db.run(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`,
      batch.flat(),
    );
  }
}

/**
 * Registers clients the way the service layer would leave them (a client row, one live
 * secret stored as the base64url SHA-256 of the secret, a permission of `read` on each resource
 * server), in bulk and in one transaction: 100,000 clients through the service layer, with
 * its audit entries, would take minutes. The server authenticates against these rows exactly
 * as it does against any other.
 */
async function insertClients(db: Db, seed: string, count: number, resourceIds: readonly string[]) {
  const now = Date.now();
  await db.transaction(async (tx) => {
    for (let start = 0; start < count; start += 10 * BATCH) {
      const clients: (string | number | null)[][] = [];
      const secrets: (string | number | null)[][] = [];
      const permissions: (string | number | null)[][] = [];
      for (let i = start; i < Math.min(count, start + 10 * BATCH); i++) {
        const { clientId, secret } = benchClient(seed, i);
        clients.push([
          clientId,
          `bench client ${i}`,
          '',
          'client_secret_basic',
          null,
          1,
          null,
          null,
          now,
          now,
          null,
          null,
        ]);
        const hash = createHash('sha256').update(secret, 'utf8').digest('base64url');
        secrets.push([`sec_bench${i}`, clientId, hash, secret.slice(-4), now, null, null]);
        for (const rs of resourceIds) permissions.push([clientId, rs, SCOPE, now, null]);
      }
      await insertRows(
        tx,
        'clients',
        [
          'client_id',
          'name',
          'description',
          'auth_method',
          'token_ttl',
          'enabled',
          'jwks',
          'jwks_uri',
          'created_at',
          'updated_at',
          'last_used_at',
          'team_id',
        ],
        clients,
      );
      await insertRows(
        tx,
        'client_secrets',
        ['id', 'client_id', 'hash', 'hint', 'created_at', 'expires_at', 'revoked_at'],
        secrets,
      );
      await insertRows(
        tx,
        'client_permissions',
        ['client_id', 'resource_server_id', 'scope', 'created_at', 'expires_at'],
        permissions,
      );
    }
  });
}

/**
 * A fresh store: an SQLite data directory under bench/results/tmp, or a throwaway
 * PostgreSQL database when `postgresUrl` is given. Migrations, signing keys (one ES256, one
 * RS256) and the two resource servers come from Gatehouse's own service layer.
 */
export async function createGatehouseStore(options: {
  clients: number;
  postgresUrl?: string | undefined;
  /** Stores made with the same seed hold the same client ids and secrets. */
  seed?: string;
}): Promise<GatehouseStore> {
  const seed = options.seed ?? randomBytes(8).toString('hex');
  const dataDir = tempDir('gatehouse');
  let database: ThrowawayDatabase | undefined;
  const cleanup = async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (options.postgresUrl) database = await createDatabase(options.postgresUrl);
    const env: Record<string, string> = {
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64'),
      GATEHOUSE_LOG_LEVEL: 'silent',
      ...(database ? { GATEHOUSE_DATABASE_URL: database.url } : {}),
    };
    const gatehouse = await openGatehouse(loadConfig({ port: '0' }, env));
    try {
      const resourceIds: string[] = [];
      for (const alg of ALGS) {
        const created = await gatehouse.resourceServers.create(
          {
            identifier: RESOURCES[alg],
            name: `Orders API (${alg})`,
            scopes: [{ name: SCOPE, description: 'Read orders' }],
            signingAlg: alg satisfies Alg,
          },
          CLI_ACTOR,
        );
        resourceIds.push(created.id);
      }
      await insertClients(gatehouse.db, seed, options.clients, resourceIds);
    } finally {
      await gatehouse.close();
    }
    return {
      kind: database ? 'postgres' : 'sqlite',
      seed,
      env,
      count: options.clients,
      client: (i) => benchClient(seed, i),
      sample: (n) => sampleClients(seed, options.clients, n),
      cleanup,
    };
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
}
