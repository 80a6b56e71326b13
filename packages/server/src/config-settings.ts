import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import {
  bool,
  integer,
  logLevel,
  onOff,
  type Parse,
  parseIssuer,
  pemCertificatesFile,
  region,
  text,
} from './config-values.js';
import { mailFrom, smtpUrl } from './config-mail.js';

/** A setting as help shows it: its flag (if any), its environment variable, its default and meaning. */
export interface SettingHelp {
  /** The flag that wins over the variable, with its own short wording for the command's flag list. */
  readonly flag?: { readonly name: `--${string}`; readonly help: string };
  readonly env: string;
  /** The default in words; `(none)` when unset means off or absent. */
  readonly shown: string;
  readonly help: string;
}

/** A setting config.ts reads: help plus what an unset value stands for and how to check a value. */
export interface Setting<T, Fallback extends string | undefined = string | undefined> extends SettingHelp {
  /** What an unset setting stands for, written as a person would set it. */
  readonly fallback: Fallback;
  readonly parse: Parse<T>;
  /** Most settings take an empty variable as unset; these take it as given, and so refuse it. */
  readonly emptyIsValue: boolean;
}

const NONE = '(none)';

/** Beyond this many cores, more processes mostly add caches and store connections (bench/README.md). */
const DEFAULT_WORKERS_MAX = 8;
/** More workers than this is a mistake rather than a sizing decision. */
const MAX_WORKERS = 64;

/** One worker per core the process may use, at most DEFAULT_WORKERS_MAX. */
function defaultWorkers(): number {
  return Math.max(1, Math.min(DEFAULT_WORKERS_MAX, availableParallelism()));
}

interface Extra {
  flag?: SettingHelp['flag'];
  shown?: string;
  emptyIsValue?: boolean;
}

function setting<T, F extends string | undefined>(
  env: string,
  fallback: F,
  help: string,
  parse: Parse<T>,
  extra: Extra = {},
): Setting<T, F> {
  const { flag, shown = fallback ?? NONE, emptyIsValue = false } = extra;
  return { ...(flag ? { flag } : {}), env, shown, help, fallback, parse, emptyIsValue };
}

const readBySso = (env: string, help: string, shown = NONE): SettingHelp => ({ env, shown, help });

const flag = (name: `--${string}`, help: string) => ({ flag: { name, help } });
const emptyIsValue = { emptyIsValue: true };

/**
 * Every setting the server reads, in the order help lists them. config.ts loads and checks them
 * from here, and `gatehouse --help`, `serve --help` and the global flags describe them from here.
 */
