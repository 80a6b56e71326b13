import { resolve } from 'node:path';
import type { LogLevel } from './log.js';

/**
 * Every setting, where it comes from, and its default. Flags win over environment variables;
 * both are checked once at start, and a bad value stops the process with a message that names
 * the setting and how to fix it.
 */
export interface Config {
  port: number;
  host: string;
  /** Unset means the listening URL on localhost, which suits development only. */
  issuer: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  masterKey: string | undefined;
  logLevel: LogLevel;
  changePollMs: number;
  /** Clients each instance keeps in memory for the token path. */
  clientCacheSize: number;
  /** Revocations each client may make per minute on each instance; 0: no limit. */
  revokePerMinute: number;
  /** Most token ids the revocation list holds; past it, revocations are refused until entries expire. */
  revocationListMax: number;
  allowHttpJwksUri: boolean;
  /** The first platform admin, created on first start when both are set. */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** False turns off email-and-password sign-in (single sign-on must then be configured). */
  localLogin: boolean;
  /** GATEHOUSE_SSO_* settings, read once the issuer (and so the callback URL) is known. */
  ssoEnv: Readonly<Record<string, string | undefined>>;
  /** Portal sign-in lockout and backoff, counted in the store so every instance shares them. */
  signIn: SignInLimits;
  /** Password hashing per instance: how many at once, how many may wait. */
  passwordHashing: { concurrency: number; queue: number };
  /** Failed client authentication at the token, introspection and revocation endpoints, per instance. */
  clientAuth: ClientAuthLimits;
}

/** One counter's rule: `limit` attempts, then a lock of `lockMs` that doubles up to `maxLockMs`. */
export interface AttemptPolicy {
  limit: number;
  lockMs: number;
  maxLockMs: number;
  /** A counter untouched this long after its last attempt (or lock) starts over. */
  windowMs: number;
}

export interface SignInLimits {
  account: AttemptPolicy;
  /** Undefined when GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES is 0. */
  address: AttemptPolicy | undefined;
  /** Sign-ins and setups refused without work (locked, busy, set up) are answered after this long. */
  refusalDelayMs: number;
}

export interface ClientAuthLimits {
  perClient: number;
  perAddress: number;
  windowMs: number;
}

