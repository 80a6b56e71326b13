import { type FailedAssertion, VerifyError, type VerifyErrorCode } from './errors.js';

/**
 * One refusal, as logged: what failed and for whom, never the token or any header value.
 *
 * @example
 * ```ts
 * import type { RefusalLine } from '@gatehouse/verify';
 *
 * const line: RefusalLine = {
 *   msg: 'token refused',
 *   event: 'token_refused',
 *   code: 'ERR_AUDIENCE_MISMATCH',
 *   status: 401,
 *   failedAssertion: { claim: 'aud', actual: 'billing', expected: 'orders' },
 *   clientId: 'delivery-service',
 *   method: 'GET',
 *   path: '/orders',
 *   adapter: 'express',
 * };
 * ```
 */
export interface RefusalLine {
  /** `token refused` (401/403) or `verifier unavailable` (503, and 500 on Lambda). */
  msg: string;
  /** `token_refused` for 401/403; `verifier_unavailable` for keys, revocation, misconfiguration, the unexpected. */
  event: 'token_refused' | 'verifier_unavailable';
  code: VerifyErrorCode | 'ERR_UNEXPECTED';
  /** What the caller got (Lambda: 401, 403 or 500). */
  status: number;
  /** As the error carries it, with long strings cut and big arrays or objects trimmed. */
  failedAssertion?: FailedAssertion;
  /** Only when the token's signature checked out (`VerifyError.clientId`). */
  clientId?: string;
  /** For 401/403: the `VerifyError`'s message (messages never hold the token), e.g. which JWT part is malformed. */
  reason?: string;
  /** For 5xx: the error's message and its cause chain, e.g. the issuer trailing-slash hint. */
  cause?: string;
  method?: string;
  /** The request path, without the query string. */
  path?: string;
  adapter: 'express' | 'fastify' | 'http' | 'lambda' | 'gateway';
  /** What the application's `onError` threw while observing this refusal (the answer went out anyway). */
  onErrorFailed?: string;
}

/**
 * Where refusal lines go. pino, bunyan and `defaultRefusalLogger` all take one object with
 * `msg`, so `logger: pino()` (or Fastify's `app.log`) works as is.
 *
 * @example
 * ```ts
 * import type { RefusalLogger } from '@gatehouse/verify';
 *
 * const refusals: RefusalLogger = {
 *   warn: (line) => console.log('refused', line.code, line.clientId ?? '-', line.path),
 *   error: (line) => console.error('verifier unavailable', line.cause),
 * };
 * ```
 */
export interface RefusalLogger {
  /** 401 and 403. */
  warn(line: RefusalLine): void;
  /** 503 (and Lambda's 500): keys or revocation list unavailable, misconfiguration, unexpected errors. */
  error(line: RefusalLine): void;
}

/**
 * The default: one JSON line per refusal, `{"time","level",...line}`, through `console.warn`
 * (401/403) or `console.error` (5xx).
 *
 * @example
 * ```ts
 * import { defaultRefusalLogger, type RefusalLogger } from '@gatehouse/verify';
 *
 * // Keep the default lines, and count refusals too.
 * let refused = 0;
 * const counting: RefusalLogger = {
 *   warn: (line) => {
 *     refused += 1;
 *     defaultRefusalLogger.warn(line);
 *   },
 *   error: (line) => defaultRefusalLogger.error(line),
 * };
 * ```
 */
export const defaultRefusalLogger: RefusalLogger = Object.freeze({
  warn(line: RefusalLine): void {
    console.warn(JSON.stringify({ time: new Date().toISOString(), level: 'warn', ...line }));
  },
  error(line: RefusalLine): void {
    console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', ...line }));
  },
});

/** Lines stay cheap and bounded whatever a token claimed. */
const MAX_STRING = 200;
const MAX_ITEMS = 20;
const MAX_DEPTH = 3;
const MAX_CAUSE = 1000;

function cut(value: string, max = MAX_STRING): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