export const SETTINGS = {
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
  region: setting(
    'GATEHOUSE_REGION',
    'local',
    'region in user pool ids (<region>_AbC123xyz), e.g. eu-west-1; kept by existing pools',
    region,
    emptyIsValue,
  ),
  adminEmail: setting(
    'GATEHOUSE_ADMIN_EMAIL',
    undefined,
    'first platform admin, created on first start with the password below',
    text,
  ),
  adminPassword: setting(
    'GATEHOUSE_ADMIN_PASSWORD',
    undefined,
    "that admin's password (at least 12 characters)",
    text,
  ),
  localLogin: setting(
    'GATEHOUSE_LOCAL_LOGIN',
    'true',
    'false turns off email-and-password sign-in when SSO is on',
    bool,
  ),
  // Read by the single sign-on settings parser once the issuer (and so the callback URL) is known.
  ssoIssuer: readBySso('GATEHOUSE_SSO_ISSUER', 'OpenID Connect issuer of the company identity provider'),
  ssoClientId: readBySso('GATEHOUSE_SSO_CLIENT_ID', "Gatehouse's client id at the identity provider"),
  ssoClientSecret: readBySso(
    'GATEHOUSE_SSO_CLIENT_SECRET',
    "Gatehouse's client secret at the identity provider",
  ),
  ssoGroupsClaim: readBySso(
    'GATEHOUSE_SSO_GROUPS_CLAIM',
    'ID token claim listing the groups a person is in',
    'groups',
  ),
  ssoAdminGroups: readBySso('GATEHOUSE_SSO_ADMIN_GROUPS', 'comma list of groups that make platform admins'),
  ssoTeamGroups: readBySso(
    'GATEHOUSE_SSO_TEAM_GROUPS',
    'group=team[:owner|:member],… maps groups to team membership',
  ),
  loginMaxFailures: setting(
    'GATEHOUSE_LOGIN_MAX_FAILURES',
    '5',
    'password checks per account before it locks',
    integer(1, 1000),
  ),
  loginLockSeconds: setting(
    'GATEHOUSE_LOGIN_LOCK_SECONDS',
    '30',
    'first account lock; doubles with each further failure',
    integer(1, 86_400),
  ),
  loginMaxLockSeconds: setting(
    'GATEHOUSE_LOGIN_MAX_LOCK_SECONDS',
    '900',
    'longest lock, for accounts and addresses',
    integer(1, 7 * 86_400),
  ),
  loginAddressMaxFailures: setting(
    'GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES',
    '20',
    'failed sign-ins from one client address before it backs off; 0 turns this off',
    integer(0, 1_000_000),
  ),
  loginAddressLockSeconds: setting(
    'GATEHOUSE_LOGIN_ADDRESS_LOCK_SECONDS',
    '1',
    'first address backoff; doubles with each failure',
    integer(1, 86_400),
  ),
  loginWindowSeconds: setting(
    'GATEHOUSE_LOGIN_WINDOW_SECONDS',
    '3600',
    'quiet time after which failure counts start over',
    integer(60, 30 * 86_400),
  ),
  loginRefusalDelayMs: setting(
    'GATEHOUSE_LOGIN_REFUSAL_DELAY_MS',
    '250',
    'how long a refused sign-in (locked, busy) waits for its answer; bounds floods',
    integer(0, 5000),
  ),
  passwordHashConcurrency: setting(
    'GATEHOUSE_PASSWORD_HASH_CONCURRENCY',
    '1',
    'password hashes running at once per instance',
    integer(1, 64),
  ),
  passwordHashQueue: setting(
    'GATEHOUSE_PASSWORD_HASH_QUEUE',
    '4',
    'sign-ins that may wait for a hash; more get 429',
    integer(0, 1000),
  ),
  clientAuthMaxFailures: setting(
    'GATEHOUSE_CLIENT_AUTH_MAX_FAILURES',
    '100',
    'failed client authentications per client_id per window before they get 429',
    integer(1, 1_000_000),
  ),
  clientAuthAddressMaxFailures: setting(
    'GATEHOUSE_CLIENT_AUTH_ADDRESS_MAX_FAILURES',
    '300',
    'failed client authentications per address per window before it gets 429',
    integer(1, 1_000_000),
  ),
  clientAuthWindowSeconds: setting(
    'GATEHOUSE_CLIENT_AUTH_WINDOW_SECONDS',
    '60',
    'window of the two client limits above',
    integer(1, 86_400),
  ),
  smtpUrl: setting(
    'GATEHOUSE_SMTP_URL',
    undefined,
    'mail server for user-pool mail, smtp[s]://user:password@host:port; unset: .eml files in <data dir>/outbox',
    smtpUrl,
  ),
  mailFrom: setting(
    'GATEHOUSE_MAIL_FROM',
    undefined,
    'sender of user-pool mail, e.g. "Example <no-reply@example.com>"; required with GATEHOUSE_SMTP_URL',
    mailFrom,
  ),
  allowHttpJwksUri: setting(
    'GATEHOUSE_ALLOW_HTTP_JWKS_URI',
    'false',
    'allow http:// jwks_uri for private_key_jwt clients (testing only)',
    bool,
    emptyIsValue,
  ),
  tokenHookCaFile: setting(
    'GATEHOUSE_TOKEN_HOOK_CA_FILE',
    undefined,
    'PEM file of CA certificates trusted for token hooks, beside the system ones (a private CA)',
    pemCertificatesFile,
  ),
  tokenHookConcurrency: setting(
    'GATEHOUSE_TOKEN_HOOK_CONCURRENCY',
    '64',
    'token hook calls in flight at once per process; as many more may wait, then tokens fail as the hook does',
    integer(1, 4096),
  ),
};

/** The help table of `gatehouse --help`: flag, variable, default, meaning. */
export function settingsTable(): string[][] {
  return Object.values(SETTINGS).map((s: SettingHelp) => [s.flag?.name ?? '-', s.env, s.shown, s.help]);
}

/** A flag's description in a command's flag list: its meaning, then its variable and default. */
export function flagDescription(setting: SettingHelp): string {
  const help = setting.flag?.help ?? setting.help;
  return `${help} (env ${setting.env}${setting.shown === NONE ? '' : `, default ${setting.shown}`})`;
}