export interface ConfigFlags {
  port?: string | undefined;
  host?: string | undefined;
  issuer?: string | undefined;
  data?: string | undefined;
  'database-url'?: string | undefined;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function bool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  return raw === 'true';
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** RFC 8414 §2: an https URL without query or fragment; plain http only on this machine, for development. */
export function parseIssuer(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL such as https://auth.example.com, got "${raw}"`);
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    throw new ConfigError(`${name} must not have a query or fragment, got "${raw}"`);
  }
  if (url.username || url.password) throw new ConfigError(`${name} must not contain credentials`);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new ConfigError(
      `${name} must use https (plain http is allowed only for localhost during development), got "${raw}"`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const pick = (flag: string | undefined, key: string): string | undefined =>
    flag !== undefined ? flag : env[key] !== undefined && env[key] !== '' ? env[key] : undefined;

  const portRaw = pick(flags.port, 'GATEHOUSE_PORT') ?? '4455';
  const port = integer(flags.port !== undefined ? '--port' : 'GATEHOUSE_PORT', portRaw, 0, 65_535);
  const host = pick(flags.host, 'GATEHOUSE_HOST') ?? '127.0.0.1';
  const issuerRaw = pick(flags.issuer, 'GATEHOUSE_ISSUER');
  const issuer = issuerRaw
    ? parseIssuer(issuerRaw, flags.issuer !== undefined ? '--issuer' : 'GATEHOUSE_ISSUER')
    : undefined;
  const dataDir = resolve(pick(flags.data, 'GATEHOUSE_DATA_DIR') ?? './data');
  const databaseUrl = pick(flags['database-url'], 'GATEHOUSE_DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      '--database-url / GATEHOUSE_DATABASE_URL must start with postgres:// or postgresql://',
    );
  }
  const logLevel = (env.GATEHOUSE_LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`GATEHOUSE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const changePollMs = integer('GATEHOUSE_CHANGE_POLL_MS', env.GATEHOUSE_CHANGE_POLL_MS ?? '250', 20, 1000);
  const clientCacheSize = integer(
    'GATEHOUSE_CLIENT_CACHE_SIZE',
    env.GATEHOUSE_CLIENT_CACHE_SIZE ?? '50000',
    1,
    10_000_000,
  );
  const revokePerMinute = integer(
    'GATEHOUSE_REVOKE_PER_MINUTE',
    env.GATEHOUSE_REVOKE_PER_MINUTE ?? '60',
    0,
    1_000_000,
  );
  const revocationListMax = integer(
    'GATEHOUSE_REVOCATION_LIST_MAX',
    env.GATEHOUSE_REVOCATION_LIST_MAX ?? '100000',
    100,
    // About 64 bytes an entry: a million is what verifiers still fetch (they stop at 64 MiB).
    1_000_000,
  );
  const num = (name: string, fallback: string, min: number, max: number) =>
    integer(name, env[name] || fallback, min, max);
  const lockMs = num('GATEHOUSE_LOGIN_LOCK_SECONDS', '30', 1, 86_400) * 1000;
  const maxLockMs = num('GATEHOUSE_LOGIN_MAX_LOCK_SECONDS', '900', 1, 7 * 86_400) * 1000;
  const addressLockMs = num('GATEHOUSE_LOGIN_ADDRESS_LOCK_SECONDS', '1', 1, 86_400) * 1000;
  if (maxLockMs < Math.max(lockMs, addressLockMs)) {
    throw new ConfigError(
      'GATEHOUSE_LOGIN_MAX_LOCK_SECONDS must be at least GATEHOUSE_LOGIN_LOCK_SECONDS and GATEHOUSE_LOGIN_ADDRESS_LOCK_SECONDS',
    );
  }
  const windowMs = num('GATEHOUSE_LOGIN_WINDOW_SECONDS', '3600', 60, 30 * 86_400) * 1000;
  const addressLimit = num('GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES', '20', 0, 1_000_000);
  const signIn: SignInLimits = {
    account: { limit: num('GATEHOUSE_LOGIN_MAX_FAILURES', '5', 1, 1000), lockMs, maxLockMs, windowMs },
    address:
      addressLimit === 0 ? undefined : { limit: addressLimit, lockMs: addressLockMs, maxLockMs, windowMs },
    refusalDelayMs: num('GATEHOUSE_LOGIN_REFUSAL_DELAY_MS', '250', 0, 5000),
  };
  const clientAuth: ClientAuthLimits = {
    perClient: num('GATEHOUSE_CLIENT_AUTH_MAX_FAILURES', '100', 1, 1_000_000),
    perAddress: num('GATEHOUSE_CLIENT_AUTH_ADDRESS_MAX_FAILURES', '300', 1, 1_000_000),
    windowMs: num('GATEHOUSE_CLIENT_AUTH_WINDOW_SECONDS', '60', 1, 86_400) * 1000,
  };
  const passwordHashing = {
    concurrency: num('GATEHOUSE_PASSWORD_HASH_CONCURRENCY', '1', 1, 64),
    queue: num('GATEHOUSE_PASSWORD_HASH_QUEUE', '4', 0, 1000),
  };
  const allowRaw = env.GATEHOUSE_ALLOW_HTTP_JWKS_URI ?? 'false';
  if (allowRaw !== 'true' && allowRaw !== 'false') {
    throw new ConfigError(`GATEHOUSE_ALLOW_HTTP_JWKS_URI must be true or false, got "${allowRaw}"`);
  }
  return {
    port,
    host,
    issuer,
    dataDir,
    databaseUrl,
    masterKey: env.GATEHOUSE_MASTER_KEY || undefined,
    logLevel,
    changePollMs,
    clientCacheSize,
    revokePerMinute,
    revocationListMax,
    allowHttpJwksUri: allowRaw === 'true',
    adminEmail: env.GATEHOUSE_ADMIN_EMAIL || undefined,
    adminPassword: env.GATEHOUSE_ADMIN_PASSWORD || undefined,
    localLogin: bool('GATEHOUSE_LOCAL_LOGIN', env.GATEHOUSE_LOCAL_LOGIN, true),
    signIn,
    passwordHashing,
    clientAuth,
    ssoEnv: Object.fromEntries(
      Object.entries(env).filter(
        ([key]) => key.startsWith('GATEHOUSE_SSO_') || key === 'GATEHOUSE_LOCAL_LOGIN',
      ),
    ),
  };
}

/** The issuer a server with this configuration announces once it listens on `port`. */
export function effectiveIssuer(config: Config, port: number = config.port): string {
  return config.issuer ?? `http://localhost:${port}`;
}
