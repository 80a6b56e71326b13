import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { integer, logLevel, onOff, parseIssuer, text } from './config-values.js';
import { emptyIsValue, flag, setting } from './config-setting.js';

/** Beyond this many cores, more processes mostly add caches and store connections (bench/README.md). */
const DEFAULT_WORKERS_MAX = 8;
/** More workers than this is a mistake rather than a sizing decision. */
const MAX_WORKERS = 64;

/** One worker per core the process may use, at most DEFAULT_WORKERS_MAX. */
function defaultWorkers(): number {
  return Math.max(1, Math.min(DEFAULT_WORKERS_MAX, availableParallelism()));
}

/** The process, the store, logs, metrics, caches and rate limits: the first part of `--help`'s table. */
export const SERVER_SETTINGS = {
  port: setting(
    'GATEHOUSE_PORT',
    '4455',
    'port to listen on',
    integer(0, 65_535),
    flag('--port', 'port to listen on'),
  ),
  host: setting(
    'GATEHOUSE_HOST',
    '127.0.0.1',
    'address to listen on (0.0.0.0 for every interface)',
    text,
    flag('--host', 'address to listen on'),
  ),
  workers: setting(
    'GATEHOUSE_WORKERS',
    String(defaultWorkers()),
    'serve processes sharing the port; 1 runs a single process',
    integer(1, MAX_WORKERS),
    {
      ...flag('--workers', 'processes sharing the port'),
      shown: `CPU cores, at most ${DEFAULT_WORKERS_MAX}`,
    },
  ),
  issuer: setting(
    'GATEHOUSE_ISSUER',
    undefined,
    'public base URL; the iss of every token',
    // An empty --issuer means none, as an unset variable does.
    (raw, name) => (raw ? parseIssuer(raw, name) : undefined),
    { ...flag('--issuer', 'public base URL, the iss of every token'), shown: 'http://localhost:<port>' },
  ),
  dataDir: setting(
    'GATEHOUSE_DATA_DIR',
    './data',
    'directory of the embedded SQLite store and dev master key',
    (raw) => resolve(raw),
    flag('--data', 'data directory of the embedded SQLite store'),
  ),
  databaseUrl: setting(
    'GATEHOUSE_DATABASE_URL',
    undefined,
    'PostgreSQL connection string; replaces SQLite',
    (raw) => {
      if (/^postgres(ql)?:\/\//.test(raw)) return raw;
      throw new ConfigError(
        '--database-url / GATEHOUSE_DATABASE_URL must start with postgres:// or postgresql://',
      );
    },
    flag('--database-url', 'use PostgreSQL instead of SQLite'),
  ),
  masterKey: setting(
    'GATEHOUSE_MASTER_KEY',
    undefined,
    '32-byte key (base64 or hex) encrypting signing keys',
    text,
    { shown: '(key file in the data dir)' },
  ),
  logLevel: setting(
    'GATEHOUSE_LOG_LEVEL',
    'info',
    'debug, info, warn, error or silent',
    logLevel,
    emptyIsValue,
  ),
  accessLog: setting(
    'GATEHOUSE_ACCESS_LOG',
    'on',
    'one log line per request (on or off); probes are logged at debug',
    onOff,
    emptyIsValue,
  ),
  changePollMs: setting(
    'GATEHOUSE_CHANGE_POLL_MS',
    '250',
    'how often to pick up changes made by other processes',
    integer(20, 1000),
    emptyIsValue,
  ),
  readyStoreGraceSeconds: setting(
    'GATEHOUSE_READY_STORE_GRACE_SECONDS',
    '10',
    'how long the store may go unanswered before /readyz fails (cached clients still get tokens)',
    integer(1, 3600),
    emptyIsValue,
  ),
  metrics: setting(
    'GATEHOUSE_METRICS',
    'on',
    'Prometheus metrics at /metrics: on or off',
    onOff,
    emptyIsValue,
  ),
  metricsPort: setting(
    'GATEHOUSE_METRICS_PORT',
    undefined,
    'serve /metrics on this port only, apart from the public one (0 picks a free port); unset: on the main port',
    integer(0, 65_535),
  ),
  metricsHost: setting(
    'GATEHOUSE_METRICS_HOST',
    '127.0.0.1',
    'address of the metrics port; 0.0.0.0 for a scraper on another machine or pod',
    text,
    emptyIsValue,
  ),
  clientCacheSize: setting(
    'GATEHOUSE_CLIENT_CACHE_SIZE',
    '50000',
    'clients kept in memory per instance; others are read from the store when they ask',
    integer(1, 10_000_000),
    emptyIsValue,
  ),
  revokePerMinute: setting(
    'GATEHOUSE_REVOKE_PER_MINUTE',
    '60',
    'revocations a client may make per minute on each instance (429 past it); 0 for no limit',
    integer(0, 1_000_000),
    emptyIsValue,
  ),
  rateLimitInstances: setting(
    'GATEHOUSE_RATE_LIMIT_INSTANCES',
    '1',
    'instances sharing the per-client rate limits: without Redis, each enforces this share of every limit',
    integer(1, 10_000),
    emptyIsValue,
  ),
  redisUrl: setting(
    'GATEHOUSE_REDIS_URL',
    undefined,
    'Redis (redis:// or rediss://) for cluster-wide rate limits; unset: each instance counts its share',
    (raw) => {
      if (/^rediss?:\/\//.test(raw)) return raw;
      throw new ConfigError('GATEHOUSE_REDIS_URL must start with redis:// or rediss://');
    },
  ),
  redisKeyPrefix: setting(
    'GATEHOUSE_REDIS_KEY_PREFIX',
    'gatehouse:rl:',
    'prefix of the rate-limit keys in Redis, to share one Redis between deployments',
    text,
    emptyIsValue,
  ),
  redisTimeoutMs: setting(
    'GATEHOUSE_REDIS_TIMEOUT_MS',
    '50',
    'a rate-limit check Redis has not answered by then is decided locally, and Redis is probed until it answers',
    integer(5, 5000),
    emptyIsValue,
  ),
  revocationListMax: setting(
    'GATEHOUSE_REVOCATION_LIST_MAX',
    '100000',
    'most revoked token ids the list for verifiers holds; past it, revocations get 503',
    // About 64 bytes an entry: a million is what verifiers still fetch (they stop at 64 MiB).
    integer(100, 1_000_000),
    emptyIsValue,
  ),
};
