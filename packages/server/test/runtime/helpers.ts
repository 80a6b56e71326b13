import { CLI_ACTOR } from '../../src/services/actor.js';
import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Gatehouse } from '../../src/services/gatehouse.js';
import type { Db, SqlValue } from '../../src/store/db.js';
import { sleep, uid } from '../store/helpers.js';
import type { TestBackend } from '../support/backends.js';
import { basicAuth, postForm } from '../support/server.js';

export { sleep, uid };
export { within } from '../support/within.js';

/** Both instances announce this issuer, as a real deployment behind one hostname does. */
export const SHARED_ISSUER = 'http://localhost:4455';

// --- a second server in its own process -------------------------------------------------------

export interface ChildServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const FIXTURE = fileURLToPath(new URL('./fixtures/child-server.js', import.meta.url));
const children = new Set<ChildProcessWithoutNullStreams>();

/** Starts Gatehouse in a child process on the backend's store, with the backend's environment. */
export function startChildServer(
  backend: TestBackend,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--enable-source-maps', FIXTURE], {
    env: { ...process.env, ...backend.env(), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child server did not start within 15 s; stderr: ${stderr}`));
    }, 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      const { url, pid } = JSON.parse(stdout.slice(0, newline)) as { url: string; pid: number };
      resolve({
        url,
        pid,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`child server exited (${code ?? signal}) before listening; stderr: ${stderr}`));
    });
  });
}

/** Kills every child server still running; for `after` hooks, so a failed test leaves none. */
export function killChildServers(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

// --- OAuth requests ---------------------------------------------------------------------------

export interface Credentials {
  clientId: string;
  secret: string;
}

export function requestToken(url: string, who: Credentials, form: Record<string, string> = {}) {
  return postForm(
    `${url}/oauth2/token`,
    { grant_type: 'client_credentials', ...form },
    basicAuth(who.clientId, who.secret),
  );
}

export function introspect(url: string, who: Credentials, token: string) {
  return postForm(`${url}/oauth2/introspect`, { token }, basicAuth(who.clientId, who.secret));
}

export function revoke(url: string, who: Credentials, token: string) {
  return postForm(`${url}/oauth2/revoke`, { token }, basicAuth(who.clientId, who.secret));
}

export async function jwksKids(url: string): Promise<string[]> {
  const response = await fetch(`${url}/.well-known/jwks.json`);
  const body = (await response.json()) as { keys: { kid: string }[] };
  return body.keys.map((k) => k.kid);
}

/** The `kid` in a JWT's protected header. */
export function tokenKid(token: string): string {
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
    kid: string;
  };
  return header.kid;
}

export interface Tenant extends Credentials {
  identifier: string;
  resourceServerId: string;
  secretId: string;
}

/** A resource server with scopes `read` and `write`, and a client granted both (of `teamId`, if given). */
export async function createTenant(gatehouse: Gatehouse, teamId?: string): Promise<Tenant> {
  const identifier = uid('orders-');
  const rs = await gatehouse.resourceServers.create(
    {
      identifier,
      name: 'Orders',
      scopes: [{ name: 'read' }, { name: 'write' }],
    },
    CLI_ACTOR,
  );
  const created = await gatehouse.clients.create(
    {
      name: 'order service',
      scopes: [`${identifier}/read`, `${identifier}/write`],
    },
    CLI_ACTOR,
    teamId === undefined ? {} : { teamId },
  );
  assert.ok(created.secret, 'a secret-based client gets a secret');
  return {
    identifier,
    resourceServerId: rs.id,
    clientId: created.client.clientId,
    secret: created.secret.value,
    secretId: created.secret.id,
  };
}

// --- counting database calls ------------------------------------------------------------------

export interface DbCall {
  method: 'all' | 'get' | 'rows' | 'run' | 'exec' | 'transaction';
  sql: string;
  params?: readonly SqlValue[] | undefined;
}

/** Lets a test delay or fail a call: `proceed` runs the real one. */
export type Around = (call: DbCall, proceed: () => Promise<unknown>) => Promise<unknown>;

export interface DbSpy {
  calls: DbCall[];
  /** When set, every call goes through it. */
  around: Around | undefined;
  reset(): void;
  restore(): void;
}

type Methods = Pick<Db, DbCall['method']>;

/** Records every call made through this Db object (and so through every holder of it). */
export function spyOnDb(db: Db): DbSpy {
  const original: Methods = {
    all: db.all,
    get: db.get,
    rows: db.rows,
    run: db.run,
    exec: db.exec,
    transaction: db.transaction,
  };
  const own = (Object.keys(original) as DbCall['method'][]).filter((key) => Object.hasOwn(db, key));
  const spy: DbSpy = {
    calls: [],
    around: undefined,
    reset: () => {
      spy.calls.length = 0;
    },
    restore: () => {
      for (const key of Object.keys(original) as DbCall['method'][]) {
        if (own.includes(key)) Object.assign(db, { [key]: original[key] });
        else delete (db as Partial<Db>)[key];
      }
    },
  };
  const track = <R>(call: DbCall, proceed: () => Promise<R>): Promise<R> => {
    spy.calls.push(call);
    return (spy.around ? spy.around(call, proceed) : proceed()) as Promise<R>;
  };
  const replacement: Methods = {
    all: <T>(sql: string, params?: readonly SqlValue[]) =>
      track({ method: 'all', sql, params }, () => original.all.call(db, sql, params) as Promise<T[]>),
    get: <T>(sql: string, params?: readonly SqlValue[]) =>
      track(
        { method: 'get', sql, params },
        () => original.get.call(db, sql, params) as Promise<T | undefined>,
      ),
    rows: (sql, params) => track({ method: 'rows', sql, params }, () => original.rows.call(db, sql, params)),
    run: (sql, params) => track({ method: 'run', sql, params }, () => original.run.call(db, sql, params)),
    exec: (sql) => track({ method: 'exec', sql }, () => original.exec.call(db, sql)),
    transaction: <T>(fn: (tx: Db) => Promise<T>) =>
      track(
        { method: 'transaction', sql: '(transaction)' },
        () => original.transaction.call(db, fn) as Promise<T>,
      ),
  };
  Object.assign(db, replacement);
  return spy;
}

/** The runtime's change-log poll: the one query a warm token path may see in the background. */
export function isChangePoll(call: DbCall): boolean {
  return call.method === 'all' && /FROM changes WHERE seq > \?/.test(call.sql);
}

// --- PostgreSQL administration ----------------------------------------------------------------

export async function pgAdmin(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: process.env.GATEHOUSE_TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Makes a PostgreSQL backend's database refuse connections, and drops the ones it has. */
export async function cutOff(backend: TestBackend): Promise<void> {
  const db = databaseName(backend);
  await pgAdmin(`ALTER DATABASE "${db}" WITH ALLOW_CONNECTIONS false`);
  await pgAdmin(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}' AND pid <> pg_backend_pid()`,
  );
}

export async function reconnect(backend: TestBackend): Promise<void> {
  await pgAdmin(`ALTER DATABASE "${databaseName(backend)}" WITH ALLOW_CONNECTIONS true`);
}

/** The database name of a PostgreSQL backend. */
export function databaseName(backend: TestBackend): string {
  assert.ok(backend.databaseUrl, 'a PostgreSQL backend');
  return new URL(backend.databaseUrl).pathname.slice(1);
}
