import { ConfigError } from './config-error.js';
import { checkMailPair } from './config-mail.js';
import { type Setting, SETTINGS } from './config-settings.js';
import type { LogLevel } from './log.js';

export { ConfigError } from './config-error.js';
export { parseIssuer } from './config-values.js';

/**
 * Every setting's value. Flags win over environment variables; both are checked once at start
 * (config-settings.ts says where each comes from and its default), and a bad value stops the
 * process with a message that names the setting and how to fix it.
 */
export interface Config {
  port: number;
  host: string;
  /** Processes `serve` runs on the port (node:cluster); 1 runs no cluster. */
  workers: number;
  /** Unset means the listening URL on localhost, which suits development only. */
  issuer: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  masterKey: string | undefined;
  logLevel: LogLevel;
  /** One info line per request (probes at debug); GATEHOUSE_ACCESS_LOG=off turns it off. */
  accessLog: boolean;
  changePollMs: number;
  /** How long the store may go unanswered before /readyz fails; cached clients keep getting tokens. */
  readyStoreGraceMs: number;
  /** Prometheus metrics: off, on the main port, or on a port of their own. */
  metrics: MetricsSettings;
  /** Clients each instance keeps in memory for the token path. */
  clientCacheSize: number;
  /** Revocations each client may make per minute on each instance; 0: no limit. */
  revokePerMinute: number;
  /** Most token ids the revocation list holds; past it, revocations are refused until entries expire. */
  revocationListMax: number;
  /** Rate limits: how many instances share them (local mode), and Redis for cluster-wide counting. */
  rateLimits: {
    instances: number;
    redisUrl: string | undefined;
    redisKeyPrefix: string;
    redisTimeoutMs: number;
  };
  allowHttpJwksUri: boolean;
  /** Token hooks: extra trusted CAs (PEM text), and calls in flight at once. */
  tokenHooks: { extraCa: string | undefined; concurrency: number };
  /** The region part of new user pool ids. */
  region: string;
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
  /** Both set: mail goes over SMTP. Neither: mail is written to `<dataDir>/outbox`. */
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
}

export interface MetricsSettings {
  enabled: boolean;
  /** Set: /metrics is served on this port only and the main port answers 404. 0 picks a free port. */
  port: number | undefined;
  host: string;
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
  workers?: string | undefined;
  data?: string | undefined;
  'database-url'?: string | undefined;
}

type Value<S> = S extends Setting<infer T, infer F> ? (F extends string ? T : T | undefined) : never;

