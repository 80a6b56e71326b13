import { Counter, Histogram, type Registry } from 'prom-client';
import { HttpError } from '../http/errors.js';
import { StoreUnavailableError } from '../services/errors.js';
import { StoreUnreachable } from '../services/store-errors.js';

/** Every grant type either token endpoint knows; anything else a caller names counts as `unknown`. */
const GRANTS = ['client_credentials', 'authorization_code', 'refresh_token', 'unknown'] as const;

/**
 * The error codes the token endpoints answer with. A code outside this list (none today) counts
 * as `other`, so the label set stays fixed whatever an error class says.
 */
const ERROR_CODES = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
  'slow_down',
  'temporarily_unavailable',
  'access_denied',
  'method_not_allowed',
  'server_error',
  'other',
] as const;

/** Sub-millisecond (a warm client_credentials grant) up to the seconds of a store that hangs. */
export const TOKEN_LATENCY_BUCKETS = [
  0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
] as const;

interface Child {
  inc(): void;
}
interface Timer {
  observe(value: number): void;
}

/** What the token endpoints report: one call per request, after its answer is decided. */
export interface TokenMetrics {
  /** `started` is performance.now() at the start of the request. */
  issued(grantType: string | undefined, started: number): void;
  failed(grantType: string | undefined, error: unknown, started: number): void;
}

export const noopTokenMetrics: TokenMetrics = {
  issued() {},
  failed() {},
};

/** The wire code an error is answered with, from the fixed list. */
export function errorCodeOf(error: unknown): (typeof ERROR_CODES)[number] {
  if (error instanceof HttpError) {
    const code = ERROR_CODES.find((c) => c === error.error);
    return code ?? 'other';
  }
  if (error instanceof StoreUnreachable || error instanceof StoreUnavailableError)
    return 'temporarily_unavailable';
  return 'server_error';
}

/**
 * Token requests by grant, result and error code, and their latency by grant. Every label
 * combination is bound once, here, so a request costs a map lookup and prom-client's own
 * inc/observe, never a label lookup by name.
 */
export class PromTokenMetrics implements TokenMetrics {
  private readonly ok = new Map<string, Child>();
  /** grant → error code → child. */
  private readonly errors = new Map<string, Map<string, Child>>();
  private readonly latency = new Map<string, Timer>();
  private readonly unknown: { ok: Child; latency: Timer; errors: Map<string, Child> };

  constructor(registry: Registry) {
    const requests = new Counter({
      name: 'gatehouse_token_requests_total',
      help: 'Token requests by grant type, result (ok|error) and OAuth error code (none when ok)',
      labelNames: ['grant', 'result', 'error'] as const,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'gatehouse_token_request_duration_seconds',
      help: 'Time from the start of a token request to its answer, by grant type',
      labelNames: ['grant'] as const,
      buckets: [...TOKEN_LATENCY_BUCKETS],
      registers: [registry],
    });
    for (const grant of GRANTS) {
      // Known grants start at zero, so ratios and rates have a series from the first scrape.
      if (grant !== 'unknown') {
        requests.inc({ grant, result: 'ok', error: 'none' }, 0);
        duration.zero({ grant });
      }
      this.ok.set(grant, requests.labels(grant, 'ok', 'none'));
      const byCode = new Map<string, Child>();
      for (const code of ERROR_CODES) byCode.set(code, requests.labels(grant, 'error', code));
      this.errors.set(grant, byCode);
      this.latency.set(grant, duration.labels(grant));
    }
    this.unknown = {
      ok: this.ok.get('unknown') as Child,
      latency: this.latency.get('unknown') as Timer,
      errors: this.errors.get('unknown') as Map<string, Child>,
    };
  }

  issued(grantType: string | undefined, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    const grant = grantType ?? 'unknown';
    (this.ok.get(grant) ?? this.unknown.ok).inc();
    (this.latency.get(grant) ?? this.unknown.latency).observe(seconds);
  }

  failed(grantType: string | undefined, error: unknown, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    const grant = grantType ?? 'unknown';
    const byCode = this.errors.get(grant) ?? this.unknown.errors;
    (byCode.get(errorCodeOf(error)) as Child).inc();
    (this.latency.get(grant) ?? this.unknown.latency).observe(seconds);
  }
}