function bounded(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cut(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => bounded(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (count++ === MAX_ITEMS) {
      out['…'] = 'more keys';
      break;
    }
    out[cut(key)] = bounded((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

/** The message and its cause chain, each link once (a wrapper often repeats its cause's text). */
export function describeCause(error: unknown): string {
  let text = '';
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (message !== '' && !text.includes(message)) text = text === '' ? message : `${text}: ${message}`;
    current = current instanceof Error ? current.cause : undefined;
  }
  return cut(text, MAX_CAUSE);
}

/**
 * The line to log for a refusal: `error` as caught (a `VerifyError`, or anything unexpected),
 * the `status` the caller got, the adapter, and the request's method and path (any query
 * string is dropped here). Holds no token and no header value.
 *
 * @example
 * ```ts
 * import { defaultRefusalLogger, refusalLine, VerifyError } from '@gatehouse/verify';
 *
 * const error = new VerifyError('ERR_TOKEN_EXPIRED', 'the token has expired');
 * defaultRefusalLogger.warn(refusalLine(error, 401, 'http', { method: 'GET', path: '/orders?page=2' }));
 * // {"time":"…","level":"warn","msg":"token refused","event":"token_refused","code":"ERR_TOKEN_EXPIRED",…,"path":"/orders"}
 * ```
 */
export function refusalLine(
  error: unknown,
  status: number,
  adapter: RefusalLine['adapter'],
  request?: { method?: string; path?: string },
): RefusalLine {
  const unavailable = status >= 500;
  const known = error instanceof VerifyError ? error : undefined;
  const line: RefusalLine = {
    msg: unavailable ? 'verifier unavailable' : 'token refused',
    event: unavailable ? 'verifier_unavailable' : 'token_refused',
    code: known?.code ?? 'ERR_UNEXPECTED',
    status,
    adapter,
  };
  const assertion = known?.failedAssertion;
  if (assertion !== undefined) {
    line.failedAssertion = {
      claim: cut(String(assertion.claim)),
      actual: bounded(assertion.actual),
      expected: bounded(assertion.expected),
    };
  }
  if (known?.clientId !== undefined) line.clientId = cut(known.clientId);
  if (unavailable || known === undefined) line.cause = describeCause(error);
  else line.reason = cut(known.message);
  if (request?.method !== undefined) line.method = cut(request.method, 20);
  if (request?.path !== undefined) line.path = cut(withoutQuery(request.path));
  return line;
}

function withoutQuery(path: string): string {
  const end = path.search(/[?#]/);
  return end === -1 ? path : path.slice(0, end);
}

/**
 * What every adapter's options gain: a hook to see each refusal, and where its line goes.
 *
 * @example
 * ```ts
 * import { type RefusalOptions, VerifyError } from '@gatehouse/verify';
 * import type { IncomingMessage } from 'node:http';
 *
 * const options: RefusalOptions<IncomingMessage> = {
 *   onError: (error, req) => {
 *     if (error instanceof VerifyError && error.code === 'ERR_AUDIENCE_MISMATCH') {
 *       console.warn(`${req.url}: token meant for`, error.failedAssertion?.actual);
 *     }
 *   },
 *   logger: false,
 * };
 * ```
 */
export interface RefusalOptions<Req> {
  /**
   * Called once per refusal (401, 403, 503), before the answer is sent, with the `VerifyError`
   * (or the unexpected `Error`). It observes only: what it throws is logged, never sent.
   */
  onError?: (error: VerifyError | Error, request: Req) => void;
  /**
   * Where refusal lines go; `false` for none (a throwing `onError` is still reported, through
   * `defaultRefusalLogger`). Default `defaultRefusalLogger`.
   */
  logger?: RefusalLogger | false;
}

/** Options checked once, when the middleware is made. */
export function checkRefusalOptions(name: string, options: RefusalOptions<never>): void {
  const { onError, logger } = options;
  if (onError !== undefined && typeof onError !== 'function') {
    throw new TypeError(`${name}: onError must be a function (error, request) => void`);
  }
  if (
    logger !== undefined &&
    logger !== false &&
    (typeof logger?.warn !== 'function' || typeof logger.error !== 'function')
  ) {
    throw new TypeError(`${name}: logger must have warn(line) and error(line) methods, or be false`);
  }
}

/** Anything thrown becomes an Error, so hooks and handlers always get one. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(`non-error thrown: ${cut(String(thrown))}`);
}

/**
 * Reports one refusal: `onError` first (its failure caught), then one line. Never throws,
 * so what the caller is answered cannot change.
 */
export function reportRefusal<Req>(
  options: RefusalOptions<Req>,
  error: unknown,
  status: number,
  adapter: RefusalLine['adapter'],
  request: Req,
  where: { method?: string; path?: string },
): void {
  let hookFailure: unknown;
  let hookFailed = false;
  if (options.onError !== undefined) {
    try {
      options.onError(asError(error), request);
    } catch (thrown) {
      hookFailed = true;
      hookFailure = thrown;
    }
  }
  const logger = options.logger ?? defaultRefusalLogger;
  if (logger === false && !hookFailed) return;
  try {
    const line = refusalLine(error, status, adapter, where);
    if (hookFailed) line.onErrorFailed = describeCause(hookFailure);
    const to = logger === false ? defaultRefusalLogger : logger;
    if (status >= 500 || hookFailed) to.error(line);
    else to.warn(line);
  } catch {
    // A logger that throws must not turn a refusal into a crash or a different answer.
  }
}