/** One setting's value: its flag when given, else its variable, else its fallback. */
function read<S extends Setting<unknown>>(setting: S, flags: ConfigFlags, env: NodeJS.ProcessEnv): Value<S> {
  const flag = setting.flag?.name;
  const fromFlag = flag === undefined ? undefined : flags[flag.slice(2) as keyof ConfigFlags];
  if (flag !== undefined && fromFlag !== undefined) return setting.parse(fromFlag, flag) as Value<S>;
  const fromEnv = env[setting.env];
  const raw = fromEnv === '' && !setting.emptyIsValue ? undefined : fromEnv;
  if (raw !== undefined) return setting.parse(raw, setting.env) as Value<S>;
  return (
    setting.fallback === undefined ? undefined : setting.parse(setting.fallback, setting.env)
  ) as Value<S>;
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const get = <S extends Setting<unknown>>(setting: S): Value<S> => read(setting, flags, env);
  const lockMs = get(SETTINGS.loginLockSeconds) * 1000;
  const maxLockMs = get(SETTINGS.loginMaxLockSeconds) * 1000;
  const addressLockMs = get(SETTINGS.loginAddressLockSeconds) * 1000;
  if (maxLockMs < Math.max(lockMs, addressLockMs)) {
    throw new ConfigError(
      `${SETTINGS.loginMaxLockSeconds.env} must be at least ${SETTINGS.loginLockSeconds.env} and ${SETTINGS.loginAddressLockSeconds.env}`,
    );
  }
  const windowMs = get(SETTINGS.loginWindowSeconds) * 1000;
  const changePollMs = get(SETTINGS.changePollMs);
  const readyStoreGraceMs = get(SETTINGS.readyStoreGraceSeconds) * 1000;
  // Polls are the store's heartbeat: a grace of a poll or two would fail readiness on one slow query.
  if (readyStoreGraceMs < 4 * changePollMs) {
    throw new ConfigError(
      `${SETTINGS.readyStoreGraceSeconds.env} must be at least four ${SETTINGS.changePollMs.env} intervals (${Math.ceil((4 * changePollMs) / 1000)} s)`,
    );
  }
  const addressLimit = get(SETTINGS.loginAddressMaxFailures);
  const smtpUrl = get(SETTINGS.smtpUrl);
  const mailFrom = get(SETTINGS.mailFrom);
  checkMailPair(
    { env: SETTINGS.smtpUrl.env, value: smtpUrl },
    { env: SETTINGS.mailFrom.env, value: mailFrom },
  );
  return {
    port: get(SETTINGS.port),
    host: get(SETTINGS.host),
    workers: get(SETTINGS.workers),
    issuer: get(SETTINGS.issuer),
    dataDir: get(SETTINGS.dataDir),
    databaseUrl: get(SETTINGS.databaseUrl),
    masterKey: get(SETTINGS.masterKey),
    logLevel: get(SETTINGS.logLevel),
    accessLog: get(SETTINGS.accessLog),
    changePollMs,
    readyStoreGraceMs,
    metrics: {
      enabled: get(SETTINGS.metrics),
      port: get(SETTINGS.metricsPort),
      host: get(SETTINGS.metricsHost),
    },
    clientCacheSize: get(SETTINGS.clientCacheSize),
    revokePerMinute: get(SETTINGS.revokePerMinute),
    revocationListMax: get(SETTINGS.revocationListMax),
    rateLimits: {
      instances: get(SETTINGS.rateLimitInstances),
      redisUrl: get(SETTINGS.redisUrl),
      redisKeyPrefix: get(SETTINGS.redisKeyPrefix),
      redisTimeoutMs: get(SETTINGS.redisTimeoutMs),
    },
    allowHttpJwksUri: get(SETTINGS.allowHttpJwksUri),
    tokenHooks: { extraCa: get(SETTINGS.tokenHookCaFile), concurrency: get(SETTINGS.tokenHookConcurrency) },
    region: get(SETTINGS.region),
    adminEmail: get(SETTINGS.adminEmail),
    adminPassword: get(SETTINGS.adminPassword),
    localLogin: get(SETTINGS.localLogin),
    signIn: {
      account: { limit: get(SETTINGS.loginMaxFailures), lockMs, maxLockMs, windowMs },
      address:
        addressLimit === 0 ? undefined : { limit: addressLimit, lockMs: addressLockMs, maxLockMs, windowMs },
      refusalDelayMs: get(SETTINGS.loginRefusalDelayMs),
    },
    passwordHashing: {
      concurrency: get(SETTINGS.passwordHashConcurrency),
      queue: get(SETTINGS.passwordHashQueue),
    },
    clientAuth: {
      perClient: get(SETTINGS.clientAuthMaxFailures),
      perAddress: get(SETTINGS.clientAuthAddressMaxFailures),
      windowMs: get(SETTINGS.clientAuthWindowSeconds) * 1000,
    },
    smtpUrl,
    mailFrom,
    ssoEnv: Object.fromEntries(
      Object.entries(env).filter(
        ([key]) => key.startsWith('GATEHOUSE_SSO_') || key === SETTINGS.localLogin.env,
      ),
    ),
  };
}

/** The issuer a server with this configuration announces once it listens on `port`. */
export function effectiveIssuer(config: Config, port: number = config.port): string {
  return config.issuer ?? `http://localhost:${port}`;
}
